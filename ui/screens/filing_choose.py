"""The filing wizard's first pages: choose the item (by department, by life event, or search), then its notice:
the conditions and the full materials list at once (一次性告知), printable, and the start."""

from __future__ import annotations

from PySide6.QtWidgets import QBoxLayout

from kiosk.flows.filing import FilingFlow
from kiosk.flows.filing_steps import NOTICE_PRINTED
from kiosk.flows.guide import BrowseBy
from kiosk.station.filing_ports import FilingItem
from ui.context import UiContext
from ui.i18n import translate
from ui.screens.filing_common import FlowGetter, set_field, set_role
from ui.screens.guide import item_text as guide_item_text
from ui.screens.guide_detail import material_line, numbered, time_limit_text
from ui.screens.panels import button_row
from ui.screens.text_input import text_input
from ui.widgets.basics import button, frame, label, set_text, show_text
from ui.widgets.grid import ButtonGrid


def item_text(item: FilingItem, english: bool = False) -> str:
    return guide_item_text(item.guide, english)


class ChoosePanel:
    def __init__(self, column: QBoxLayout, ui: UiContext, flow: FlowGetter) -> None:
        self.ui, self._flow = ui, flow
        self.hint = label("muted")
        column.addWidget(self.hint)
        self.tabs = ButtonGrid("tab", self._tab, columns=3)
        column.addWidget(self.tabs)
        self.search_card, search = frame("card", margins=24, spacing=12)
        self.search_label = label("body")
        search.addWidget(self.search_label)
        self.search = text_input("chinese", max_length=20)
        self.search.textChanged.connect(lambda text: ui.act(lambda: flow().search(text)))
        search.addWidget(self.search)
        column.addWidget(self.search_card)
        self.groups = ButtonGrid("choice", self._group, columns=2, data=True)
        column.addWidget(self.groups)
        self.list_title = label("subtitle", data=True)
        column.addWidget(self.list_title)
        self.items = ButtonGrid("choice", self._item, columns=ui.theme.list_columns, data=True)
        column.addWidget(self.items)
        self.message = label("message")
        column.addWidget(self.message)
        column.addStretch(1)

    def _tab(self, index: int) -> None:
        by = list(BrowseBy)[index]
        self.ui.act(lambda: self._flow().browse(by))

    def _group(self, index: int) -> None:
        groups = self._flow().groups()
        if index < len(groups):
            self.ui.act(lambda: self._flow().open_group(groups[index]))

    def _item(self, index: int) -> None:
        listed = self._flow().listed
        if index < len(listed):
            self.ui.act(lambda: self._flow().choose_item(listed[index].code))

    def render(self, ui: UiContext, flow: FilingFlow) -> None:
        set_text(self.hint, translate("Filing", "请选择要申报的事项：按部门、按人生事件查找，或输入关键词搜索"))
        tabs = [translate("Filing", "按部门"), translate("Filing", "按人生事件"), translate("Filing", "搜索")]
        self.tabs.show_items(tabs, checked=[by is flow.browse_by for by in BrowseBy])
        searching = flow.browse_by is BrowseBy.SEARCH
        self.search_card.setVisible(searching)
        set_text(self.search_label, translate("Filing", "输入事项名称或拼音首字母，例如“社保卡”或 SBK"))
        set_field(self.search, ui.kiosk.session.search_text)
        groups = [] if flow.listed or searching else flow.groups()
        self.groups.setVisible(bool(groups))
        self.groups.show_items([ui.words(flow.group_name(group)) for group in groups])
        show_text(self.list_title, ui.words(flow.list_title) if flow.listed and not searching else "")
        self.items.set_columns(ui.theme.list_columns)
        english = ui.language == "en"
        self.items.show_items([item_text(item, english) for item in flow.listed])
        self.items.setVisible(bool(flow.listed))
        show_text(self.message, ui.words(flow.message))


class NoticePanel:
    """一次性告知: everything the citizen needs, at once, before anything is asked of them."""

    def __init__(self, column: QBoxLayout, ui: UiContext, flow: FlowGetter) -> None:
        card, inner = frame("card", margins=36, spacing=14)
        self.name = label("title", data=True)
        self.note = label("muted")
        inner.addWidget(self.name)
        inner.addWidget(self.note)
        self.conditions_heading, self.conditions = label("section"), label("body", data=True)
        self.materials_heading, self.materials = label("section"), label("body", data=True)
        self.limit_heading, self.limit = label("section"), label("body", data=True)
        for widget in (
            self.conditions_heading, self.conditions, self.materials_heading, self.materials, self.limit_heading,
            self.limit,
        ):  # fmt: skip
            inner.addWidget(widget)
        column.addWidget(card)
        self.message = label("message")
        column.addWidget(self.message)
        column.addStretch(1)
        self.print_button = button("secondary", lambda: ui.act(flow().print_notice))
        self.start = button("primary", lambda: ui.act(lambda: flow().begin()))
        button_row(column, self.print_button, self.start)

    def render(self, ui: UiContext, flow: FilingFlow) -> None:
        item = flow.item
        if item is None:
            return
        guide = item.guide
        set_text(self.name, item.name)
        show_text(self.note, translate("Filing", "办事指南以中文发布。") if ui.language == "en" else "")
        set_text(self.conditions_heading, translate("Filing", "申请条件"))
        set_text(self.conditions, numbered(guide.conditions) or "—")
        set_text(self.materials_heading, translate("Filing", "申请材料（一次性告知，请全部准备好）"))
        english = ui.language == "en"
        lines = (material_line(n, m, english) for n, m in enumerate(guide.materials, start=1))
        set_text(self.materials, "\n".join(lines))
        set_text(self.limit_heading, translate("Filing", "办理时限"))
        set_text(self.limit, time_limit_text(guide, english))
        printed = flow.message == NOTICE_PRINTED
        set_role(self.message, "good" if printed else "message")
        busy = flow.busy and flow.in_flight == "print_notice"
        show_text(self.message, translate("Filing", "正在打印…") if busy else ui.words(flow.message))
        set_text(self.print_button, translate("Filing", "打印材料清单"))
        self.print_button.setVisible(flow.can_print_notice)
        self.print_button.setEnabled(not flow.busy)
        set_text(self.start, translate("Filing", "开始申报"))
