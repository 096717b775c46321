"""An in-process PaymentPort: the hall's orders as a dict, and the citizen's phone as methods a test calls."""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from devices.words import Language, Words
from kiosk.station.payment_port import (
    NOT_A_PAYMENT_CODE,
    NOTHING_TO_PAY,
    FeeLine,
    Order,
    OrderStatus,
    Payable,
)
from kiosk.station.ports import Refused, Unavailable

LAND = Payable(
    "filing",
    "K01-20261205-0007",
    Words("不动产登记（K01-20261205-0007）", "Real estate registration (K01-20261205-0007)"),
    (
        FeeLine(Words("不动产登记费（住宅）", "Registration fee (housing)"), 8000),
        FeeLine(Words("证书工本费", "Certificate fee"), 1000),
    ),
    9000,
)
CARD_FEE = Payable(
    "item",
    "330100-002-QT-00201-001",
    Words("社会保障卡补领", "Social security card replacement"),
    (FeeLine(Words("工本费", "Card fee"), 2000),),
    2000,
)
PAYS_AT_ONCE = "134567890123456789"  # a payment code the gateway takes at once
ASKS_PHONE = "284567890123456789"  # a payment code whose payer confirms on the phone (a large sum)
DECLINED = "109999999999999999"  # a payment code the gateway refuses (balance)


class FakePayments:
    """The hall's side of the port, in memory; ``now`` is the hall's wall clock."""

    def __init__(self, now: Callable[[], datetime] = lambda: datetime.now(UTC)) -> None:
        self.now = now
        self.online = True
        self.owed_by: dict[str, list[Payable]] = {}  # receipt code or ID number -> what it owes
        self.items = [CARD_FEE]
        self.orders: dict[str, Order] = {}
        self.printed: list[tuple[str, Language]] = []
        self.printer_ok = True
        self.paid_when_given_up = False  # the phone paid just as the kiosk gave up: the hall keeps it
        self.refunded_when_given_up = False  # it paid after the gateway closed it: the hall refunds it
        self.calls: list[str] = []
        self._lock = threading.Lock()

    def _check(self, call: str) -> None:
        self.calls.append(call)
        if not self.online:
            raise Unavailable(Words("暂时连不上大厅", "the hall cannot be reached"))

    # -- the port --------------------------------------------------------------------------------------------
    def fee_items(self) -> list[Payable]:
        self._check("fee_items")
        return list(self.items)

    def owed(self, *, qr_text: str | None = None, id_number: str | None = None) -> list[Payable]:
        self._check("owed")
        return list(self.owed_by.get(qr_text or id_number or "", []))

    def open_order(self, payable: Payable) -> Order:
        self._check("open_order")
        if payable.amount_fen <= 0:
            raise Refused(NOTHING_TO_PAY, Words("没有需要缴的费用", "nothing to pay"))
        with self._lock:
            order_no = f"P{len(self.orders) + 1:04d}"
            order = Order(order_no, payable, OrderStatus.OPEN, f"https://pay.example/qr/{order_no}",
                          self.now() + timedelta(minutes=5))  # fmt: skip
            self.orders[order_no] = order
        return order

    def pay_with_code(self, order: Order, auth_code: str) -> Order:
        self._check("pay_with_code")
        if not (auth_code.isdigit() and 16 <= len(auth_code) <= 24):
            raise Refused(NOT_A_PAYMENT_CODE, Words("不是付款码", "not a payment code"))
        if auth_code == DECLINED:
            return self._set(order.order_no, OrderStatus.FAILED, message=Words("余额不足", "insufficient balance"))
        if auth_code == ASKS_PHONE:
            return self._set(order.order_no, OrderStatus.PAYING)
        return self._pay(order.order_no)

    def status(self, order_no: str) -> Order:
        self._check("status")
        return self.orders[order_no]

    def give_up(self, order_no: str) -> Order:
        self._check("give_up")
        order = self.orders[order_no]
        if order.status.final:
            return order
        if self.paid_when_given_up:
            return self._pay(order_no)
        if self.refunded_when_given_up:
            self._pay(order_no)
            return self._set(order_no, OrderStatus.REFUNDED)
        return self._set(order_no, OrderStatus.CLOSED)

    def print_receipt(self, order: Order, language: Language = "zh_CN") -> tuple[bool, Words | None]:
        self.calls.append("print_receipt")
        if not self.printer_ok:
            return False, Words("打印失败：缺纸", "printing failed: out of paper")
        self.printed.append((order.order_no, language))
        return True, None

    # -- the citizen's phone, and the gateway's late news -------------------------------------------------------
    def phone_pays(self, order_no: str) -> Order:
        return self._pay(order_no)

    def phone_confirms(self, order_no: str) -> Order:
        return self._pay(order_no)

    def late_success(self, order_no: str) -> Order:
        """The gateway says it was paid after the order was closed: the hall refunds it."""
        return self._set(order_no, OrderStatus.REFUNDED)

    def _pay(self, order_no: str) -> Order:
        return self._set(order_no, OrderStatus.PAID, paid_at=self.now(), transaction_id=f"T{order_no}")

    def _set(self, order_no: str, status: OrderStatus, **changes: object) -> Order:
        with self._lock:
            order = self.orders[order_no]
            pay_url = "" if status.final else order.pay_url
            order = dataclasses.replace(order, status=status, pay_url=pay_url, **changes)  # type: ignore[arg-type]
            self.orders[order_no] = order
            return order
