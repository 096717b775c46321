"""Appointments: booked in other systems and recorded here, or booked at the kiosk (hall/booking.py); checked in at
the hall for a `Y` ticket, used once."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum

from sqlalchemy import Date, Index, String, Text, Time, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, mapped_column

from common.dbtypes import UtcDateTime
from common.refusals import (
    Refusal,
    appointment_cancelled,
    appointment_not_found,
    appointment_not_today,
    appointment_too_early,
    appointment_too_late,
    appointment_used,
)
from common.settings.models import AppointmentsSection
from hall.booking_codes import BookingCodes
from hall.booking_places import release_place
from hall.calendar import service_day
from hall.idhash import id_hash
from hall.models import HallBase, Ticket
from hall.queue import IssuedTicket, QueueEngine, QueueError


class AppointmentStatus(StrEnum):
    BOOKED = "booked"
    CHECKED_IN = "checked_in"
    EXPIRED = "expired"
    CANCELLED = "cancelled"


class Appointment(HallBase):
    """An appointment; the ID number is kept only as a keyed hash (and masked)."""

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
    # Booked at the kiosk (hall/booking.py): the catalog item, and the phone sealed under the key ring's
    # appointment-phone key (bound to the row's id). The masks are what the hall answers.
    item_code: Mapped[str | None] = mapped_column(String(60), default=None)
    phone_sealed: Mapped[str | None] = mapped_column(Text, default=None)
    phone_masked: Mapped[str | None] = mapped_column(String(30), default=None)
    id_masked: Mapped[str | None] = mapped_column(String(24), default=None)

    __table_args__ = (Index("ix_appointment_id_hash", "id_hash", "day"),)


APPOINTMENT_PREFIX = "Y"  # docs/domain.md §3.1: appointment check-ins take numbers in `Y`
MAX_DAYS_AHEAD = 366
MAX_BY_ID = 50  # appointments of one ID card looked at when checking in by card


class AppointmentError(Exception):
    """A booking or check-in the hall refuses; ``code`` is stable for the API, the message is for people."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True)
class CheckedIn:
    appointment: Appointment
    issued: IssuedTicket


class AppointmentBook:
    def __init__(self, queue: QueueEngine, config: AppointmentsSection, codes: BookingCodes | None = None) -> None:
        self.queue = queue
        self.sessions = queue.sessions
        self.config = config
        self.codes = codes  # with them, the QR text of a slip printed at the kiosk checks in too

    def create(
        self, code: str, *, day: date, slot_start: time, slot_end: time, category: str, id_number: str
    ) -> Appointment:
        if category not in self.queue.categories:
            raise AppointmentError("unknown_category", f"没有这个业务类别 / unknown category {category!r}")
        if slot_end <= slot_start:
            raise AppointmentError("bad_slot", "时段结束应晚于开始 / the slot must end after it starts")
        today = service_day(self.queue.clock(), self.queue.zone)
        if day < today:
            raise AppointmentError("past_date", f"预约日期已过 / the date {day} has passed (today is {today})")
        if day > today + timedelta(days=MAX_DAYS_AHEAD):
            raise AppointmentError("too_far_ahead", f"预约日期超过一年 / the date {day} is more than a year ahead")
        appointment = Appointment(
            id=uuid.uuid4(),
            code=code,
            day=day,
            slot_start=slot_start,
            slot_end=slot_end,
            category=category,
            id_hash=id_hash(id_number, self.queue.id_key),
            status=AppointmentStatus.BOOKED,
            created_at=self.queue.clock(),
        )
        try:
            with self.sessions.begin() as session:
                session.add(appointment)
        except IntegrityError:
            raise AppointmentError("duplicate_appointment", f"预约码已存在 / appointment {code} exists") from None
        return appointment

    def get(self, code: str) -> Appointment | None:
        with self.sessions() as session:
            return session.scalar(select(Appointment).where(Appointment.code == code))

    def cancel(self, code: str) -> Appointment:
        with self.sessions.begin() as session:
            done = session.execute(
                update(Appointment)
                .where(Appointment.code == code, Appointment.status == AppointmentStatus.BOOKED)
                .values(status=AppointmentStatus.CANCELLED)
            )
            cancelled = session.scalar(select(Appointment).where(Appointment.code == code))
            if done.rowcount == 1 and cancelled is not None and cancelled.item_code:  # type: ignore[attr-defined]
                release_place(session, cancelled.item_code, cancelled.day, cancelled.slot_start)
        appointment = self.get(code)
        if appointment is None:
            raise _unknown()
        if done.rowcount != 1:  # type: ignore[attr-defined]
            status = appointment.status
            raise AppointmentError("not_booked", f"预约状态为{status}，不能取消 / the appointment is {status}")
        return appointment

    # -- check-in ---------------------------------------------------------------------------------------------
    def window_of(self, appointment: Appointment) -> tuple[datetime, datetime]:
        """When the appointment may be checked in: from before its slot starts until after it ends, local time."""
        zone = self.queue.zone
        opens = datetime.combine(appointment.day, appointment.slot_start, zone)
        closes = datetime.combine(appointment.day, appointment.slot_end, zone)
        return (
            opens - timedelta(minutes=self.config.check_in_before_minutes),
            closes + timedelta(minutes=self.config.check_in_after_minutes),
        )

    def check_in(self, *, code: str | None = None, id_number: str | None = None, channel: str = "kiosk") -> CheckedIn:
        """A `Y` ticket with appointment priority; the appointment is claimed by a conditional update first, so
        two kiosks checking in the same appointment at once get one ticket and one refusal."""
        if (code is None) == (id_number is None):
            raise AppointmentError("bad_check_in", "请提供预约码或身份证号之一 / give either a code or an ID number")
        now = self.queue.clock()
        appointment = self._by_code(code) if code is not None else self._by_id(id_number or "", now)
        self._refuse_unless_admissible(appointment, now)
        with self.sessions.begin() as session:
            claimed = session.execute(
                update(Appointment)
                .where(Appointment.id == appointment.id, Appointment.status == AppointmentStatus.BOOKED)
                .values(status=AppointmentStatus.CHECKED_IN, checked_in_at=now)
            )
        if claimed.rowcount != 1:  # type: ignore[attr-defined]
            # Another kiosk won the race (or staff cancelled it meanwhile): say what happened to it.
            self._refuse_unless_admissible(self._by_code(appointment.code), now)
            raise _used(None)
        prefix = APPOINTMENT_PREFIX if APPOINTMENT_PREFIX in self.queue.categories else appointment.category
        try:
            issued = self.queue.take_number(prefix, channel, appointment=True)
        except QueueError:
            # No ticket was issued (closed, daily cap): the appointment stays usable.
            with self.sessions.begin() as session:
                session.execute(
                    update(Appointment)
                    .where(
                        Appointment.id == appointment.id,
                        Appointment.status == AppointmentStatus.CHECKED_IN,
                        Appointment.ticket_id.is_(None),
                    )
                    .values(status=AppointmentStatus.BOOKED, checked_in_at=None)
                )
            raise
        with self.sessions.begin() as session:
            session.execute(
                update(Appointment).where(Appointment.id == appointment.id).values(ticket_id=issued.ticket.id)
            )
            stored = session.get(Appointment, appointment.id)
        assert stored is not None
        return CheckedIn(stored, issued)

    def _by_code(self, code: str) -> Appointment:
        """By its code, or by the QR text of a slip printed at the kiosk (hall/booking_codes.py)."""
        signed = self.codes.code_of(code) if self.codes is not None else None
        appointment = self.get(signed or code)
        if appointment is None:
            raise _unknown()
        return appointment

    def _by_id(self, id_number: str, now: datetime) -> Appointment:
        """The appointment of this card that a person at the kiosk most likely means: today's, usable, nearest."""
        hashed = id_hash(id_number, self.queue.id_key)
        with self.sessions() as session:
            found = list(
                session.scalars(
                    select(Appointment)
                    .where(Appointment.id_hash == hashed)
                    .order_by(Appointment.day.desc(), Appointment.slot_start)
                    .limit(MAX_BY_ID)
                )
            )
        if not found:
            raise _refused(appointment_not_found(by_card=True))
        today = service_day(now, self.queue.zone)

        def preference(appointment: Appointment) -> tuple[int, int, int, int]:
            opens, closes = self.window_of(appointment)
            timing = 0 if opens <= now <= closes else 1 if now < opens else 2
            status = 0 if appointment.status == AppointmentStatus.BOOKED else 1
            return (appointment.day != today, status, timing, abs((appointment.day - today).days))

        return min(found, key=preference)

    def _refuse_unless_admissible(self, appointment: Appointment, now: datetime) -> None:
        if appointment.status == AppointmentStatus.CANCELLED:
            raise _refused(appointment_cancelled())
        if appointment.status == AppointmentStatus.CHECKED_IN:
            raise _used(self.queue.ticket(appointment.ticket_id) if appointment.ticket_id else None)
        today = service_day(now, self.queue.zone)
        if appointment.day != today:
            if appointment.day < today:
                self._expire(appointment)
            raise _refused(appointment_not_today(appointment.day.isoformat()))
        opens, closes = self.window_of(appointment)
        zone = self.queue.zone
        if now < opens:
            raise _refused(appointment_too_early(opens.astimezone(zone).strftime("%H:%M")))
        if now > closes or appointment.status == AppointmentStatus.EXPIRED:
            self._expire(appointment)
            raise _refused(appointment_too_late(closes.astimezone(zone).strftime("%H:%M")))

    def _expire(self, appointment: Appointment) -> None:
        with self.sessions.begin() as session:
            session.execute(
                update(Appointment)
                .where(Appointment.id == appointment.id, Appointment.status == AppointmentStatus.BOOKED)
                .values(status=AppointmentStatus.EXPIRED)
            )


def _refused(refusal: Refusal) -> AppointmentError:
    """A check-in refusal in the one wording (common/refusals.py): what happened, when, what to do now."""
    return AppointmentError(refusal.code, str(refusal.words()))


def _unknown() -> AppointmentError:
    return _refused(appointment_not_found())


def _used(ticket: Ticket | None) -> AppointmentError:
    return _refused(appointment_used(ticket.number if ticket is not None else ""))
