"""Tables of appointments and 好差评 ratings; the one-per-service and use-once rules are database constraints."""

from __future__ import annotations

import uuid
from datetime import date, datetime, time
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Date, ForeignKey, Index, Integer, String, Time
from sqlalchemy.orm import Mapped, mapped_column

from common.dbtypes import UtcDateTime
from hall.models import HallBase


class AppointmentStatus(StrEnum):
    BOOKED = "booked"
    CHECKED_IN = "checked_in"
    EXPIRED = "expired"
    CANCELLED = "cancelled"


class Appointment(HallBase):
    """A booking made in another system; the ID number is kept only as a keyed hash."""

    __tablename__ = "appointment"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    day: Mapped[date] = mapped_column(Date)
    slot_start: Mapped[time] = mapped_column(Time)  # local time at the hall
    slot_end: Mapped[time] = mapped_column(Time)
    category: Mapped[str] = mapped_column(String(1))
    id_hash: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(12), default=AppointmentStatus.BOOKED)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    checked_in_at: Mapped[datetime | None] = mapped_column(UtcDateTime, default=None)
    ticket_id: Mapped[uuid.UUID | None] = mapped_column(default=None)

    __table_args__ = (Index("ix_appointment_id_hash", "id_hash", "day"),)


class Stage(StrEnum):
    ACCEPTANCE = "acceptance"
    COMPLETION = "completion"


class Rating(HallBase):
    """One 好差评 rating of a ticket's or a filing's service at one stage (一次一评)."""

    __tablename__ = "rating"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    ticket_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("ticket.id"), default=None)
    filing_id: Mapped[str | None] = mapped_column(String(40), default=None)
    stage: Mapped[str] = mapped_column(String(12))
    level: Mapped[int] = mapped_column(Integer)
    reasons: Mapped[list[Any]] = mapped_column(JSON, default=list)
    efficiency: Mapped[int | None] = mapped_column(Integer, default=None)
    service_level: Mapped[int | None] = mapped_column(Integer, default=None)
    attitude: Mapped[int | None] = mapped_column(Integer, default=None)
    channel: Mapped[str] = mapped_column(String(8))
    window: Mapped[int | None] = mapped_column(Integer, default=None)
    staff: Mapped[str | None] = mapped_column(String(32), default=None)
    item_code: Mapped[str | None] = mapped_column(String(64), default=None)
    comment: Mapped[str | None] = mapped_column(String(200), default=None)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)

    # NULLs are distinct in unique indexes on both backends, so a ticket's rating never collides with a filing's.
    __table_args__ = (
        Index("ux_rating_ticket_stage", "ticket_id", "stage", unique=True),
        Index("ux_rating_filing_stage", "filing_id", "stage", unique=True),
    )


class FollowUpStatus(StrEnum):
    OPEN = "open"
    CLOSED = "closed"


class FollowUp(HallBase):
    """回访/整改 of a bad rating, due a number of working days after it."""

    __tablename__ = "follow_up"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    rating_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("rating.id"), unique=True)
    opened_at: Mapped[datetime] = mapped_column(UtcDateTime)
    due_date: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(8), default=FollowUpStatus.OPEN)
    closed_at: Mapped[datetime | None] = mapped_column(UtcDateTime, default=None)
    note: Mapped[str | None] = mapped_column(String(500), default=None)

    __table_args__ = (Index("ix_follow_up_open", "status", "due_date"),)


class RatingLinkUse(HallBase):
    """A rating link (the QR on a ticket) that has been used; the primary key makes a second use impossible."""

    __tablename__ = "rating_link_use"

    link_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    rating_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("rating.id"))
    used_at: Mapped[datetime] = mapped_column(UtcDateTime)
