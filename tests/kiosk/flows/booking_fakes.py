"""An in-memory BookingPort: the hall's capacity, its one-open-appointment-per-item limit, find, cancel and an
atomic change, for the flow tests (the real hall is tested through the station in tests/ui)."""

from __future__ import annotations

import threading
from dataclasses import replace
from datetime import date, time, timedelta

from devices.words import Language, Words
from kiosk.station.booking_port import (
    LIMIT_REACHED,
    NOT_FOUND,
    SLOT_TAKEN,
    BookableItem,
    Booking,
    DaySlots,
    Slot,
)
from kiosk.station.ports import Refused, Unavailable

ITEMS = [
    BookableItem("A-1", Words("居民身份证换领", "ID card renewal"), Words("公安局", "Public Security"), "A", 5),
    BookableItem("B-1", Words("社保卡申领", "Social security card"), Words("人社局", "Human Resources"), "S", 5),
]
TIMES = [(time(9, 0), time(9, 30)), (time(9, 30), time(10, 0)), (time(14, 0), time(14, 30))]
OFFLINE = Words("暂时无法连接大厅", "the hall cannot be reached")


def working_days(first: date, last: date) -> list[date]:
    days, day = [], first
    while day <= last:
        if day.weekday() < 5:
            days.append(day)
        day += timedelta(days=1)
    return days


class FakeBooking:
    def __init__(self, capacity: int = 2) -> None:
        self.online = True
        self.capacity = capacity
        self.taken: dict[str, int] = {}  # slot key -> places taken (by others and by bookings here)
        self.bookings: dict[str, tuple[Booking, str]] = {}  # code -> (booking, id number)
        self.printed: list[tuple[str, Language]] = []
        self.printer_ok = True
        self._lock = threading.Lock()

    def _check(self) -> None:
        if not self.online:
            raise Unavailable(OFFLINE)

    def items(self) -> list[BookableItem]:
        self._check()
        return list(ITEMS)

    def _free(self, key: str) -> int:
        return max(0, self.capacity - self.taken.get(key, 0))

    def slots(self, item_code: str, first: date, last: date) -> list[DaySlots]:
        self._check()
        out = []
        for day in working_days(first, last):
            slots = []
            for start, end in TIMES:
                key = Slot(day, start, end, 0).key
                slots.append(Slot(day, start, end, self._free(key)))
            out.append(DaySlots(day, tuple(slots)))
        return out

    def fill(self, slot: Slot) -> None:
        """Someone else (another kiosk) takes every place left."""
        self.taken[slot.key] = self.capacity

    def book(self, item_code: str, slot: Slot, *, id_number: str, phone: str) -> Booking:
        self._check()
        with self._lock:
            if any(b.item_code == item_code and b.status == "booked" and who == id_number
                   for b, who in self.bookings.values()):  # fmt: skip
                raise Refused(LIMIT_REACHED, Words("您已有一个该事项的预约", "You already have an appointment for it"))
            if self._free(slot.key) <= 0:
                raise Refused(SLOT_TAKEN, Words("该时段已约满", "That time is full"))
            self.taken[slot.key] = self.taken.get(slot.key, 0) + 1
            item = next(i for i in ITEMS if i.code == item_code)
            code = f"K{len(self.bookings) + 1:05d}"
            booking = Booking(
                code, f"YY-{code}", item_code, item.name, slot.day, slot.start, slot.end, "booked",
                f"{id_number[:6]}********{id_number[-4:]}", f"{phone[:3]}****{phone[-4:]}", Words("一楼A区", "Area A"),
            )  # fmt: skip
            self.bookings[code] = (booking, id_number)
            return booking

    def find(self, *, qr_text: str | None = None, id_number: str | None = None) -> list[Booking]:
        self._check()
        return [
            b
            for b, who in self.bookings.values()
            if b.status == "booked" and (b.qr_text == qr_text or (id_number is not None and who == id_number))
        ]

    def _open(self, booking: Booking) -> tuple[Booking, str]:
        found = self.bookings.get(booking.code)
        if found is None or found[0].status != "booked":
            raise Refused(NOT_FOUND, Words("没有找到这个预约", "No such appointment"))
        return found

    def cancel(self, booking: Booking, *, id_number: str | None = None) -> Booking:
        self._check()
        with self._lock:
            current, who = self._open(booking)
            self.taken[_key(current)] -= 1
            cancelled = replace(current, status="cancelled")
            self.bookings[current.code] = (cancelled, who)
            return cancelled

    def change(self, booking: Booking, slot: Slot, *, id_number: str | None = None) -> Booking:
        self._check()
        with self._lock:
            current, who = self._open(booking)
            if self._free(slot.key) <= 0:
                raise Refused(SLOT_TAKEN, Words("该时段已约满", "That time is full"))
            self.taken[_key(current)] -= 1
            self.taken[slot.key] = self.taken.get(slot.key, 0) + 1
            moved = replace(current, day=slot.day, start=slot.start, end=slot.end)
            self.bookings[current.code] = (moved, who)
            return moved

    def print_slip(self, booking: Booking, language: Language = "zh_CN") -> tuple[bool, Words | None]:
        self.printed.append((booking.code, language))
        return (True, None) if self.printer_ok else (False, Words("打印失败：缺纸", "printing failed: out of paper"))


def _key(booking: Booking) -> str:
    return Slot(booking.day, booking.start, booking.end, 0).key
