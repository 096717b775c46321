"""Appointment booking at the kiosk (预约办理): free slots, booking under the hall's capacity and per-person
limits, finding, cancelling and changing an appointment. docs/booking.md.

Each write is one transaction whose conditional updates decide it (hall/booking_places.py): the place in the slot
(``booked < capacity``), the person's lock row before their open appointments are counted, the appointment's own
``status = 'booked'``. Nothing is decided by a read that another kiosk's write could overtake.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from common.hallapi.forms import FieldProblem, normalise_phone
from common.refusals import Refusal
from common.sealing import Sealer
from common.settings.booking import BookableItemSection
from devices.words import Words
from hall import booking_words as words
from hall.appointments import Appointment, AppointmentBook, AppointmentError, AppointmentStatus
from hall.booking_codes import BookingCodes, mask_id, mask_phone, new_code
from hall.booking_places import booked_counts, lock_holder, release_place, take_place
from hall.booking_schedule import Schedule, SlotTime, check_booking
from hall.catalog import Catalog
from hall.idhash import id_hash
from hall.keyring import KeyRing
from hall.queue import QueueEngine

log = logging.getLogger(__name__)
PHONE_KEY = "appointment-phone"  # the key ring's secret that seals the phones of appointments
NEXT_FREE = 5  # free slots offered with a slot_taken refusal
CODE_TRIES = 5


class BookingError(AppointmentError):
    """A refusal of booking; ``extra`` goes into the error body beside ``error`` and ``message``."""

    def __init__(self, refusal: Refusal, extra: dict[str, Any] | None = None) -> None:
        super().__init__(refusal.code, str(refusal.words()))
        self.extra = extra or {}


@dataclass(frozen=True)
class FreeSlot:
    slot: SlotTime
    free: int
    capacity: int


class _Taken(Exception):
    """The slot had no place left: the transaction is rolled back on the way out."""


class _Gone(Exception):
    """The appointment was no longer booked in the slot it was read in: rolled back, told as it is now."""


class BookingDesk:
    def __init__(self, queue: QueueEngine, ring: KeyRing, catalog: Catalog) -> None:
        missing = check_booking(queue.config, (item.code for item in catalog.items))
        if missing:
            log.warning("bookable items not in the catalog, not offered: %s", ", ".join(missing))
        self.queue = queue
        self.sessions = queue.sessions
        self.catalog = catalog
        self.schedule = Schedule(queue.config)
        self.codes = BookingCodes(ring)
        self.sealer = Sealer(ring.secret(PHONE_KEY))
        self.book = AppointmentBook(queue, queue.config.appointments, self.codes)

    # -- what can be booked ---------------------------------------------------------------------------------
    def items(self) -> list[BookableItemSection]:
        return [item for item in self.queue.config.booking.items if self.catalog.get(item.code) is not None]

    def item(self, code: str) -> BookableItemSection:
        item = self.schedule.item(code)
        if item is None or self.catalog.get(code) is None:
            raise BookingError(words.not_bookable(code))
        return item

    def free_slots(self, item_code: str, first: date | None = None, last: date | None = None) -> list[FreeSlot]:
        """Every slot on offer now from ``first`` to ``last``, with its free places (0 when full)."""
        item = self.item(item_code)
        offered = self.schedule.on_offer(item, self.queue.clock(), first, last)
        if not offered:
            return []
        with self.sessions() as session:
            counts = booked_counts(session, item.code, offered[0].day, offered[-1].day)
        capacity = item.capacity
        return [FreeSlot(s, max(capacity - counts.get((s.day, s.start), 0), 0), capacity) for s in offered]

    # -- booking --------------------------------------------------------------------------------------------
    def book_slot(self, item_code: str, day: date, start: time, *, id_number: str, phone: str) -> Appointment:
        now = self.queue.clock()
        item = self.item(item_code)
        slot = self._on_offer(item, day, start, now)
        try:
            phone = normalise_phone(phone)
        except FieldProblem as bad:
            raise BookingError(words.bad_phone(Words(bad.zh, bad.en))) from None
        hashed = id_hash(id_number, self.queue.id_key)
        booking = self.queue.config.booking
        for _ in range(CODE_TRIES):
            row_id = uuid.uuid4()
            appointment = Appointment(
                id=row_id,
                code=new_code(),
                day=slot.day,
                slot_start=slot.start,
                slot_end=slot.end,
                category=item.category,
                id_hash=hashed,
                status=AppointmentStatus.BOOKED,
                created_at=now,
                item_code=item.code,
                phone_sealed=self.sealer.seal(phone, row_id.bytes),
                phone_masked=mask_phone(phone),
                id_masked=mask_id(id_number),
            )
            try:
                with self.sessions.begin() as session:
                    lock_holder(session, hashed, now)
                    held = self._open_of(session, hashed, now)
                    if sum(a.item_code == item.code for a in held) >= booking.max_open_per_item:
                        raise BookingError(words.limit_reached(True, booking.max_open_per_item))
                    if len(held) >= booking.max_open_per_id:
                        raise BookingError(words.limit_reached(False, booking.max_open_per_id))
                    if not take_place(session, item.code, slot.day, slot.start, item.capacity):
                        raise _Taken
                    session.add(appointment)
            except _Taken:
                raise self._slot_taken(item, slot) from None
            except IntegrityError:
                continue  # the random code was taken: draw another
            return appointment
        raise RuntimeError("no free appointment code after several tries")

    # -- the citizen's own appointments ---------------------------------------------------------------------
    def find(self, *, qr_text: str | None = None, id_number: str | None = None) -> list[Appointment]:
        """Open appointments booked here: the one the slip's QR names, or all of an ID card's; [] when none."""
        now = self.queue.clock()
        if qr_text is not None:
            code = self.codes.code_of(qr_text)
            found = self._booked_here(code) if code is not None else None
            return [found] if found is not None and self._is_open(found, now) else []
        with self.sessions() as session:
            return self._open_of(session, id_hash(id_number or "", self.queue.id_key), now)

    def proven(
        self, *, qr_text: str | None = None, code: str | None = None, id_number: str | None = None
    ) -> Appointment:
        """The appointment the slip's QR text names, or the one with ``code`` if it is this ID card's."""
        if qr_text is not None:
            signed = self.codes.code_of(qr_text)
            found = self._booked_here(signed) if signed is not None else None
        else:
            found = self._booked_here(code or "")
            if found is not None and found.id_hash != id_hash(id_number or "", self.queue.id_key):
                found = None
        if found is None:
            raise BookingError(words.booking_not_found())
        return found

    def cancel(self, appointment: Appointment) -> Appointment:
        self._refuse_unless_open(appointment)
        with self.sessions.begin() as session:
            done = session.execute(
                update(Appointment)
                .where(Appointment.id == appointment.id, Appointment.status == AppointmentStatus.BOOKED)
                .values(status=AppointmentStatus.CANCELLED)
            )
            if done.rowcount == 1:  # type: ignore[attr-defined]
                release_place(session, appointment.item_code or "", appointment.day, appointment.slot_start)
        return self._reread(appointment)

    def change(self, appointment: Appointment, day: date, start: time) -> Appointment:
        """Move to another slot of the same item in one transaction: the new place is taken and the old one given
        back together, or nothing changes (``slot_taken``: the citizen keeps the old place)."""
        now = self.queue.clock()
        self._refuse_unless_open(appointment)
        if not self.schedule.can_still_change(appointment.day, appointment.slot_start, now):
            raise BookingError(words.too_late_to_change(self.queue.config.booking.book_before_minutes))
        item = self.item(appointment.item_code or "")
        slot = self._on_offer(item, day, start, now)
        if (slot.day, slot.start) == (appointment.day, appointment.slot_start):
            return appointment
        old = (appointment.day, appointment.slot_start)
        try:
            with self.sessions.begin() as session:
                moved = session.execute(
                    update(Appointment)
                    .where(
                        Appointment.id == appointment.id,
                        Appointment.status == AppointmentStatus.BOOKED,
                        Appointment.day == old[0],
                        Appointment.slot_start == old[1],
                    )
                    .values(day=slot.day, slot_start=slot.start, slot_end=slot.end)
                )
                if moved.rowcount != 1:  # type: ignore[attr-defined]
                    raise _Gone  # changed, cancelled or checked in meanwhile
                # Both slot rows in one order (by day and time), so two changes crossing each other never deadlock.
                for when in sorted([old, (slot.day, slot.start)]):
                    if when == old:
                        release_place(session, item.code, *old)
                    elif not take_place(session, item.code, slot.day, slot.start, item.capacity):
                        raise _Taken
        except _Taken:
            raise self._slot_taken(item, slot) from None
        except _Gone:
            now_is = self._reread(appointment)
            raise BookingError(
                words.not_open(now_is.status) if now_is.status != "booked" else words.slot_moved()
            ) from None
        return self._reread(appointment)

    # -- helpers --------------------------------------------------------------------------------------------
    def window_of(self, appointment: Appointment) -> tuple[datetime, datetime]:
        return self.book.window_of(appointment)

    def phone_of(self, appointment: Appointment) -> str:
        """The phone as booked, for staff who must call (never answered by the API)."""
        return self.sealer.open(appointment.phone_sealed or "", appointment.id.bytes)

    def _on_offer(self, item: BookableItemSection, day: date, start: time, now: datetime) -> SlotTime:
        slot = self.schedule.slot(item, day, start, now)
        if slot is None:
            raise BookingError(words.no_such_slot(day, start))
        return slot

    def _slot_taken(self, item: BookableItemSection, taken: SlotTime) -> BookingError:
        free = [f for f in self.free_slots(item.code) if f.free > 0]
        later = [f for f in free if (f.slot.day, f.slot.start) > (taken.day, taken.start)]
        offered = (later + [f for f in free if f not in later])[:NEXT_FREE]
        first = (offered[0].slot.day, offered[0].slot.start) if offered else None
        next_free = [
            {
                "date": f.slot.day.isoformat(),
                "start": f"{f.slot.start:%H:%M}",
                "end": f"{f.slot.end:%H:%M}",
                "free": f.free,
            }
            for f in offered
        ]
        return BookingError(words.slot_taken(taken.day, taken.start, first), {"next_free": next_free})

    def _booked_here(self, code: str) -> Appointment | None:
        found = self.book.get(code)
        return found if found is not None and found.item_code is not None else None

    def _open_of(self, session: Any, hashed: str, now: datetime) -> list[Appointment]:
        today = now.astimezone(self.queue.zone).date()
        rows = session.scalars(
            select(Appointment)
            .where(
                Appointment.id_hash == hashed,
                Appointment.status == AppointmentStatus.BOOKED,
                Appointment.item_code.is_not(None),
                Appointment.day >= today,
            )
            .order_by(Appointment.day, Appointment.slot_start)
        )
        return [a for a in rows if self._is_open(a, now)]

    def _is_open(self, appointment: Appointment, now: datetime) -> bool:
        return appointment.status == AppointmentStatus.BOOKED and now <= self.window_of(appointment)[1]

    def _refuse_unless_open(self, appointment: Appointment) -> None:
        if not self._is_open(appointment, self.queue.clock()):
            raise BookingError(words.not_open(appointment.status))

    def _reread(self, appointment: Appointment) -> Appointment:
        again = self.book.get(appointment.code)
        assert again is not None
        return again
