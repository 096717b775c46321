"""The kiosk's client of the hall's payment API (docs/payment.md, "The kiosk API"): the ``PaymentPort`` methods
but ``print_receipt``, each one request, answering the port's values. Raises ``HallUnreachable`` (the port's
``Unavailable``) and ``HallRefused`` (its ``Refused``) as every hall client does; a scanned text that is not a
payment code is refused here, ``not_a_payment_code``, without a request."""

from __future__ import annotations

from pydantic import BaseModel

from common.hallapi.payments import (
    NOT_A_PAYMENT_CODE,
    OrderIn,
    OrderOut,
    OwedIn,
    PayableList,
    PayableOut,
    PayWithCodeIn,
    is_payment_code,
)
from devices.words import Words
from kiosk.hallclient.base import HallClient, Model, body, read
from kiosk.hallclient.errors import HallRefused, HallUnreachable
from kiosk.station.payment_port import FeeLine, Order, OrderStatus, Payable

NOT_A_CODE = Words(
    "扫描到的不是付款码，请在手机上打开微信或支付宝的付款码再扫",
    "What was scanned is not a payment code: open the payment code in WeChat or Alipay and scan again",
)


def payable_of(answer: PayableOut) -> Payable:
    return Payable(
        kind=answer.kind,
        ref=answer.ref,
        title=Words(answer.title_zh, answer.title_en),
        lines=tuple(FeeLine(Words(line.name, line.name), line.amount_fen) for line in answer.lines),
        amount_fen=answer.amount_fen,
    )


def order_of(answer: OrderOut) -> Order:
    message = Words(answer.message_zh, answer.message_en or answer.message_zh) if answer.message_zh else None
    return Order(
        order_no=answer.order_no,
        payable=payable_of(answer.payable),
        status=OrderStatus(answer.status),
        pay_url=answer.pay_url,
        expires_at=answer.expires_at,
        paid_at=answer.paid_at,
        transaction_id=answer.transaction_id,
        message=message,
    )


class PaymentClient:
    """Thread-safe, as the ``HallClient`` under it is."""

    def __init__(self, client: HallClient) -> None:
        self.client = client

    def fee_items(self) -> list[Payable]:
        answer = self.client.fetch("/api/v1/payments/items", PayableList)
        return [payable_of(p) for p in answer.payables]

    def owed(self, *, qr_text: str | None = None, id_number: str | None = None) -> list[Payable]:
        fields = {"qr_text": qr_text} if qr_text is not None else {"id_number": id_number}
        answer = self._send("/api/v1/payments/owed", body(OwedIn, fields), PayableList)
        return [payable_of(p) for p in answer.payables]

    def open_order(self, payable: Payable) -> Order:
        sent = body(OrderIn, {"kind": payable.kind, "ref": payable.ref})
        return order_of(self._send("/api/v1/payments/orders", sent, OrderOut))

    def pay_with_code(self, order: Order, auth_code: str) -> Order:
        if not is_payment_code(auth_code):
            raise HallRefused(NOT_A_PAYMENT_CODE, NOT_A_CODE)
        sent = body(PayWithCodeIn, {"auth_code": auth_code.strip()})
        return order_of(self._send(f"/api/v1/payments/orders/{order.order_no}/pay-with-code", sent, OrderOut))

    def status(self, order_no: str) -> Order:
        return order_of(self.client.fetch(f"/api/v1/payments/orders/{order_no}", OrderOut))

    def give_up(self, order_no: str) -> Order:
        return order_of(self._send(f"/api/v1/payments/orders/{order_no}/give-up", None, OrderOut))

    def _send(self, path: str, sent: BaseModel | None, answer: type[Model]) -> Model:
        reply = self.client.post(path, sent.model_dump(mode="json", exclude_unset=True) if sent is not None else None)
        if reply is None:
            raise HallUnreachable(Words("大厅的回答无法识别", "the hall's answer is empty"))
        return read(answer, reply)
