"""Places in slots and the per-person lock, inside the caller's transaction (hall/booking_models.py says why each
holds under concurrency). Every function takes the open session of one ``sessions.begin()``."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from hall.booking_models import BookingHolder, BookingSlot


def _insert(session: Session, table: Any) -> Any:
    """INSERT ... ON CONFLICT DO NOTHING in the session's dialect."""
    dialect = session.get_bind().dialect.name
    return (postgresql.insert(table) if dialect == "postgresql" else sqlite.insert(table)).on_conflict_do_nothing()


def lock_holder(session: Session, hashed: str, now: datetime) -> None:
    """Hold the person's row until the transaction ends: a second booking for the same card waits here, then
    counts the first one's appointment (each statement of a READ COMMITTED transaction reads what is committed)."""
    session.execute(_insert(session, BookingHolder).values(id_hash=hashed, last_booked_at=now))
    session.execute(update(BookingHolder).where(BookingHolder.id_hash == hashed).values(last_booked_at=now))


def take_place(session: Session, item_code: str, day: date, start: time, capacity: int) -> bool:
    """One place of the slot, if one is left: the conditional update is the whole check."""
    session.execute(_insert(session, BookingSlot).values(item_code=item_code, day=day, slot_start=start, booked=0))
    taken = session.execute(
        update(BookingSlot)
        .where(
            BookingSlot.item_code == item_code,
            BookingSlot.day == day,
            BookingSlot.slot_start == start,
            BookingSlot.booked < capacity,
        )
        .values(booked=BookingSlot.booked + 1)
    )
    return bool(taken.rowcount == 1)  # type: ignore[attr-defined]


def release_place(session: Session, item_code: str, day: date, start: time) -> None:
    """Give a place back (a cancelled or moved appointment)."""
    session.execute(
        update(BookingSlot)
        .where(
            BookingSlot.item_code == item_code,
            BookingSlot.day == day,
            BookingSlot.slot_start == start,
            BookingSlot.booked > 0,
        )
        .values(booked=BookingSlot.booked - 1)
    )


def booked_counts(session: Session, item_code: str, first: date, last: date) -> dict[tuple[date, time], int]:
    rows = session.execute(
        select(BookingSlot.day, BookingSlot.slot_start, BookingSlot.booked).where(
            BookingSlot.item_code == item_code, BookingSlot.day >= first, BookingSlot.day <= last
        )
    )
    return {(day, start): booked for day, start, booked in rows}
