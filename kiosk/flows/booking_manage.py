"""What booking (kiosk/flows/booking.py) shares with "manage my appointment": the steps, the ID card, loading a
day's times, and finding, cancelling and changing an appointment (by the slip's scanned QR or the ID card)."""

from __future__ import annotations

import re
from enum import StrEnum
from typing import Any

from common.hallapi.booking import QR_TEXT
from common.refusals import card_timeout, card_unusable
from devices.identity import Identity
from devices.words import Words
from kiosk.flows.booking_slots import SlotPicker, asked_span
from kiosk.flows.booking_words import (
    BOOKING_PAUSED,
    BY_QR,
    CANCELLED,
    CHANGE_TAKEN,
    NONE_FOUND,
    NOT_A_SLIP,
    NOTHING_FREE,
    SLOT_TAKEN,
)
from kiosk.flows.card import cancel_card, read_card
from kiosk.flows.flow import Flow
from kiosk.flows.jobs import Job
from kiosk.station.booking_port import BookableItem, Booking, BookingPort, DaySlots, Slot
from kiosk.station.ports import Refused, Unavailable


class BookingStep(StrEnum):
    START = "start"  # book, or manage an appointment (a scanned slip goes straight to it)
    WORKING = "working"  # waiting for the hall
    PAUSED = "paused"  # the hall could not be reached for the list of items
    ITEM = "item"
    SLOTS = "slots"
    CONSENT = "consent"
    READING = "reading"
    READ_FAILED = "read_failed"
    PHONE = "phone"
    CONFIRM = "confirm"
    DONE = "done"  # booked or changed: the code large, the slip printed
    LIMIT = "limit"  # the hall's per-person limit: the appointment already made
    FIND = "find"  # manage: scan the slip or use the ID card
    FOUND = "found"  # more than one open appointment: choose one
    MANAGE = "manage"  # one appointment: cancel or change
    CANCEL_CONFIRM = "cancel_confirm"
    CANCELLED = "cancelled"


class Mode(StrEnum):
    BOOK = "book"
    MANAGE = "manage"
    CHANGE = "change"  # manage, choosing the new time


class BookingBase(Flow):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.step, self.mode = BookingStep.START, Mode.BOOK
        self.working = Words("", "")  # what the WORKING page says
        self.back_to = BookingStep.START  # where a failed call returns to
        self.items: list[BookableItem] = []
        self.item: BookableItem | None = None
        self.picker = SlotPicker()
        self.found: list[Booking] = []
        self.chosen: Booking | None = None  # the appointment being managed
        self.booking: Booking | None = None  # the one just booked or changed
        self.printed: tuple[bool, Words | None] = (False, None)
        self.id_number: str | None = None  # read from the card, until the appointment is made or found
        self.taken: Slot | None = None  # the time someone else took while this citizen chose it

    @property
    def port(self) -> BookingPort:
        port = self.context.booking
        assert port is not None, "the booking screen needs a booking port"
        return port

    def call(self, name: str, doing: Words, work: Any, done: Any) -> Job[Any] | None:
        """A hall call: the WORKING page meanwhile; ``Unavailable`` and ``Refused`` come back as results."""

        def guarded() -> Any:
            try:
                return work()
            except (Unavailable, Refused) as error:
                return error

        job = self.job(name, guarded, done)
        if job is not None:
            if self.step is not BookingStep.WORKING:
                self.back_to = self.step
            self.step, self.working, self.message = BookingStep.WORKING, doing, None
        return job

    def failed(self, result: object) -> bool:
        """A failed call: back to the step it came from, saying why. True when it failed."""
        if isinstance(result, Unavailable):
            self.step, self.message = self.back_to, BOOKING_PAUSED.words()
            return True
        if isinstance(result, Refused):
            self.step, self.message = self.back_to, result.message
            return True
        return False

    # -- a day's times (booking and changing) -----------------------------------------------------------------
    def load_slots(self, item: BookableItem) -> Job[Any] | None:
        first, last = asked_span(self.context.now().date(), item.days_ahead)
        doing = Words("正在查询可预约时段…", "Finding free times…")
        return self.call("slots", doing, lambda: self.port.slots(item.code, first, last), self._slots_loaded)

    def _slots_loaded(self, result: list[DaySlots] | Unavailable | Refused) -> None:
        taken, self.taken = self.taken, None
        if self.failed(result):
            return
        assert isinstance(result, list) and self.item is not None
        self.picker = SlotPicker.of(result, self.item.days_ahead)
        self.step = BookingStep.SLOTS
        if taken is not None:  # said plainly, with the next free times
            self.picker.alternatives = self.picker.next_free(taken)
            self.picker.open_day_of(taken)
            self.message = (CHANGE_TAKEN if self.mode is Mode.CHANGE else SLOT_TAKEN).words()
        else:
            self.message = None if self.picker.any_free else NOTHING_FREE

    # -- the ID card ----------------------------------------------------------------------------------------
    def use_id_card(self) -> None:
        if not self.busy and self.context.offers().can_read_id:
            self.step, self.message = BookingStep.CONSENT, None

    def agree(self) -> Job[Any] | None:
        if self.step not in {BookingStep.CONSENT, BookingStep.READ_FAILED}:
            return None
        job = read_card(self, self._with_identity, self._read_failed, on_timeout=self._timed_out,
                        on_cancel=self.decline)  # fmt: skip
        if job is not None:
            self.session.consent = True
            self.step, self.message = BookingStep.READING, None
        return job

    def decline(self) -> None:
        if self.step in {BookingStep.CONSENT, BookingStep.READ_FAILED, BookingStep.READING}:
            self.session.consent = False
            self.step = BookingStep.SLOTS if self.mode is Mode.BOOK else BookingStep.FIND
            self.message = None

    def cancel_read(self) -> None:
        cancel_card(self)

    def _without_card(self) -> Words | None:
        return BY_QR if self.mode is not Mode.BOOK and self.context.offers().can_scan else None

    def _read_failed(self, why: Words) -> None:
        self.step, self.message = BookingStep.READ_FAILED, card_unusable(why, self._without_card()).words()

    def _timed_out(self, seconds: int) -> None:
        self.step, self.message = BookingStep.READ_FAILED, card_timeout(seconds, self._without_card()).words()

    def _with_identity(self, identity: Identity) -> Job[Any] | None:
        self.id_number = identity.id_number
        if self.mode is Mode.BOOK:
            self.step, self.message = BookingStep.PHONE, None
            return None
        self.back_to = BookingStep.FIND
        return self.find(id_number=identity.id_number)

    # -- manage: find, cancel, change -----------------------------------------------------------------------
    def manage(self) -> None:
        if self.step is BookingStep.START and not self.busy:
            self.mode, self.step, self.message = Mode.MANAGE, BookingStep.FIND, None

    def on_scan(self, text: str) -> Job[Any] | None:
        """The slip's QR code: taken on the first page and on the manage page."""
        if self.step not in {BookingStep.START, BookingStep.FIND} or not text.strip() or self.busy:
            return None
        self.mode, self.id_number = Mode.MANAGE, None
        if not re.fullmatch(QR_TEXT, text.strip()):  # a ticket's or a receipt's code, a payment code ...
            self.step, self.message = BookingStep.FIND, NOT_A_SLIP.words()
            return None
        return self.find(qr_text=text.strip())

    def find(self, *, qr_text: str | None = None, id_number: str | None = None) -> Job[Any] | None:
        doing = Words("正在查找您的预约…", "Finding your appointment…")
        work = lambda: self.port.find(qr_text=qr_text, id_number=id_number)  # noqa: E731
        return self.call("find", doing, work, self._found)

    def _found(self, result: list[Booking] | Unavailable | Refused) -> None:
        self.session.identity, self.session.consent = None, False
        if self.failed(result):
            self.step = BookingStep.FIND
            return
        assert isinstance(result, list)
        self.found = [booking for booking in result if booking.status == "booked"]
        if not self.found:
            self.step, self.message = BookingStep.FIND, NONE_FOUND.words()
        elif len(self.found) == 1:
            self.open_booking(0)
        else:
            self.step, self.message = BookingStep.FOUND, None

    def open_booking(self, index: int) -> None:
        if 0 <= index < len(self.found):
            self.mode, self.chosen = Mode.MANAGE, self.found[index]
            self.step, self.message = BookingStep.MANAGE, None

    def ask_cancel(self) -> None:
        if self.step is BookingStep.MANAGE and self.chosen is not None:
            self.step, self.message = BookingStep.CANCEL_CONFIRM, None

    def cancel(self) -> Job[Any] | None:
        chosen = self.chosen
        if self.step is not BookingStep.CANCEL_CONFIRM or chosen is None:
            return None
        doing = Words("正在取消预约…", "Cancelling your appointment…")
        work = lambda: self.port.cancel(chosen, id_number=self.id_number)  # noqa: E731
        return self.call("cancel", doing, work, self._cancelled)

    def _cancelled(self, result: Booking | Unavailable | Refused) -> None:
        if self.failed(result):
            return
        assert isinstance(result, Booking)
        self.chosen, self.id_number = result, None
        self.step, self.message = BookingStep.CANCELLED, CANCELLED

    def change(self) -> Job[Any] | None:
        """Choose a new time for the appointment being managed (its item's times)."""
        chosen = self.chosen
        if self.step is not BookingStep.MANAGE or chosen is None:
            return None
        self.mode = Mode.CHANGE
        self.item = next((item for item in self.items if item.code == chosen.item_code), None) or BookableItem(
            chosen.item_code, chosen.item_name, Words("", ""), "", days_ahead=10
        )
        self.picker = SlotPicker()
        return self.load_slots(self.item)
