"""What the appointment-booking flow (预约办理) asks of the station: the bookable items, their free slots, booking,
finding, cancelling and changing an appointment, and printing its slip. docs/booking.md.

Like the ports in ``kiosk.station.ports`` every method blocks and is thread-safe: the UI calls them from its
workers only. They raise the hall client's two errors under the flows' names: ``Unavailable`` (the hall cannot be
reached; booking needs the hall, nothing is stored on the kiosk) and ``Refused`` (the hall said no; ``code`` is
stable, ``message`` is for the citizen, Chinese first). Refusal codes the flow treats specially:
``slot_taken`` (someone else took the last place while the citizen chose: offer the next free slots),
``limit_reached`` (the hall's per-person limit, e.g. one open appointment per item), ``not_found``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time
from typing import Protocol

from devices.words import Language, Words

SLOT_TAKEN = "slot_taken"
LIMIT_REACHED = "limit_reached"
NOT_FOUND = "not_found"


@dataclass(frozen=True)
class BookableItem:
    """A service item the hall takes appointments for."""

    code: str  # the catalog's 实施编码
    name: Words
    department: Words
    category: str  # the queue category its appointments are served in, e.g. "A"
    days_ahead: int  # how many working days ahead it can be booked


@dataclass(frozen=True)
class Slot:
    """One bookable time on one working day; ``free`` places left over all its windows."""

    day: date
    start: time  # local time at the hall
    end: time
    free: int

    @property
    def key(self) -> str:
        """Stable text naming the slot, e.g. ``2026-12-07T09:00``."""
        return f"{self.day.isoformat()}T{self.start.strftime('%H:%M')}"


@dataclass(frozen=True)
class DaySlots:
    """A working day's slots (holidays and closed days are left out by the hall)."""

    day: date
    slots: tuple[Slot, ...]

    @property
    def free(self) -> int:
        return sum(slot.free for slot in self.slots)


@dataclass(frozen=True)
class Booking:
    """An appointment as the citizen sees it; never an unmasked ID number or phone."""

    code: str  # the appointment code printed on the slip and spoken at the window
    qr_text: str  # what the slip's QR code holds: check-in, cancel and change accept it when scanned
    item_code: str
    item_name: Words
    day: date
    start: time
    end: time
    status: str  # booked | checked_in | expired | cancelled
    id_masked: str  # e.g. "1101**********1234"
    phone_masked: str  # e.g. "138****5678"
    place: Words  # where to check in (the hall's area); Words("", "") when the hall does not say


class BookingPort(Protocol):
    def items(self) -> list[BookableItem]:
        """The items that take appointments. Raises Unavailable."""
        ...

    def slots(self, item_code: str, first: date, last: date) -> list[DaySlots]:
        """Free slots of the working days from ``first`` to ``last`` (both included). Raises Unavailable, Refused."""
        ...

    def book(self, item_code: str, slot: Slot, *, id_number: str, phone: str) -> Booking:
        """Book the slot; the hall enforces capacity and per-person limits. Raises Unavailable, Refused."""
        ...

    def find(self, *, qr_text: str | None = None, id_number: str | None = None) -> list[Booking]:
        """The citizen's open (booked) appointments, by the slip's scanned QR or by ID card; [] when none.
        Raises Unavailable, Refused."""
        ...

    def cancel(self, booking: Booking, *, id_number: str | None = None) -> Booking:
        """Cancel an open appointment; the place is free again at once. Raises Unavailable, Refused."""
        ...

    def change(self, booking: Booking, slot: Slot, *, id_number: str | None = None) -> Booking:
        """Move an open appointment to another slot of the same item, atomically (the old place is kept if the
        new one is gone: ``slot_taken``). Returns the new booking (its code may change). Raises Unavailable,
        Refused."""
        ...

    def print_slip(self, booking: Booking, language: Language = "zh_CN") -> tuple[bool, Words | None]:
        """Print the appointment slip (code, item, day and time, place, QR) in the citizen's language:
        (printed?, None or why not). Never raises."""
        ...
