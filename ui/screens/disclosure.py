"""政务公开: the sections, the notices a page at a time, search by keyword chips or pinyin initials, a notice or a
table to read (whole lines, paged), and print (shown only while the printer can print). With the hall away the
kept copy's day shows above every page."""

from __future__ import annotations

from common.hallapi.disclosure import NoticeOut
from kiosk.flows.disclosure import DisclosureFlow, DisclosureView
from kiosk.flows.disclosure_words import (
    FILINGS_NOTE,
    FREE_NOTE,
    IN_CHINESE,
    NOTHING,
    SECTION_HINTS,
    SECTION_WORDS,
    Section,
)
from ui.context import UiContext
from ui.i18n import translate
from ui.screens.base import FlowScreen
from ui.screens.disclosure_read import DisclosureReader, notice_meta, notice_rows
from ui.screens.panels import RetryPanel, WaitPanel
from ui.widgets.basics import button, frame, label, set_text, show_text
from ui.widgets.grid import ButtonGrid
from ui.widgets.keys import LetterKeyboard
from ui.widgets.pager import Pager, ReaderBar


def notice_text(notice: NoticeOut) -> str:
    pinned = translate("Disclosure", "【置顶】") if notice.pinned else ""
    number = f" · {notice.number}" if notice.number else ""
    return f"{pinned}{notice.title}\n{notice.issuer}{number} · {notice.date.isoformat()}"


class DisclosureScreen(FlowScreen[DisclosureFlow]):
    flow_type = DisclosureFlow

    def __init__(self, ui: UiContext) -> None:
        super().__init__(ui)
        act = ui.act
        self.wait = WaitPanel(self.page(DisclosureView.LOADING))
        self.paused = RetryPanel(self.page(DisclosureView.PAUSED), lambda: act(self._flow().retry), ui.home)
        self.stale = label("message")
        self.column.insertWidget(1, self.stale)
        column = self.page(DisclosureView.SECTIONS)
        self.sections = ButtonGrid("choice", self._section, columns=1)
        column.addWidget(self.sections)
        column.addStretch(1)
        self._build_list()
        self._build_search()
        self._build_reader()

    def _build_list(self) -> None:
        act = self.ui.act
        column = self.page(DisclosureView.LIST)
        self.search_button = button("secondary", lambda: act(lambda: self._flow().open_search()))
        column.addWidget(self.search_button)
        self.items = ButtonGrid("choice", self._item, data=True)
        column.addWidget(self.items)
        self.empty = label("muted")
        column.addWidget(self.empty)
        column.addStretch(1)
        self.pager = Pager(
            lambda: act(lambda: self._flow().previous_page()), lambda: act(lambda: self._flow().next_page())
        )
        column.addLayout(self.pager.row)

    def _build_search(self) -> None:
        act = self.ui.act
        column = self.page(DisclosureView.SEARCH)
        query_card, query = frame("card", vertical=False, margins=24)
        self.query = label("title", data=True, wrap=False)
        self.query_hint = label("muted")
        self.clear = button("secondary", lambda: act(lambda: self._flow().clear_search()))
        query.addWidget(self.query)
        query.addWidget(self.query_hint, 1)
        query.addWidget(self.clear)
        column.addWidget(query_card)
        self.chips = ButtonGrid("chip", self._chip, columns=4, data=True, spacing=14)
        column.addWidget(self.chips)
        self.keyboard = LetterKeyboard(
            lambda letter: act(lambda: self._flow().type_letter(letter)), lambda: act(lambda: self._flow().erase())
        )
        column.addWidget(self.keyboard)
        self.results = ButtonGrid("choice", self._result, data=True)
        column.addWidget(self.results)
        self.no_results = label("muted")
        column.addWidget(self.no_results)
        column.addStretch(1)

    def _build_reader(self) -> None:
        act = self.ui.act
        column = self.page(DisclosureView.NOTICE, DisclosureView.TABLE)
        self.reader = DisclosureReader()
        column.addWidget(self.reader, 1)
        self.print_message = label("good")
        column.addWidget(self.print_message)
        self.bar = ReaderBar(self.reader.page, lambda: act(self._flow().print_notice))
        self.print_button = self.bar.print_button
        column.addLayout(self.bar.row)

    def _flow(self) -> DisclosureFlow:
        flow = self.flow
        assert flow is not None
        return flow

    def _section(self, index: int) -> None:
        sections = self._flow().sections()
        if index < len(sections):
            self.ui.act(lambda: self._flow().open_section(sections[index]))

    def _item(self, index: int) -> None:
        shown = self._flow().page_items()
        if index < len(shown):
            self.ui.act(lambda: self._flow().open_notice(shown[index].id))

    def _chip(self, index: int) -> None:
        words = self._flow().hot_words()
        if index < len(words):
            self.ui.act(lambda: self._flow().search_word(words[index]))

    def _result(self, index: int) -> None:
        found = self._flow().results()
        if index < len(found):
            self.ui.act(lambda: self._flow().open_notice(found[index].id))

    def render_flow(self, flow: DisclosureFlow) -> None:
        ui = self.ui
        flow.page_size = ui.theme.list_page_size
        self.show_step(flow.view)
        set_text(self.title, ui.words(flow.title))
        show_text(self.stale, ui.words(flow.stale))
        if flow.view is DisclosureView.LOADING:
            self.wait.render(translate("Disclosure", "正在加载政务公开内容…"))
        elif flow.view is DisclosureView.PAUSED:
            self.paused.render(ui, ui.words(flow.message))
        elif flow.view is DisclosureView.SECTIONS:
            self.sections.show_items([f"{ui.words(SECTION_WORDS[s])}\n{ui.words(SECTION_HINTS[s])}" for s in Section])
        elif flow.view is DisclosureView.LIST:
            self._render_list(flow)
        elif flow.view is DisclosureView.SEARCH:
            self._render_search(flow)
        else:
            self._render_reader(flow)

    def _render_list(self, flow: DisclosureFlow) -> None:
        set_text(self.search_button, translate("Disclosure", "搜索：关键词或拼音首字母"))
        self.search_button.setVisible(bool(flow.items))
        self.items.show_items([notice_text(n) for n in flow.page_items()])
        show_text(self.empty, self.ui.words(NOTHING) if not flow.items else "")
        self.pager.show(flow.page, flow.pages)

    def _render_search(self, flow: DisclosureFlow) -> None:
        text = self.ui.kiosk.session.search_text
        set_text(self.query, text.upper() if text.isascii() else text)
        set_text(self.query_hint, translate("Disclosure", "输入标题的拼音首字母，例如“关于”输入 GY；或点下方常用词"))
        set_text(self.clear, translate("Disclosure", "清空"))
        english = self.ui.kiosk.language == "en"
        self.chips.set_columns(min(self.ui.theme.chip_columns, 3) if english else self.ui.theme.chip_columns)
        self.chips.setVisible(not (self.ui.theme.elder and bool(text)))
        self.chips.show_items([self.ui.words(word) for word in flow.hot_words()])
        found = flow.results() if text else []
        self.results.show_items([notice_text(n) for n in found[: self.ui.theme.results_shown]])
        show_text(
            self.no_results, translate("Disclosure", "没有找到相关公告，请换个词试试") if text and not found else ""
        )

    def _render_reader(self, flow: DisclosureFlow) -> None:
        ui = self.ui
        english = ui.language == "en"
        self.bar.show(translate("Disclosure", "打印本公告"))
        if flow.view is DisclosureView.NOTICE and flow.notice is not None:
            notice = flow.notice
            key = (notice.id, ui.language)
            note = ui.words(IN_CHINESE)
            self.reader.show_text(key, notice.title, notice_meta(notice, english), note, notice_rows(notice, english))
            self.print_button.setVisible(flow.can_print)
        else:
            notes = {Section.FEES: FREE_NOTE, Section.FILINGS: FILINGS_NOTE}
            rows = flow.table_rows() or [("", ui.words(NOTHING))]
            note = ui.words(notes.get(flow.section)) if flow.section in notes else ""
            self.reader.show_text((flow.section, ui.language), "", "", note, rows)
            self.print_button.setVisible(False)
        self.print_button.setEnabled(not flow.busy)
        text = translate("Disclosure", "正在打印…") if flow.busy else ui.words(flow.message)
        show_text(self.print_message, text if flow.view is DisclosureView.NOTICE else "")
