"""The payment gateway as the hall's orders need it: what a real gateway (a bank's or a payment company's aggregated
government-fee channel) implements to be used here. docs/payment.md, "The gateway interface".

Amounts are integers in fen. Order numbers are the hall's (``out_trade_no`` in the gateways' own words), unique
and never reused, so every call is safe to repeat: creating an order twice with the same number and amount
answers the same order, paying it twice charges once. A call whose answer is lost raises ``GatewayUnknown``:
the caller must not guess, it settles the order later with ``query``. ``GatewayRefused`` is a definite no.

Notifications come from the gateway over HTTP, signed; ``verify_notification`` checks the signature and returns
the parsed notice, or raises ``BadSignature`` (the hall answers 401 and logs it; the gateway retries).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Protocol


class TradeState(StrEnum):
    NOTPAY = "NOTPAY"  # made, not paid
    USERPAYING = "USERPAYING"  # a payment code was taken; the payer confirms on the phone
    SUCCESS = "SUCCESS"  # paid
    CLOSED = "CLOSED"  # closed before payment; nothing charged
    REFUND = "REFUND"  # paid, then refunded (wholly)
    PAYERROR = "PAYERROR"  # the payment failed (balance, a bad code); nothing charged


@dataclass(frozen=True)
class Trade:
    """An order as the gateway knows it."""

    out_trade_no: str
    state: TradeState
    amount_fen: int
    transaction_id: str = ""  # the gateway's number, once paid
    paid_at: datetime | None = None  # aware
    code_url: str = ""  # native (QR) orders: what the QR shown to the payer holds
    reason: str = ""  # PAYERROR / CLOSED: the gateway's words, for the log and the supervisor


@dataclass(frozen=True)
class Refund:
    out_refund_no: str
    out_trade_no: str
    amount_fen: int
    done: bool  # False: accepted, still being processed (query the trade later)


@dataclass(frozen=True)
class Notice:
    """A verified notification: the trade's new state."""

    notice_id: str  # the gateway's id of this notification; repeats carry the same id
    trade: Trade


@dataclass(frozen=True)
class StatementLine:
    """One line of the gateway's statement of a day (对账单): a payment or a refund."""

    out_trade_no: str
    transaction_id: str
    kind: str  # "payment" | "refund"
    amount_fen: int
    at: datetime  # aware


class GatewayError(Exception):
    """Base of the gateway's failures; the message is for the log and a technician."""


class GatewayUnknown(GatewayError):
    """No answer, a timeout, a 5xx: the call may or may not have taken effect. Settle by ``query``."""


class GatewayRefused(GatewayError):
    """A definite no (a bad request, the order is closed, a duplicate number with another amount); ``code`` is the
    gateway's own."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code


class BadSignature(GatewayError):
    """A notification (or an answer) whose signature does not verify under the gateway's key."""


class PaymentGateway(Protocol):
    def create_native(self, out_trade_no: str, amount_fen: int, description: str, expires_at: datetime) -> Trade:
        """A QR-code order for the payer's phone (``code_url``). Raises GatewayUnknown, GatewayRefused."""
        ...

    def pay_with_code(self, out_trade_no: str, amount_fen: int, description: str, auth_code: str) -> Trade:
        """Charge the payer's payment code (付款码, micropay): SUCCESS, USERPAYING (poll ``query``) or PAYERROR.
        Raises GatewayUnknown, GatewayRefused."""
        ...

    def query(self, out_trade_no: str) -> Trade:
        """The trade's state now. Raises GatewayUnknown, GatewayRefused (``ORDER_NOT_EXIST``)."""
        ...

    def close(self, out_trade_no: str) -> Trade:
        """Close an unpaid trade; answers the trade as it stands (SUCCESS when it was paid first, then nothing was
        closed). Raises GatewayUnknown, GatewayRefused."""
        ...

    def refund(self, out_trade_no: str, out_refund_no: str, amount_fen: int, reason: str) -> Refund:
        """Give a paid trade's money back; idempotent by ``out_refund_no``. Raises GatewayUnknown, GatewayRefused."""
        ...

    def verify_notification(self, headers: Mapping[str, str], body: bytes) -> Notice:
        """Check a notification's signature and read it. Raises BadSignature, GatewayRefused (not a notice)."""
        ...

    def statement(self, day: date) -> list[StatementLine]:
        """The gateway's statement of ``day`` (its own calendar day in the hall's zone). Raises GatewayUnknown."""
        ...
