"""Tables of the local store. Rows that must never be lost are written with their outbox row in one transaction."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Index, Integer, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from common.dbtypes import UtcDateTime


class Base(DeclarativeBase):
    pass


class OutboxMessage(Base):
    """One message for the hall; its id is the idempotency key the hall deduplicates on."""

    __tablename__ = "outbox"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    kind: Mapped[str] = mapped_column(String(64))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UtcDateTime)
    sent_at: Mapped[datetime | None] = mapped_column(UtcDateTime, default=None)
    last_error: Mapped[str | None] = mapped_column(Text, default=None)
    # The hall refused the message itself (422, 413, 415, 409 ...): kept, never retried by itself, and it no
    # longer holds up the ones behind it; ``kiosk outbox retry ID`` puts it back in line.
    parked_at: Mapped[datetime | None] = mapped_column(UtcDateTime, default=None)
    park_reason: Mapped[str | None] = mapped_column(Text, default=None)

    __table_args__ = (Index("ix_outbox_pending", "sent_at", "next_attempt_at"),)


class PrintJob(Base):
    """Every document sent to the printer and how it ended; a ticket counts as printed only if state is printed."""

    __tablename__ = "print_job"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    kind: Mapped[str] = mapped_column(String(32))
    reference: Mapped[str] = mapped_column(String(64), default="")
    state: Mapped[str] = mapped_column(String(16))  # printed | failed
    reasons: Mapped[str] = mapped_column(String(200), default="")
    detail: Mapped[str] = mapped_column(Text, default="")
    bytes_sent: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)

    __table_args__ = (Index("ix_print_job_reference", "reference"),)


class IssuedTicket(Base):
    """A number this kiosk took (or an appointment it checked in), kept so it can be shown and reprinted after a
    printer fault or a crash. The hall holds the authoritative ticket; this is the kiosk's copy of what it told
    the citizen. No ID number is kept."""

    __tablename__ = "issued_ticket"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)  # the hall's ticket id
    number: Mapped[str] = mapped_column(String(8))
    category: Mapped[str] = mapped_column(String(1))
    category_name_zh: Mapped[str] = mapped_column(String(40))
    category_name_en: Mapped[str] = mapped_column(String(80))
    waiting_ahead: Mapped[int] = mapped_column(Integer)
    eta_minutes: Mapped[int] = mapped_column(Integer)
    issued_at: Mapped[datetime] = mapped_column(UtcDateTime)
    qr_url: Mapped[str] = mapped_column(String(300))
    how: Mapped[str] = mapped_column(String(12))  # take_number | check_in
    printed: Mapped[bool] = mapped_column(Boolean, default=False)
    print_message: Mapped[str] = mapped_column(Text, default="")

    __table_args__ = (Index("ix_issued_ticket_issued_at", "issued_at"),)
