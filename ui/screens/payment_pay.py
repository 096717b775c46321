"""The paying pages of the fee-payment screen: the QR code for the phone with the amount large and a countdown,
the scanner open for a payment code beside it; "confirm on your phone"; paid, with the receipt; failed, cancelled
or refunded, said plainly. Their timer asks the hall for the order's status off the UI thread while they show."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QBoxLayout, QLabel, QWidget

from devices.words import Words
from kiosk.flows.offers import MISSING, Need
from kiosk.flows.payment import PaymentFlow
from kiosk.flows.payment_order import Answer, PaymentStep
from kiosk.flows.payment_words import CONFIRM_ON_PHONE, NOT_SETTLED, RECEIPT_NOTE, RECEIPT_PRINTED
from ui.context import UiContext
from ui.i18n import translate
from ui.screens.base import BACK, FINISH, declare
from ui.screens.filing_common import set_role
from ui.screens.panels import button_row
from ui.widgets.basics import button, frame, label, set_text, show_text
from ui.widgets.qr import QrCode

S = PaymentStep
TICK_MS = 1000  # the countdown moves and a status poll may go (the flow says when one is due)


def centred(widget: QLabel) -> QLabel:
    widget.setAlignment(Qt.AlignmentFlag.AlignCenter)
    return widget


class PayPage:
    """The QR code, the amount, the countdown, and the payment-code hint; cancel."""

    def __init__(self, column: QBoxLayout, ui: UiContext, flow: Callable[[], PaymentFlow]) -> None:
        self.heading = centred(label("subtitle"))
        self.amount = centred(label("filing-number", data=True))
        column.addWidget(self.heading)
        column.addWidget(self.amount)
        self.qr = QrCode(400 if ui.orientation == "portrait" else 300)
        column.addWidget(self.qr, 0, Qt.AlignmentFlag.AlignHCenter)
        self.countdown = centred(label("body"))
        column.addWidget(self.countdown)
        card, inner = frame("card", margins=28, spacing=10)
        self.code_hint = centred(label("subtitle"))
        self.code_detail = centred(label("muted"))
        inner.addWidget(self.code_hint)
        inner.addWidget(self.code_detail)
        column.addWidget(card)
        self.message = centred(label("message"))
        column.addWidget(self.message)
        column.addStretch(1)
        self.cancel = declare(button("secondary", lambda: ui.act(flow().cancel)), BACK)
        button_row(column, self.cancel)

    def render(self, ui: UiContext, flow: PaymentFlow) -> None:
        order = flow.order
        set_text(self.heading, translate("Payment", "请用手机扫码支付"))
        set_text(self.amount, flow.payable.amount_text if flow.payable else "")
        self.qr.set_data(order.pay_url if order is not None else "")
        self.tick(flow)
        set_text(self.code_hint, translate("Payment", "或出示付款码对准扫码口"))
        detail = translate("Payment", "打开手机支付软件的“付款码”，对准屏幕下方的扫码口")
        set_text(self.code_detail, detail if ui.kiosk.offers.can_scan else ui.words(MISSING[Need.SCANNER]))
        show_text(self.message, ui.words(flow.message))
        set_text(self.cancel, translate("Payment", "取消支付"))
        self.cancel.setEnabled(not flow.busy)

    def tick(self, flow: PaymentFlow) -> None:
        left = flow.seconds_left
        set_text(
            self.countdown,
            translate("Payment", "二维码 {minutes}:{seconds} 后失效").format(
                minutes=left // 60, seconds=f"{left % 60:02d}"
            ),
        )

    def forget(self) -> None:
        self.qr.set_data("")


class ConfirmPage:
    """PAYING: the citizen confirms on the phone; the walk-away timer stands still."""

    def __init__(self, column: QBoxLayout, ui: UiContext, flow: Callable[[], PaymentFlow]) -> None:
        column.addStretch(1)
        card, inner = frame("card", margins=40, spacing=20)
        self.heading = centred(label("title"))
        self.amount = centred(label("filing-number", data=True))
        self.hint = centred(label("body"))
        for widget in (self.heading, self.amount, self.hint):
            inner.addWidget(widget)
        column.addWidget(card)
        self.message = centred(label("message"))
        column.addWidget(self.message)
        column.addStretch(1)
        self.cancel = declare(button("secondary", lambda: ui.act(flow().cancel)), BACK)
        button_row(column, self.cancel)

    def render(self, ui: UiContext, flow: PaymentFlow) -> None:
        set_text(self.heading, ui.words(CONFIRM_ON_PHONE))
        set_text(self.amount, flow.payable.amount_text if flow.payable else "")
        set_text(self.hint, translate("Payment", "输入密码或确认后，本机会自动打印缴费凭证。请不要离开。"))
        show_text(self.message, ui.words(flow.message))
        set_text(self.cancel, translate("Payment", "取消支付"))
        self.cancel.setEnabled(not flow.busy)


class OutcomePage:
    """The end of an order: paid (the receipt) or not (what happened, nothing charged, what to do now)."""

    def __init__(self, column: QBoxLayout, ui: UiContext, flow: Callable[[], PaymentFlow]) -> None:
        column.addStretch(1)
        card, inner = frame("card", margins=40, spacing=18)
        self.outcome = centred(label("title"))
        self.amount = centred(label("filing-number", data=True))
        self.order_no = centred(label("body", data=True))
        self.message = centred(label("good"))
        self.note = centred(label("muted"))
        for widget in (self.outcome, self.amount, self.order_no, self.message, self.note):
            inner.addWidget(widget)
        column.addWidget(card)
        column.addStretch(1)
        self.back = declare(button("secondary", lambda: ui.act(ui.kiosk.back)), BACK)
        self.again = button("primary", lambda: ui.act(lambda: flow().again()))
        self.finish = declare(button("primary", ui.home), FINISH)
        button_row(column, self.back, self.again, self.finish)

    def render(self, ui: UiContext, flow: PaymentFlow) -> None:
        paid = flow.step is S.DONE
        order = flow.order
        outcome: Words = flow.outcome or NOT_SETTLED
        set_role(self.outcome, "title" if paid else "subtitle")
        set_text(self.outcome, ui.words(outcome))
        show_text(self.amount, flow.payable.amount_text if paid and flow.payable else "")
        number = order.order_no if order is not None and paid else ""
        show_text(self.order_no, translate("Payment", "订单号 {number}").format(number=number) if number else "")
        set_role(self.message, "good" if flow.message == RECEIPT_PRINTED else "message")
        show_text(self.message, ui.words(flow.message))
        show_text(self.note, ui.words(RECEIPT_NOTE) if paid else "")
        set_text(self.finish, translate("Payment", "完成"))
        set_text(self.again, translate("Payment", "再试一次"))
        set_text(self.back, translate("Payment", "换一种方式"))
        self.finish.setVisible(paid)
        self.back.setVisible(not paid)
        self.again.setVisible(not paid and flow.can_retry)
        for widget in (self.back, self.again):
            widget.setEnabled(not flow.busy)


class StatusPoller:
    """While an order shows: the countdown moves, the QR code's expiry gives the order up, and the hall's status
    is asked off the UI thread, outside the walk-away timer (a poll is not a tap)."""

    def __init__(self, owner: QWidget, ui: UiContext, pay: PayPage) -> None:
        self.ui, self.pay = ui, pay
        self.timer = QTimer(owner)
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self.tick)

    def _flow(self) -> PaymentFlow | None:
        flow = self.ui.kiosk.flow
        return flow if isinstance(flow, PaymentFlow) and flow.order is not None else None

    def keep(self, flow: PaymentFlow) -> None:
        """Run while the flow has an order to watch."""
        watching = flow.order is not None and flow.step in {S.PAY, S.CONFIRM, S.ENDED}
        if watching and not self.timer.isActive():
            self.timer.start()
        elif not watching:
            self.timer.stop()

    def tick(self) -> None:
        flow = self._flow()
        if flow is None:
            self.timer.stop()
            return
        if flow.step is S.PAY:
            self.pay.tick(flow)
        if flow.expired:
            self.ui.act(flow.expire)
            return
        work = flow.due_poll()
        if work is not None:
            self.ui.runner.call(work, partial(self._answered, flow))

    def _answered(self, asked: PaymentFlow, answer: Answer) -> None:
        if self.ui.kiosk.flow is not asked:
            return  # the screen was left meanwhile: leaving gave the order up
        job: Any = asked.polled(answer)
        self.ui.runner.submit(job)
        self.ui.kiosk.changed()

    def stop(self) -> None:
        self.timer.stop()
