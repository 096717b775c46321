"""The payment port as the station provides it (PaymentPort): the hall's orders through its client, and the
payment receipt on the station's printer. docs/payment.md, "At the kiosk".

The hall prices, opens and settles every order; this only passes the calls on, tells the hall link when the hall
is away, and prints the receipt of a paid order, once per order on this kiosk whatever asks for it again (a
repeated notice, a status seen twice, a give-up answered PAID after the screen printed it).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import tzinfo
from typing import Protocol, TypeVar
from zoneinfo import ZoneInfo

from devices.printer import PaperSpec
from devices.words import Language, Words
from kiosk.hallclient.link import HallLink
from kiosk.printing.payment_receipt import PaymentReceipt, payment_receipt
from kiosk.station.hall import PAUSED, Printing
from kiosk.station.payment_port import Order, OrderStatus, Payable
from kiosk.station.ports import Unavailable

log = logging.getLogger(__name__)
T = TypeVar("T")

NOT_PAID = Words("这笔订单尚未支付，不能打印缴费凭证", "This order is not paid; there is no voucher to print")
PRINTED_ALREADY = Words(
    "这笔缴费的凭证已经打印过；如需补打，请到窗口办理",
    "The voucher for this payment has been printed already; for another copy, please ask at a window",
)
PRINT_FAILED = Words(
    "缴费成功，但凭证未能打印。请记下订单号，到窗口领取凭证",
    "The fee is paid, but the voucher could not be printed. Please note the order number and ask at a window",
)


class OrderDesk(Protocol):
    """The hall's orders, as its client offers them (kiosk/hallclient/payments.py ``PaymentClient``)."""

    def fee_items(self) -> list[Payable]: ...
    def owed(self, *, qr_text: str | None = None, id_number: str | None = None) -> list[Payable]: ...
    def open_order(self, payable: Payable) -> Order: ...
    def pay_with_code(self, order: Order, auth_code: str) -> Order: ...
    def status(self, order_no: str) -> Order: ...
    def give_up(self, order_no: str) -> Order: ...


def receipt_of(
    order: Order, *, hall_name: str, hall_phone: str, time_zone: tzinfo, language: Language = "zh_CN"
) -> PaymentReceipt:
    """The receipt of a paid order, in ``language``; ValueError for an order without its paid time."""
    if order.paid_at is None:
        raise ValueError(f"order {order.order_no} has no paid time: it is not paid")
    payable = order.payable
    return PaymentReceipt(
        hall_name=hall_name,
        kind=payable.kind,
        ref=payable.ref,
        title=payable.title.pick(language),
        lines=tuple((line.name.pick(language), line.amount_fen) for line in payable.lines),
        amount_fen=payable.amount_fen,
        order_no=order.order_no,
        transaction_id=order.transaction_id,
        paid_at=order.paid_at,
        hall_phone=hall_phone,
        time_zone=time_zone,
        language=language,
    )


class StationPayments:
    """PaymentPort over the hall's client and the printer; thread-safe, blocking: call it from workers."""

    def __init__(
        self,
        desk: OrderDesk,
        printing: Printing,
        *,
        paper: PaperSpec,
        hall_name: str,
        hotline: str,
        zone: ZoneInfo,
        hall_name_en: str = "",
        link: HallLink | None = None,
    ) -> None:
        self.desk, self.printing, self.paper = desk, printing, paper
        self.hall_name, self.hall_name_en, self.hotline, self.zone = hall_name, hall_name_en, hotline, zone
        self.link = link
        self._printed: set[str] = set()
        self._lock = threading.Lock()

    # -- the hall's orders --------------------------------------------------------------------------------------
    def fee_items(self) -> list[Payable]:
        return self._call(self.desk.fee_items)

    def owed(self, *, qr_text: str | None = None, id_number: str | None = None) -> list[Payable]:
        return self._call(lambda: self.desk.owed(qr_text=qr_text, id_number=id_number))

    def open_order(self, payable: Payable) -> Order:
        order = self._call(lambda: self.desk.open_order(payable))
        log.info("order %s opened for %s %s: %s", order.order_no, payable.kind, payable.ref, payable.amount_text)
        return order

    def pay_with_code(self, order: Order, auth_code: str) -> Order:
        paid = self._call(lambda: self.desk.pay_with_code(order, auth_code))
        log.info("order %s paid with a payment code: %s", order.order_no, paid.status)
        return paid

    def status(self, order_no: str) -> Order:
        return self._call(lambda: self.desk.status(order_no))

    def give_up(self, order_no: str) -> Order:
        final = self._call(lambda: self.desk.give_up(order_no))
        log.info("order %s given up: %s", order_no, final.status)
        return final

    # -- the receipt ------------------------------------------------------------------------------------------
    def print_receipt(self, order: Order, language: Language = "zh_CN") -> tuple[bool, Words | None]:
        if order.status is not OrderStatus.PAID or order.paid_at is None:
            return False, NOT_PAID
        with self._lock:
            if order.order_no in self._printed:
                return False, PRINTED_ALREADY
            self._printed.add(order.order_no)  # held while printing: a second caller is told, not printed
        english = language == "en"
        try:
            receipt = receipt_of(
                order,
                hall_name=(self.hall_name_en or self.hall_name) if english else self.hall_name,
                hall_phone=self.hotline,
                time_zone=self.zone,
                language=language,
            )
            outcome = self.printing.print(payment_receipt(receipt, self.paper), order.order_no)
            printed, message = outcome.printed, outcome.message
        except Exception:
            log.exception("the receipt of order %s could not be printed", order.order_no)
            printed, message = False, PRINT_FAILED
        if not printed:
            with self._lock:
                self._printed.discard(order.order_no)  # a fault: it may print once the printer is back
        log.info("receipt of order %s %s", order.order_no, "printed" if printed else f"not printed: {message}")
        return printed, message

    def _call(self, request: Callable[[], T]) -> T:
        try:
            answer = request()
        except Unavailable as error:
            if self.link is not None:
                self.link.lost(str(error.message))
            raise Unavailable(PAUSED) from None  # the flows say the function is paused, not why
        if self.link is not None:
            self.link.back()
        return answer
