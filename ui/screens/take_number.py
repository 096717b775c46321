"""Take a number: categories with open/closed state and queue, the optional ID card, the number shown large."""

from __future__ import annotations

from kiosk.flows.take_number import TakeNumberFlow, TakeStep
from kiosk.station.ports import CategoryInfo
from ui.context import UiContext
from ui.i18n import translate
from ui.screens.base import FlowScreen
from ui.screens.panels import (
    ConsentPanel,
    IdentityPanel,
    ReadingPanel,
    RetryPanel,
    TicketPanel,
    WaitPanel,
    button_row,
)
from ui.widgets.basics import button, frame, label, set_text, show_text
from ui.widgets.grid import ButtonGrid


class TakeNumberScreen(FlowScreen[TakeNumberFlow]):
    flow_type = TakeNumberFlow

    def __init__(self, ui: UiContext) -> None:
        super().__init__(ui)
        act = ui.act
        self.wait = WaitPanel(self.page(TakeStep.LOADING, TakeStep.TAKING))
        self.paused = RetryPanel(self.page(TakeStep.PAUSED), lambda: act(self._flow().retry), ui.home)
        column = self.page(TakeStep.CHOOSE)
        self.choose_hint = label("muted")
        column.addWidget(self.choose_hint)
        self.categories = ButtonGrid("choice", self._choose, columns=ui.theme.list_columns)
        column.addWidget(self.categories)
        self.choose_message = label("message")
        column.addWidget(self.choose_message)
        column.addStretch(1)

        column = self.page(TakeStep.ID_CHOICE)
        card, inner = frame("card", margins=40, spacing=20)
        self.id_question, self.id_why = label("subtitle"), label("body")
        inner.addWidget(self.id_question)
        inner.addWidget(self.id_why)
        column.addWidget(card)
        column.addStretch(1)
        self.without_id = button("secondary", lambda: act(self._flow().without_id_card))
        self.with_id = button("primary", lambda: act(lambda: self._flow().use_id_card()))
        button_row(column, self.without_id, self.with_id)

        self.consent = ConsentPanel(
            self.page(TakeStep.CONSENT), lambda: act(self._flow().agree), lambda: act(lambda: self._flow().decline())
        )
        self.reading = ReadingPanel(self.page(TakeStep.READING), lambda: act(lambda: self._flow().cancel_read()))
        self.read_failed = RetryPanel(
            self.page(TakeStep.READ_FAILED),
            lambda: act(self._flow().agree),
            lambda: act(lambda: self._flow().decline()),
        )
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
        message = ui.words(flow.message)
        titles = {
            TakeStep.DONE: translate("TakeNumber", "取号成功"),
            TakeStep.CONSENT: translate("TakeNumber", "刷身份证取号"),
            TakeStep.READING: translate("TakeNumber", "刷身份证取号"),
        }
        set_text(self.title, titles.get(step, translate("TakeNumber", "取号")))
        if step in {TakeStep.LOADING, TakeStep.TAKING}:
            self.wait.render(
                translate("TakeNumber", "正在取号并打印小票，请稍候…")
                if step is TakeStep.TAKING
                else translate("TakeNumber", "正在加载业务列表…")
            )
        elif step is TakeStep.PAUSED:
            self.paused.render(ui, message)
        elif step is TakeStep.CHOOSE:
            set_text(self.choose_hint, translate("TakeNumber", "请选择您要办理的业务类型"))
            self.categories.show_items(
                [self._category_text(flow, c) for c in flow.categories],
                enabled=[flow.unavailable_because(c) is None for c in flow.categories],
            )
            show_text(self.choose_message, message)
        elif step is TakeStep.ID_CHOICE:
            set_text(self.id_question, translate("TakeNumber", "是否刷身份证取号？"))
            set_text(
                self.id_why,
                translate(
                    "TakeNumber", "刷身份证取号可防止重复排队：同一证件每类业务只能取一个号。也可以不刷卡直接取号。"
                ),
            )
            set_text(self.with_id, translate("TakeNumber", "刷身份证取号"))
            set_text(self.without_id, translate("TakeNumber", "不刷卡，直接取号"))
        elif step is TakeStep.CONSENT:
            self.consent.render(ui)
        elif step is TakeStep.READING:
            self.reading.render(ui)
        elif step is TakeStep.READ_FAILED:
            self.read_failed.render(ui, message)
        elif step is TakeStep.CONFIRM:
            self.identity.render(ui)
        elif step is TakeStep.DONE:
            self.ticket.render(ui, ui.kiosk.session.ticket, message)
