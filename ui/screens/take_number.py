"""Take a number: tap a category and the number prints (two taps from home). A category that needs the ID card
asks consent first; one that cannot give a number now explains itself on its own page (what, when, what to do,
the hotline)."""

from __future__ import annotations

from kiosk.flows.take_number import TakeNumberFlow, TakeStep
from kiosk.station.ports import CategoryInfo
from ui.context import UiContext
from ui.i18n import translate
from ui.screens.base import FlowScreen
from ui.screens.card_reading import ReadingPanel
from ui.screens.panels import ConsentPanel, IdentityPanel, WaitPanel, button_row
from ui.screens.refusal import RefusalBox
from ui.screens.ticket_panel import TicketPanel
from ui.widgets.basics import button, label, set_text
from ui.widgets.grid import ButtonGrid


class TakeNumberScreen(FlowScreen[TakeNumberFlow]):
    flow_type = TakeNumberFlow

    def __init__(self, ui: UiContext) -> None:
        super().__init__(ui)
        act = ui.act
        self.wait = WaitPanel(self.page(TakeStep.LOADING, TakeStep.TAKING))

        column = self.page(TakeStep.PAUSED)
        self.paused = RefusalBox(column)
        column.addStretch(1)
        self.retry = button("primary", lambda: act(self._flow().retry))
        column.addWidget(self.retry)

        column = self.page(TakeStep.CHOOSE)
        self.choose_hint = label("muted")
        column.addWidget(self.choose_hint)
        self.categories = ButtonGrid("choice", self._choose, columns=ui.theme.list_columns)
        column.addWidget(self.categories)
        column.addStretch(1)

        column = self.page(TakeStep.REFUSED)
        self.refused = RefusalBox(column)
        column.addStretch(1)
        self.other = button("primary", lambda: act(lambda: self._flow().choose_again()))
        column.addWidget(self.other)

        self.consent = ConsentPanel(
            self.page(TakeStep.CONSENT), lambda: act(self._flow().agree), lambda: act(lambda: self._flow().decline())
        )
        self.reading = ReadingPanel(self.page(TakeStep.READING), lambda: act(lambda: self._flow().cancel_read()))
        column = self.page(TakeStep.READ_FAILED)
        self.read_failed = RefusalBox(column)
        column.addStretch(1)
        self.read_other = button("secondary", lambda: act(lambda: self._flow().choose_again()))
        self.read_again = button("primary", lambda: act(self._flow().agree))
        button_row(column, self.read_other, self.read_again)
        self.identity = IdentityPanel(
            self.page(TakeStep.CONFIRM), lambda: act(self._flow().confirm), lambda: act(lambda: self._flow().decline())
        )
        self.ticket = TicketPanel(self.page(TakeStep.DONE), ui.home)

    def _flow(self) -> TakeNumberFlow:
        flow = self.flow
        assert flow is not None
        return flow

    def _choose(self, index: int) -> None:
        flow = self.flow
        if flow is not None and index < len(flow.categories):
            prefix = flow.categories[index].prefix
            self.ui.act(lambda: flow.choose(prefix))

    def _category_text(self, flow: TakeNumberFlow, category: CategoryInfo) -> str:
        zh = self.ui.language == "zh_CN"
        name = category.name_zh if zh else category.name_en
        hours = category.hours_zh if zh else category.hours_en
        if not category.open:
            state = translate("TakeNumber", "暂停取号")
        else:
            state = translate("TakeNumber", "等候 {n} 人").format(n=category.waiting)
        extra = translate("TakeNumber", "需刷身份证") if category.needs_id else ""
        details = "  ·  ".join(part for part in (state, hours, extra) if part)
        return f"{name}\n{details}"

    def render_flow(self, flow: TakeNumberFlow) -> None:
        ui, step = self.ui, flow.step
        self.show_step(step)
        titles = {
            TakeStep.DONE: translate("TakeNumber", "取号成功"),
            TakeStep.REFUSED: translate("TakeNumber", "暂时不能取号"),
            TakeStep.PAUSED: translate("TakeNumber", "暂时不能取号"),
            TakeStep.CONSENT: translate("TakeNumber", "刷身份证取号"),
            TakeStep.READING: translate("TakeNumber", "刷身份证取号"),
            TakeStep.READ_FAILED: translate("TakeNumber", "没有读到身份证"),
        }
        set_text(self.title, titles.get(step, translate("TakeNumber", "取号")))
        if step in {TakeStep.LOADING, TakeStep.TAKING}:
            self.wait.render(
                translate("TakeNumber", "正在取号并打印小票，请稍候…")
                if step is TakeStep.TAKING
                else translate("TakeNumber", "正在加载业务列表…")
            )
        elif step is TakeStep.PAUSED:
            self.paused.render(ui, flow.message)
            set_text(self.retry, translate("TakeNumber", "再试一次"))
        elif step is TakeStep.CHOOSE:
            set_text(self.choose_hint, translate("TakeNumber", "请点选您要办理的业务，点一下即取号"))
            # Every category can be tapped: one that gives no number now says why on its own page.
            self.categories.show_items([self._category_text(flow, c) for c in flow.categories])
        elif step is TakeStep.REFUSED:
            self.refused.render(ui, flow.message)
            set_text(self.other, translate("TakeNumber", "选择其他业务"))
        elif step is TakeStep.CONSENT:
            self.consent.render(ui)
        elif step is TakeStep.READING:
            self.reading.render(ui)
        elif step is TakeStep.READ_FAILED:
            self.read_failed.render(ui, flow.message)
            set_text(self.read_other, translate("TakeNumber", "选择其他业务"))
            set_text(self.read_again, translate("TakeNumber", "重新读卡"))
        elif step is TakeStep.CONFIRM:
            self.identity.render(ui)
        elif step is TakeStep.DONE:
            self.ticket.render(ui, ui.kiosk.session.ticket, ui.words(flow.message))
