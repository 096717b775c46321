"""The tables that hold booking's capacity and its per-person limits under concurrency (docs/booking.md, "How
capacity holds").

- ``booking_slot``: one row per item, day and slot start that anyone has booked, counting its places taken. A
  place is taken by ``UPDATE ... SET booked = booked + 1 WHERE ... AND booked < capacity``: the database applies
  one such update at a time to a row (PostgreSQL re-checks the condition after a concurrent update commits;
  SQLite's writers take turns), so no two bookings take the last place.
- ``booking_holder``: one row per ID-number hash, updated (which holds its row lock until the transaction ends;
  on SQLite the write lock does) before the person's open appointments are counted, so two kiosks booking for
  the same card at once are counted one after the other.
"""

from __future__ import annotations

from datetime import date, datetime, time

from sqlalchemy import Date, Integer, String, Time
from sqlalchemy.orm import Mapped, mapped_column

from common.dbtypes import UtcDateTime
from hall.models import HallBase


class BookingSlot(HallBase):
    __tablename__ = "booking_slot"

    item_code: Mapped[str] = mapped_column(String(60), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    slot_start: Mapped[time] = mapped_column(Time, primary_key=True)  # local time at the hall
    booked: Mapped[int] = mapped_column(Integer, default=0)


class BookingHolder(HallBase):
    __tablename__ = "booking_holder"

    id_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    last_booked_at: Mapped[datetime] = mapped_column(UtcDateTime)
