"""The booking flow's port (BookingPort) over the hall's booking client and the station's printer. docs/booking.md.

Every call but ``print_slip`` goes to the hall (kiosk/hallclient/booking.py): booking needs the hall, nothing of it
is stored on the kiosk. The hall link hears of each answer, so the home tile pauses the moment the hall is away.
The slip prints in the citizen's language on the station's paper; a printer fault is said, never raised.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date
from typing import Protocol, TypeVar

from devices.printer import PaperSpec
from devices.words import Language, Words
from kiosk.hallclient import HallRefused, HallUnreachable
from kiosk.hallclient.link import HallLink
from kiosk.printing.booking_slip import BookingSlip, booking_slip
from kiosk.station.booking_port import BookableItem, Booking, DaySlots, Slot
from kiosk.station.hall import Printing

log = logging.getLogger(__name__)
T = TypeVar("T")

NOT_PRINTED = Words(
    "预约凭证未能打印，请记下您的预约码", "The appointment slip could not be printed; please note your code"
)


class BookingCalls(Protocol):
    """What the hall's booking client answers (BookingPort without the printing)."""

    def items(self) -> list[BookableItem]: ...

    def slots(self, item_code: str, first: date, last: date) -> list[DaySlots]: ...

    def book(self, item_code: str, slot: Slot, *, id_number: str, phone: str) -> Booking: ...

    def find(self, *, qr_text: str | None = None, id_number: str | None = None) -> list[Booking]: ...

    def cancel(self, booking: Booking, *, id_number: str | None = None) -> Booking: ...

    def change(self, booking: Booking, slot: Slot, *, id_number: str | None = None) -> Booking: ...


class StationBooking:
    """BookingPort; thread-safe and blocking like the client under it: call it from workers."""

    def __init__(
        self,
        calls: BookingCalls,
        printing: Printing,
        *,
        paper: PaperSpec,
        hall_name: str,
        hotline: str,
        hall_name_en: str = "",
        check_in_window: tuple[int, int] | None = None,  # minutes before the slot, after it; None: not known
        link: HallLink | None = None,
    ) -> None:
        self.calls, self.printing, self.paper = calls, printing, paper
        self.hall_name, self.hall_name_en, self.hotline = hall_name, hall_name_en, hotline
        self.check_in_window = check_in_window
        self.link = link

    # -- BookingPort: the hall ------------------------------------------------------------------------------
    def items(self) -> list[BookableItem]:
        return self._call(self.calls.items)

    def slots(self, item_code: str, first: date, last: date) -> list[DaySlots]:
        return self._call(lambda: self.calls.slots(item_code, first, last))

    def book(self, item_code: str, slot: Slot, *, id_number: str, phone: str) -> Booking:
        booking = self._call(lambda: self.calls.book(item_code, slot, id_number=id_number, phone=phone))
        log.info("appointment %s booked for %s", booking.code, slot.key)
        return booking

    def find(self, *, qr_text: str | None = None, id_number: str | None = None) -> list[Booking]:
        return self._call(lambda: self.calls.find(qr_text=qr_text, id_number=id_number))

    def cancel(self, booking: Booking, *, id_number: str | None = None) -> Booking:
        cancelled = self._call(lambda: self.calls.cancel(booking, id_number=id_number))
        log.info("appointment %s cancelled", booking.code)
        return cancelled

    def change(self, booking: Booking, slot: Slot, *, id_number: str | None = None) -> Booking:
        changed = self._call(lambda: self.calls.change(booking, slot, id_number=id_number))
        log.info("appointment %s moved to %s (now %s)", booking.code, slot.key, changed.code)
        return changed

    # -- BookingPort: the paper -----------------------------------------------------------------------------
    def print_slip(self, booking: Booking, language: Language = "zh_CN") -> tuple[bool, Words | None]:
        try:
            outcome = self.printing.print(booking_slip(self.slip(booking, language), self.paper), booking.code)
        except Exception:
            log.exception("the slip of appointment %s could not be printed", booking.code)
            return False, NOT_PRINTED
        return outcome.printed, outcome.message

    def slip(self, booking: Booking, language: Language = "zh_CN") -> BookingSlip:
        """What the slip of ``booking`` says in ``language``."""
        english = language == "en"
        before, after = self.check_in_window or (None, None)
        return BookingSlip(
            hall_name=(self.hall_name_en or self.hall_name) if english else self.hall_name,
            code=booking.code,
            item_name=booking.item_name.pick(language) or booking.item_name.zh,
            day=booking.day,
            start=booking.start,
            end=booking.end,
            qr_text=booking.qr_text,
            id_masked=booking.id_masked,
            phone_masked=booking.phone_masked,
            hotline=self.hotline,
            place=booking.place.pick(language) or booking.place.zh,
            check_in_before=before,
            check_in_after=after,
            language=language,
        )

    # -- helpers --------------------------------------------------------------------------------------------
    def _call(self, request: Callable[[], T]) -> T:
        """The answer, telling the hall link whether the hall was reached."""
        try:
            answer = request()
        except HallUnreachable as error:
            if self.link is not None:
                self.link.lost(str(error.message))
            raise
        except HallRefused:
            if self.link is not None:
                self.link.back()
            raise
        if self.link is not None:
            self.link.back()
        return answer
