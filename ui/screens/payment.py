"""Fee payment (自助缴费): scan the filing receipt's QR code, or the ID card after consent, or choose an item's fee;
the fee lines and the total as the hall priced them; then the paying pages (ui/screens/payment_pay.py)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QLabel, QWidget

from kiosk.flows.offers import MISSING, Need
from kiosk.flows.payment import PaymentFlow
from kiosk.flows.payment_order import PaymentStep
from kiosk.station.payment_port import Payable, yuan
from ui.context import UiContext
from ui.i18n import translate
from ui.screens.base import BACK, FlowScreen, declare
from ui.screens.panels import ConsentPanel, ReadingPanel, RetryPanel, WaitPanel, button_row
from ui.screens.payment_pay import ConfirmPage, OutcomePage, PayPage, StatusPoller, centred
from ui.widgets.basics import button, frame, label, set_text, show_text
from ui.widgets.grid import ButtonGrid
from ui.widgets.icons import Icon

S = PaymentStep


class FeeLines(QWidget):
    """Each fee's name and, against the right edge, its amount."""

    def __init__(self) -> None:
        super().__init__()
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 8, 0, 8)
        self.grid.setHorizontalSpacing(24)
        self.grid.setVerticalSpacing(10)
        self.grid.setColumnStretch(0, 1)
        self.rows: list[tuple[QLabel, QLabel]] = []

    def show_lines(self, lines: list[tuple[str, str]]) -> None:
        while len(self.rows) < len(lines):
            name, amount = label("body", data=True), label("body", data=True, wrap=False)
            amount.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
            self.grid.addWidget(name, len(self.rows), 0)
            self.grid.addWidget(amount, len(self.rows), 1)
            self.rows.append((name, amount))
        for index, (name, amount) in enumerate(self.rows):
            shown = index < len(lines)
            set_text(name, lines[index][0] if shown else "")
            set_text(amount, lines[index][1] if shown else "")
            name.setVisible(shown)
            amount.setVisible(shown)


class PaymentScreen(FlowScreen[PaymentFlow]):
    flow_type = PaymentFlow

    def __init__(self, ui: UiContext) -> None:
        super().__init__(ui)
        act, flow = ui.act, self._flow
        self._build_choose()
        self.consent = ConsentPanel(
            self.page(S.CONSENT), lambda: act(flow().agree), lambda: act(lambda: flow().decline())
        )
        self.reading = ReadingPanel(self.page(S.READING), lambda: act(lambda: flow().cancel_read()))
        self.read_failed = RetryPanel(
            self.page(S.READ_FAILED), lambda: act(flow().agree), lambda: act(lambda: flow().decline())
        )
        self.wait = WaitPanel(self.page(S.LOOKING, S.OPENING, S.CHARGING, S.GIVING_UP, S.PRINTING))
        column = self.page(S.ITEMS, S.OWED)
        self.list_hint = label("subtitle")
        column.addWidget(self.list_hint)
        self.listed = ButtonGrid("choice", self._choose, columns=1, data=True)
        column.addWidget(self.listed)
        column.addStretch(1)
        self._build_amount()
        self.pay = PayPage(self.page(S.PAY), ui, flow)
        self.confirm = ConfirmPage(self.page(S.CONFIRM), ui, flow)
        self.outcome = OutcomePage(self.page(S.DONE, S.ENDED), ui, flow)
        self.poller = StatusPoller(self, ui, self.pay)

    def _build_choose(self) -> None:
        act, flow = self.ui.act, self._flow
        column = self.page(S.CHOOSE)
        card, scan = frame("card", margins=40, spacing=20)
        scan.addWidget(Icon("check_in", "#2e7d32", 140), 0, Qt.AlignmentFlag.AlignHCenter)
        self.scan_title, self.scan_hint = centred(label("subtitle")), centred(label("body"))
        self.scan_problem = centred(label("message"))
        for widget in (self.scan_title, self.scan_hint, self.scan_problem):
            scan.addWidget(widget)
        column.addWidget(card)
        self.or_label = centred(label("muted"))
        column.addWidget(self.or_label)
        self.use_card = button("primary", lambda: act(lambda: flow().use_id_card()))
        column.addWidget(self.use_card)
        self.items_button = button("secondary", lambda: act(flow().show_items))
        column.addWidget(self.items_button)
        self.message = label("message")
        column.addWidget(self.message)
        column.addStretch(1)

    def _build_amount(self) -> None:
        ui, flow = self.ui, self._flow
        column = self.page(S.AMOUNT)
        card, inner = frame("card", margins=36, spacing=14)
        self.item = label("subtitle", data=True)
        self.ref = label("body", data=True)
        self.lines = FeeLines()
        self.total = label("filing-number", data=True)
        self.total.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.priced = label("muted")
        for widget in (self.item, self.ref, self.lines, self.total, self.priced):
            inner.addWidget(widget)
        column.addWidget(card)
        self.amount_message = label("message")
        column.addWidget(self.amount_message)
        column.addStretch(1)
        self.amount_back = declare(button("secondary", lambda: ui.act(ui.kiosk.back)), BACK)
        self.pay_button = button("primary", lambda: ui.act(flow().pay))
        button_row(column, self.amount_back, self.pay_button)

    def _flow(self) -> PaymentFlow:
        flow = self.flow
        assert flow is not None
        return flow

    def _choose(self, index: int) -> None:
        self.ui.act(lambda: self._flow().choose(index))

    def render_flow(self, flow: PaymentFlow) -> None:
        ui, step = self.ui, flow.step
        self.show_step(step)
        set_text(self.title, translate("Payment", "自助缴费"))
        message = ui.words(flow.message)
        if step is S.CHOOSE:
            self._render_choose(flow, message)
        elif step is S.CONSENT:
            self.consent.render(ui)
        elif step is S.READING:
            self.reading.render(ui)
        elif step is S.READ_FAILED:
            self.read_failed.render(ui, message)
        elif step in {S.ITEMS, S.OWED}:
            hint = translate("Payment", "请选择要缴纳的费用")
            if step is S.OWED:
                hint = translate("Payment", "找到 {n} 笔待缴费用，请选择").format(n=len(flow.owed))
            set_text(self.list_hint, hint)
            payables = flow.items if step is S.ITEMS else flow.owed
            self.listed.show_items([self._row(p) for p in payables])
        elif step is S.AMOUNT and flow.payable is not None:
            self._render_amount(flow, flow.payable, message)
        elif step is S.PAY:
            self.pay.render(ui, flow)
        elif step is S.CONFIRM:
            self.confirm.render(ui, flow)
        elif step in {S.DONE, S.ENDED}:
            self.outcome.render(ui, flow)
        else:
            self.wait.render(self._waiting(step))
        self.poller.keep(flow)

    def _render_choose(self, flow: PaymentFlow, message: str) -> None:
        ui = self.ui
        set_text(self.scan_title, translate("Payment", "扫描申报回执上的二维码"))
        set_text(self.scan_hint, translate("Payment", "请将申报回执上的二维码对准下方扫码口，查找要缴的费用"))
        show_text(self.scan_problem, "" if ui.kiosk.offers.can_scan else ui.words(MISSING[Need.SCANNER]))
        set_text(self.or_label, translate("Payment", "或者"))
        set_text(self.use_card, translate("Payment", "刷身份证查找待缴费用"))
        self.use_card.setEnabled(ui.kiosk.offers.can_read_id and flow.payment is not None and not flow.busy)
        set_text(self.items_button, translate("Payment", "缴纳其他费用（如工本费）"))
        self.items_button.setEnabled(flow.payment is not None and not flow.busy)
        show_text(self.message, message)

    def _row(self, payable: Payable) -> str:
        return f"{self.ui.words(payable.title)}\n{payable.amount_text}"

    def _render_amount(self, flow: PaymentFlow, payable: Payable, message: str) -> None:
        ui = self.ui
        set_text(self.item, ui.words(payable.title))
        ref = (
            translate("Payment", "受理号 {ref}") if payable.kind == "filing" else translate("Payment", "事项编码 {ref}")
        )
        set_text(self.ref, ref.format(ref=payable.ref))
        self.lines.show_lines([(ui.words(line.name), yuan(line.amount_fen)) for line in payable.lines])
        set_text(self.total, translate("Payment", "合计 {amount}").format(amount=payable.amount_text))
        set_text(self.priced, translate("Payment", "金额由大厅按收费标准核定"))
        show_text(self.amount_message, message)
        set_text(self.amount_back, translate("Payment", "返回"))
        set_text(self.pay_button, translate("Payment", "确认支付 {amount}").format(amount=payable.amount_text))
        self.pay_button.setEnabled(not flow.busy)

    def _waiting(self, step: PaymentStep) -> str:
        return {
            S.LOOKING: translate("Payment", "正在查询，请稍候…"),
            S.OPENING: translate("Payment", "正在生成支付二维码…"),
            S.CHARGING: translate("Payment", "正在收款，请稍候…"),
            S.GIVING_UP: translate("Payment", "正在取消支付，请稍候…"),
            S.PRINTING: translate("Payment", "缴费成功，正在打印缴费凭证…"),
        }.get(step, "")

    def forget(self) -> None:
        super().forget()
        self.poller.stop()
        self.pay.forget()
