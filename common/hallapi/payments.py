"""The payment bodies of the hall API (自助缴费, docs/payment.md "The kiosk API"): what is owed, orders, and the
supervisors' reconciliation and alerts. Amounts are integers in fen, always priced by the hall."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import BaseModel, Field, StringConstraints

from common.hallapi.base import Body, Text

PayableKind = Literal["filing", "item"]
OrderState = Literal["open", "paying", "paid", "closed", "refunded", "failed"]
OPEN: OrderState = "open"  # made, waiting for the phone to pay the QR code
PAYING: OrderState = "paying"  # a payment code was taken; the payer confirms on the phone
PAID: OrderState = "paid"
CLOSED: OrderState = "closed"  # given up or expired, nothing charged
REFUNDED: OrderState = "refunded"  # charged and given back
FAILED: OrderState = "failed"  # the gateway refused the payment; nothing charged
LIVE_STATES: frozenset[str] = frozenset({OPEN, PAYING})
NOT_A_PAYMENT_CODE = "not_a_payment_code"
NOTHING_TO_PAY = "nothing_to_pay"
PAYMENT_NOT_OFFERED = "payment_not_offered"
ORDER_NO = r"^P[0-9]{14}[0-9]{8}$"  # P, the local time it was made (yyyymmddHHMMSS), 8 random digits
REF = r"^[0-9A-Za-z-]{1,40}$"  # a filing's number (K01-20261123-0001) or an item's code (339900-001-…)

# A payment code (付款码) as the payers' apps show it: WeChat Pay 18 digits from 10-15, Alipay 16-24 digits from
# 25-30, UnionPay QuickPass 19 digits from 62. Anything else read by the scanner is not one.
PAYMENT_CODE = re.compile(r"^(?:1[0-5][0-9]{16}|(?:2[5-9]|30)[0-9]{14,22}|62[0-9]{17})$")


def is_payment_code(text: str) -> bool:
    return PAYMENT_CODE.fullmatch(text.strip()) is not None


def yuan(fen: int) -> str:
    """¥80.00 for 8000."""
    return f"¥{fen // 100}.{fen % 100:02d}"


class FeeLineOut(BaseModel):
    name: str  # as the catalog publishes it (Chinese)
    amount_fen: int


class PayableOut(BaseModel):
    """Something owed now, as the hall prices it; an order is opened from ``kind`` and ``ref`` alone."""

    kind: PayableKind
    ref: str = Field(description="The filing's number, or the item's code")
    title_zh: str
    title_en: str
    lines: list[FeeLineOut]
    amount_fen: int


class PayableList(BaseModel):
    payables: list[PayableOut]


class OwedIn(Body):
    """Exactly one of the two: the text of a filing receipt's QR code (``…/f/<token>``), or an ID number read from
    the card (it travels in the body, never in a URL)."""

    qr_text: Annotated[Text, StringConstraints(max_length=300)] | None = None
    id_number: Annotated[str, StringConstraints(pattern=r"^[0-9]{17}[0-9Xx]$")] | None = None


class OrderIn(Body):
    kind: PayableKind
    ref: Annotated[str, StringConstraints(pattern=REF)]


class PayWithCodeIn(Body):
    auth_code: Annotated[Text, StringConstraints(max_length=64)] = Field(description="What the scanner read")


class OrderOut(BaseModel):
    order_no: str
    payable: PayableOut
    status: OrderState
    pay_url: str = Field(description="What the QR code for the phone holds; empty once the order is final")
    expires_at: datetime
    paid_at: datetime | None = None
    transaction_id: str = ""
    message_zh: str = ""  # failed / closed / refunded: why, in plain words
    message_en: str = ""


class OrderEventOut(BaseModel):
    at: datetime
    action: str = Field(description="opened, code-taken, paid, failed, closed, refund, notice, query, …")
    from_status: OrderState | None
    to_status: OrderState
    trade_state: str | None
    note: str


class OrderDetailOut(OrderOut):
    """An order for staff and supervisors: with what it pays, who made it, and every change."""

    kind: PayableKind
    ref: str
    kiosk_id: str
    amount_fen: int
    trade_state: str | None
    refund_no: str | None
    created_at: datetime
    history: list[OrderEventOut]


class OrderList(BaseModel):
    orders: list[OrderDetailOut]


# -- reconciliation (对账) and alerts ---------------------------------------------------------------------------
Difference = Literal["matched", "missing_at_gateway", "missing_at_hall", "amount_differs"]


class ReconcileLineOut(BaseModel):
    out_trade_no: str
    kind: Literal["payment", "refund"]
    result: Difference
    hall_fen: int | None
    gateway_fen: int | None


class ReconcileOut(BaseModel):
    day: date
    ran_at: datetime
    matched: int
    differences: int
    lines: list[ReconcileLineOut] = Field(description="The differences; matched lines are only counted")


Severity = Literal["info", "warning", "critical"]


class AlertOut(BaseModel):
    id: int
    kind: str = Field(
        description="A stable code: payment.reconcile, payment.bad_signature, supervision.filing_promised, …"
    )
    severity: Severity
    subject: str = Field(description="What it is about: an order number, a day, a gateway")
    message_zh: str
    message_en: str
    count: int = Field(description="How many times it happened before it was acknowledged")
    created_at: datetime
    last_at: datetime
    acknowledged_by: str | None = None
    acknowledged_at: datetime | None = None
    note: str = Field(default="", description="The note given when it was acknowledged")
    cleared_at: datetime | None = Field(
        default=None, description="When the condition ended (electronic supervision's warnings close by themselves)"
    )


class AlertList(BaseModel):
    alerts: list[AlertOut]


class AcknowledgeIn(Body):
    note: Annotated[Text, StringConstraints(max_length=200)] = ""
