"""What the hall's payment orders answer with and run by: the refusal a kiosk gets (status, stable code, words
for the citizen) and the ``[payments]`` timings of orders (docs/payment.md)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from devices.words import Words
from hall.payments.ledger import Backoff


class PaymentError(Exception):
    """A payment request the hall refuses: HTTP status, stable code, words for the citizen."""

    def __init__(self, status: int, code: str, message: Words) -> None:
        super().__init__(str(message))
        self.status, self.code, self.message = status, code, message


def no_order() -> PaymentError:
    return PaymentError(404, "unknown_order", Words("没有这笔缴费订单", "no such payment order"))


NOT_A_CODE = Words(
    "扫描到的不是付款码，请在手机上打开微信或支付宝的付款码再扫",
    "What was scanned is not a payment code: open the payment code in WeChat or Alipay and scan again",
)
GATEWAY_AWAY = Words(
    "暂时无法连接缴费服务，未扣款。请稍后再试，或到窗口缴费",
    "The payment service cannot be reached; nothing was charged. Please try again later, or pay at a window",
)


@dataclass(frozen=True)
class OrderRules:
    """``[payments]`` timings (docs/payment.md): how long a QR code may be paid, how stale a status may be before
    the kiosk's poll asks the gateway, and the settler's back-off."""

    pay_within: timedelta = timedelta(minutes=5)
    stale_after: timedelta = timedelta(seconds=2)
    backoff: Backoff = field(default_factory=Backoff)
