"""The payment tables (docs/payment.md, "Orders and their states"): an order is what the hall asks a citizen to
pay; a trade is one attempt at the gateway for it (the QR code's, then perhaps a payment code's), each under its
own number; every change of either is a row of ``payment_event``. Rows are never deleted, so a number is never
used twice."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Date, ForeignKey, Index, Integer, String, text
from sqlalchemy.orm import Mapped, mapped_column

from common.dbtypes import UtcDateTime
from hall.models import HallBase

# At most one open order per filing: enforced by the database, so two kiosks cannot both open one.
LIVE = "status IN ('open', 'paying') AND filing_id IS NOT NULL"


class PaymentOrder(HallBase):
    __tablename__ = "payment_order"

    order_no: Mapped[str] = mapped_column(String(32), primary_key=True)
    kind: Mapped[str] = mapped_column(String(8))  # filing | item
    ref: Mapped[str] = mapped_column(String(40))  # the filing's number, or the item's code
    filing_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("filing.id"), default=None)
    item_code: Mapped[str] = mapped_column(String(40))
    title: Mapped[str] = mapped_column(String(100))
    title_en: Mapped[str] = mapped_column(String(160))
    lines: Mapped[list[Any]] = mapped_column(JSON)  # [{name, amount_fen}] as priced when it was opened
    amount_fen: Mapped[int] = mapped_column(Integer)
    kiosk_id: Mapped[str] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(12))  # OrderStatus
    trade_no: Mapped[str] = mapped_column(String(32))  # the trade at the gateway the order waits on now
    pay_url: Mapped[str] = mapped_column(String(500), default="")
    message_zh: Mapped[str] = mapped_column(String(200), default="")
    message_en: Mapped[str] = mapped_column(String(300), default="")
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)
    paid_at: Mapped[datetime | None] = mapped_column(UtcDateTime, default=None)
    paid_trade_no: Mapped[str | None] = mapped_column(String(32), default=None)
    transaction_id: Mapped[str] = mapped_column(String(64), default="")

    __table_args__ = (
        Index("ux_payment_order_live_filing", "filing_id", unique=True, sqlite_where=text(LIVE),
              postgresql_where=text(LIVE)),
        Index("ix_payment_order_filing", "filing_id"),
    )  # fmt: skip


class PaymentTrade(HallBase):
    """One trade at the gateway: its number there (``out_trade_no``), what the gateway last said of it, and the
    settler's schedule (``next_check_at``: when to ask the gateway again; None once it is settled)."""

    __tablename__ = "payment_trade"

    out_trade_no: Mapped[str] = mapped_column(String(32), primary_key=True)
    order_no: Mapped[str] = mapped_column(ForeignKey("payment_order.order_no"))
    method: Mapped[str] = mapped_column(String(8))  # native (the QR code) | code (the payer's payment code)
    amount_fen: Mapped[int] = mapped_column(Integer)
    state: Mapped[str | None] = mapped_column(String(12), default=None)  # TradeState; None: not known yet
    transaction_id: Mapped[str] = mapped_column(String(64), default="")
    paid_at: Mapped[datetime | None] = mapped_column(UtcDateTime, default=None)
    refund_no: Mapped[str | None] = mapped_column(String(40), default=None)
    refund_state: Mapped[str] = mapped_column(String(12), default="")  # "", pending, accepted, done, refused
    refunded_at: Mapped[datetime | None] = mapped_column(UtcDateTime, default=None)  # when the hall heard it done
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    checked_at: Mapped[datetime | None] = mapped_column(UtcDateTime, default=None)
    next_check_at: Mapped[datetime | None] = mapped_column(UtcDateTime, default=None)
    checks: Mapped[int] = mapped_column(Integer, default=0)

    __table_args__ = (Index("ix_payment_trade_order", "order_no"), Index("ix_payment_trade_due", "next_check_at"))


class PaymentEvent(HallBase):
    """The log of every change of an order and its trades: who or what caused it (kiosk, notice, query, settler,
    reconcile) and what the gateway said."""

    __tablename__ = "payment_event"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    order_no: Mapped[str] = mapped_column(ForeignKey("payment_order.order_no"))
    at: Mapped[datetime] = mapped_column(UtcDateTime)
    action: Mapped[str] = mapped_column(String(24))
    source: Mapped[str] = mapped_column(String(16))
    from_status: Mapped[str | None] = mapped_column(String(12), default=None)
    to_status: Mapped[str] = mapped_column(String(12))
    out_trade_no: Mapped[str | None] = mapped_column(String(32), default=None)
    trade_state: Mapped[str | None] = mapped_column(String(12), default=None)
    notice_id: Mapped[str | None] = mapped_column(String(64), default=None)
    note: Mapped[str] = mapped_column(String(500), default="")

    __table_args__ = (
        Index("ix_payment_event_order", "order_no", "id"),
        Index("ix_payment_event_notice", "notice_id"),
    )


class ReconcileRun(HallBase):
    """The reconciliation (对账) of one day: how many lines matched, and each difference."""

    __tablename__ = "payment_reconcile"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    ran_at: Mapped[datetime] = mapped_column(UtcDateTime)
    matched: Mapped[int] = mapped_column(Integer)
    differences: Mapped[list[Any]] = mapped_column(JSON)  # [ReconcileLineOut as JSON]
