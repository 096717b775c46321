"""Appointment booking (预约办理): choose the item (a list, or search by name or pinyin initials), a time of the coming
working days, the ID card (after consent), the mobile number on the keypad, confirm on one page; the hall books it
(capacity and per-person limits are its own) and the slip prints with the code and the QR code the check-in
accepts. "Manage my appointment" (kiosk/flows/booking_manage.py) finds one by the slip's QR or the ID card, then
cancels or changes it. docs/booking.md."""

from __future__ import annotations

from typing import Any

from common.refusals import device_fault
from devices.words import Words
from kiosk.flows.booking_manage import BookingBase, BookingStep, Mode
from kiosk.flows.booking_words import PHONE_DIGITS, PRINTED, limit_words, phone_problem
from kiosk.flows.jobs import Job
from kiosk.flows.paging import Paging
from kiosk.flows.search_box import LetterSearch
from kiosk.station.booking_port import LIMIT_REACHED, SLOT_TAKEN, BookableItem, Booking, Slot
from kiosk.station.ports import Guide, Refused, Unavailable

BOOKING_SCREEN = "booking"
READER_OUT = device_fault(
    Words("身份证阅读器", "ID card reader"),
    instead=Words("请拨打服务热线预约，或到服务台咨询", "Please book by calling the hotline, or ask at the help desk"),
).words()
Booked = tuple[Booking, tuple[bool, Words | None]]


class BookingFlow(Paging[BookableItem], LetterSearch, BookingBase):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.searching = False  # the letter keyboard shows
        self.page, self.page_size = 0, 6
        self.slot: Slot | None = None
        self.phone = ""  # the digits typed; dropped once the appointment is made
        self._initials: dict[str, str] = {}  # item code -> the guide's pinyin initials and keywords
        self._limit: Words | None = None

    # -- the items ------------------------------------------------------------------------------------------
    def start(self) -> Job[Any] | None:
        doing = Words("正在加载可预约事项…", "Loading the services you can book…")
        return self.call("items", doing, self._fetch_items, self._items_loaded)

    def retry(self) -> Job[Any] | None:
        return self.start() if self.step is BookingStep.PAUSED else None

    def _fetch_items(self) -> tuple[list[BookableItem], Guide | None]:
        items = self.port.items()
        try:
            guide: Guide | None = self.context.hall.guide()  # the pinyin initials to search by; a cached copy will do
        except Unavailable:
            guide = None
        return items, guide

    def _items_loaded(self, result: tuple[list[BookableItem], Guide | None] | Unavailable | Refused) -> None:
        if self.failed(result):
            self.step = BookingStep.PAUSED
            return
        assert isinstance(result, tuple)
        self.items, guide = result
        for entry in guide.items if guide is not None else ():
            self._initials[entry.code] = " ".join((entry.pinyin_initials, *entry.keywords)).lower()
        self.step = BookingStep.START

    def book_new(self) -> None:
        if self.step is BookingStep.START and not self.busy:
            self.mode, self.step, self.message = Mode.BOOK, BookingStep.ITEM, None
            self.page = 0

    def toggle_search(self) -> None:
        self.searching, self.page = not self.searching, 0
        self.session.search_text = ""

    def typed(self) -> None:
        self.page = 0  # the results start on their first page

    def shown_items(self) -> list[BookableItem]:
        """Every bookable item, or those whose name or pinyin initials hold what was typed."""
        text = self.session.search_text.lower() if self.searching else ""
        if not text:
            return list(self.items)
        return [
            item
            for item in self.items
            if text in item.name.zh.lower() or text in item.name.en.lower() or text in self._initials.get(item.code, "")
        ]

    def paged(self) -> list[BookableItem]:
        return self.shown_items()

    def choose_item(self, code: str) -> Job[Any] | None:
        item = next((item for item in self.items if item.code == code), None)
        if item is None or self.step is not BookingStep.ITEM:
            return None
        self.item, self.slot = item, None
        return self.load_slots(item)

    # -- the time -------------------------------------------------------------------------------------------
    def choose_day(self, index: int) -> None:
        if self.step is BookingStep.SLOTS:
            self.picker.choose_day(index)
            self.picker.alternatives = []

    def choose_slot(self, key: str) -> None:
        slot = self.picker.slot(key)
        if self.step is not BookingStep.SLOTS or slot is None or slot.free <= 0:
            return
        self.slot, self.message, self.picker.alternatives = slot, None, []
        if self.mode is Mode.CHANGE or (self.id_number and self.phone):
            self.step = BookingStep.CONFIRM
        elif self.id_number:
            self.step = BookingStep.PHONE
        elif self.context.offers().can_read_id:
            self.step = BookingStep.CONSENT
        else:
            self.message = READER_OUT

    # -- the phone number -----------------------------------------------------------------------------------
    def key(self, digit: str) -> None:
        if self.step is BookingStep.PHONE and digit.isdigit() and len(self.phone) < PHONE_DIGITS:
            self.phone += digit
            self.message = None

    def erase_digit(self) -> None:
        if self.step is BookingStep.PHONE:
            self.phone, self.message = self.phone[:-1], None

    def phone_done(self) -> None:
        if self.step is not BookingStep.PHONE:
            return
        self.message = phone_problem(self.phone)
        if self.message is None:
            self.step = BookingStep.CONFIRM

    # -- confirm: book, or move the appointment -------------------------------------------------------------
    def confirm(self) -> Job[Any] | None:
        item, slot, chosen = self.item, self.slot, self.chosen
        if self.step is not BookingStep.CONFIRM or item is None or slot is None:
            return None
        language = self.context.language
        if self.mode is Mode.CHANGE and chosen is not None:
            id_number = self.id_number

            def move() -> Booked:
                changed = self.port.change(chosen, slot, id_number=id_number)
                return changed, self.port.print_slip(changed, language)

            doing = Words("正在改约并打印预约凭证…", "Changing your appointment and printing the slip…")
            return self.call("change", doing, move, self._booked)
        id_number, phone = self.id_number, self.phone
        if id_number is None:
            return None

        def book() -> Booked:
            booking = self.port.book(item.code, slot, id_number=id_number, phone=phone)
            return booking, self.port.print_slip(booking, language)

        doing = Words("正在预约并打印预约凭证…", "Booking and printing your slip…")
        return self.call("book", doing, book, self._booked)

    def _booked(self, result: Booked | Unavailable | Refused) -> Job[Any] | None:
        if isinstance(result, Refused) and result.code == SLOT_TAKEN and self.item is not None:
            self.step, self.taken, self.slot = BookingStep.SLOTS, self.slot, None
            return self.load_slots(self.item)
        if isinstance(result, Refused) and result.code == LIMIT_REACHED and self.id_number:
            self._limit, id_number = limit_words(result.message), self.id_number
            doing = Words("正在查找您已有的预约…", "Finding the appointment you have…")
            work = lambda: self.port.find(id_number=id_number)  # noqa: E731
            return self.call("existing", doing, work, self._existing)
        if self.failed(result):
            return None
        assert isinstance(result, tuple)
        self.booking, self.printed = result
        self.session.identity, self.session.consent = None, False
        self.id_number, self.phone = None, ""
        printed, why = self.printed
        self.step, self.message = BookingStep.DONE, PRINTED if printed else why
        return None

    def _existing(self, result: list[Booking] | Unavailable | Refused) -> None:
        if self.failed(result):
            return
        assert isinstance(result, list)
        self.found = [booking for booking in result if booking.status == "booked"]
        same = [booking for booking in self.found if self.item is not None and booking.item_code == self.item.code]
        self.chosen = next(iter(same or self.found), None)
        self.step, self.message = BookingStep.LIMIT, self._limit

    def manage_existing(self) -> None:
        """From the limit page: the appointment already made, to cancel or change."""
        if self.step is BookingStep.LIMIT and self.chosen is not None:
            self.mode, self.phone, self.slot = Mode.MANAGE, "", None
            self.step, self.message = BookingStep.MANAGE, None

    # -- navigation -----------------------------------------------------------------------------------------
    def back(self) -> bool:
        step = self.step
        if step is BookingStep.READING:
            self.cancel_read()
            return True
        if step in {BookingStep.CONSENT, BookingStep.READ_FAILED}:
            self.decline()
            return True
        previous = {
            BookingStep.ITEM: BookingStep.START,
            BookingStep.SLOTS: BookingStep.MANAGE if self.mode is Mode.CHANGE else BookingStep.ITEM,
            BookingStep.PHONE: BookingStep.SLOTS,
            BookingStep.CONFIRM: BookingStep.SLOTS if self.mode is Mode.CHANGE else BookingStep.PHONE,
            BookingStep.LIMIT: BookingStep.SLOTS,
            BookingStep.FIND: BookingStep.START,
            BookingStep.FOUND: BookingStep.FIND,
            BookingStep.MANAGE: BookingStep.FOUND if len(self.found) > 1 else BookingStep.FIND,
            BookingStep.CANCEL_CONFIRM: BookingStep.MANAGE,
        }.get(step)
        if previous is None or self.busy:
            return False
        if step is BookingStep.SLOTS and self.mode is Mode.CHANGE:
            self.mode = Mode.MANAGE
        self.step, self.message, self.picker.alternatives = previous, None, []
        return True

    def leave(self) -> None:
        self.cancel_read()
