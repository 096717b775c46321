"""The service guide: browse by department or life event, search by keyword chips or pinyin initials, the item
page with every field, and print (shown only while the printer can print)."""

from __future__ import annotations

from kiosk.flows.guide import BrowseBy, GuideFlow, GuideView
from kiosk.station.ports import GuideItem
from ui.context import UiContext
from ui.i18n import translate
from ui.screens.base import FlowScreen
from ui.screens.guide_detail import GuideDetail
from ui.screens.panels import RetryPanel, WaitPanel
from ui.widgets.basics import button, frame, label, set_text, show_text
from ui.widgets.grid import ButtonGrid
from ui.widgets.keys import LetterKeyboard
from ui.widgets.pager import Pager, ReaderBar


def item_text(item: GuideItem, english: bool = False) -> str:
    """The item's published name, then its department and the facts in the citizen's language where they have it."""
    if english:
        return f"{item.name}\n{item.department_en or item.department}  ·  {item.summary_en or item.summary}"
    return f"{item.name}\n{item.department}  ·  {item.summary}"


class GuideScreen(FlowScreen[GuideFlow]):
    flow_type = GuideFlow

    def __init__(self, ui: UiContext) -> None:
        super().__init__(ui)
        act = ui.act
        self.wait = WaitPanel(self.page(GuideView.LOADING))
        self.paused = RetryPanel(self.page(GuideView.PAUSED), lambda: act(self._flow().retry), ui.home)
        self.stale = label("message")
        self.column.insertWidget(1, self.stale)
        self._build_browse()
        self._build_list()
        self._build_detail()

    def _build_browse(self) -> None:
        act = self.ui.act
        column = self.page(GuideView.BROWSE)
        self.tabs = ButtonGrid("tab", self._tab, columns=3)
        column.addWidget(self.tabs)
        self.groups = ButtonGrid("choice", self._group, columns=2, data=True)
        column.addWidget(self.groups)
        query_card, query = frame("card", vertical=False, margins=24)
        self.query = label("title", data=True, wrap=False)
        self.query_hint = label("muted")
        query.addWidget(self.query)
        query.addWidget(self.query_hint, 1)
        self.clear = button("secondary", lambda: act(lambda: self._flow().clear_search()))
        query.addWidget(self.clear)
        self.query_card = query_card
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
        self.all_results = button("secondary", lambda: act(lambda: self._flow().show_results()))
        column.addWidget(self.all_results)
        column.addStretch(1)

    def _build_list(self) -> None:
        act = self.ui.act
        column = self.page(GuideView.LIST)
        self.list_title = label("subtitle", data=True)
        column.addWidget(self.list_title)
        self.items = ButtonGrid("choice", self._item, columns=self.ui.theme.list_columns, data=True)
        column.addWidget(self.items)
        self.empty = label("muted")
        column.addWidget(self.empty)
        column.addStretch(1)
        self.pager = Pager(
            lambda: act(lambda: self._flow().previous_page()), lambda: act(lambda: self._flow().next_page())
        )
        column.addLayout(self.pager.row)

    def _build_detail(self) -> None:
        act = self.ui.act
        column = self.page(GuideView.DETAIL)
        self.detail = GuideDetail()
        column.addWidget(self.detail, 1)
        self.print_message = label("good")
        column.addWidget(self.print_message)
        self.bar = ReaderBar(self.detail.page, lambda: act(self._flow().print_item))
        self.print_button = self.bar.print_button
        column.addLayout(self.bar.row)

    def _flow(self) -> GuideFlow:
        flow = self.flow
        assert flow is not None
        return flow

    def _tab(self, index: int) -> None:
        by = list(BrowseBy)[index]
        self.ui.act(lambda: self._flow().browse(by))

    def _group(self, index: int) -> None:
        groups = self._flow().groups()
        if index < len(groups):
            self.ui.act(lambda: self._flow().open_group(groups[index]))

    def _chip(self, index: int) -> None:
        words = self._flow().hot_words()
        if index < len(words):
            self.ui.act(lambda: self._flow().search_word(words[index]))

    def _result(self, index: int) -> None:
        found = self._flow().results()
        if index < len(found):
            self.ui.act(lambda: self._flow().open_item(found[index].code))

    def _item(self, index: int) -> None:
        shown = self._flow().page_items()
        if index < len(shown):
            self.ui.act(lambda: self._flow().open_item(shown[index].code))

    def render_flow(self, flow: GuideFlow) -> None:
        ui = self.ui
        flow.page_size = ui.theme.list_page_size
        self.show_step(flow.view)
        set_text(self.title, translate("Guide", "办事指南"))
        show_text(self.stale, ui.words(flow.notice))
        if flow.view is GuideView.LOADING:
            self.wait.render(translate("Guide", "正在加载办事指南…"))
        elif flow.view is GuideView.PAUSED:
            self.paused.render(ui, ui.words(flow.message))
        elif flow.view is GuideView.BROWSE:
            self._render_browse(flow)
        elif flow.view is GuideView.LIST:
            self._render_list(flow)
        elif flow.view is GuideView.DETAIL and flow.item is not None:
            self.detail.show_item(ui, flow.item)
            self.bar.show(translate("Guide", "打印本指南"))
            self.print_button.setVisible(flow.can_print)
            self.print_button.setEnabled(not flow.busy)
            text = translate("Guide", "正在打印…") if flow.busy else ui.words(flow.message)
            show_text(self.print_message, text)

    def _render_browse(self, flow: GuideFlow) -> None:
        tabs = [translate("Guide", "按部门"), translate("Guide", "按人生事件"), translate("Guide", "搜索")]
        self.tabs.show_items(tabs, checked=[by is flow.browse_by for by in BrowseBy])
        searching = flow.browse_by is BrowseBy.SEARCH
        self.groups.setVisible(not searching)
        text = self.ui.kiosk.session.search_text
        for widget in (self.query_card, self.keyboard, self.results, self.all_results):
            widget.setVisible(searching)
        # Elder mode: once letters are typed the keyword chips step aside, so the results show without scrolling.
        self.chips.setVisible(searching and not (self.ui.theme.elder and bool(text)))
        if not searching:
            self.groups.set_columns(self.ui.theme.group_columns)
            self.groups.show_items([self.ui.words(flow.group_name(group)) for group in flow.groups()])
            self.no_results.setVisible(False)
            return
        set_text(self.query, text.upper() if text.isascii() else text)
        set_text(self.query_hint, translate("Guide", "输入拼音首字母，例如“身份证”输入 SFZ；或点下方常用词"))
        set_text(self.clear, translate("Guide", "清空"))
        # English words are longer than the Chinese: three chips a row, so none is wider than its column.
        english = self.ui.kiosk.language == "en"
        self.chips.set_columns(min(self.ui.theme.chip_columns, 3) if english else self.ui.theme.chip_columns)
        self.chips.show_items([self.ui.words(word) for word in flow.hot_words()])
        found = flow.results() if text else []
        shown = self.ui.theme.results_shown
        self.results.show_items([item_text(item, english) for item in found[:shown]])
        show_text(self.no_results, translate("Guide", "没有找到相关事项，请换个词试试") if text and not found else "")
        set_text(self.all_results, translate("Guide", "查看全部 {n} 项结果").format(n=len(found)))
        self.all_results.setVisible(len(found) > shown)

    def _render_list(self, flow: GuideFlow) -> None:
        set_text(self.list_title, self.ui.words(flow.list_title))
        english = self.ui.kiosk.language == "en"
        self.items.show_items([item_text(item, english) for item in flow.page_items()])
        show_text(self.empty, translate("Guide", "没有找到相关事项") if not flow.items else "")
        self.pager.show(flow.page, flow.pages)
