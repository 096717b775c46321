"""Choosing a time: the coming working days as a strip, one day's times with their places left (full ones shown as
full), and, when the chosen time was taken meanwhile, the next free ones."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from kiosk.station.booking_port import DaySlots, Slot

ALTERNATIVES = 3  # free times offered when the chosen one was taken


def asked_span(today: date, days_ahead: int) -> tuple[date, date]:
    """The days to ask the hall for: from today to enough calendar days to hold ``days_ahead`` working days
    (weekends and a week-long holiday included); the hall leaves out its closed days."""
    return today, today + timedelta(days=max(1, days_ahead) * 7 // 5 + 9)


@dataclass
class SlotPicker:
    days: list[DaySlots] = field(default_factory=list)
    day_index: int = 0
    alternatives: list[Slot] = field(default_factory=list)  # offered after ``slot_taken``

    @classmethod
    def of(cls, days: list[DaySlots], days_ahead: int) -> SlotPicker:
        """Today and the next ``days_ahead`` working days the hall answered (days without any time left out),
        opened on the first day with a free place."""
        shown = [day for day in sorted(days, key=lambda d: d.day) if day.slots][: max(1, days_ahead) + 1]
        first_free = next((index for index, day in enumerate(shown) if day.free > 0), 0)
        return cls(shown, first_free)

    @property
    def day(self) -> DaySlots | None:
        return self.days[self.day_index] if 0 <= self.day_index < len(self.days) else None

    @property
    def any_free(self) -> bool:
        return any(day.free > 0 for day in self.days)

    def choose_day(self, index: int) -> None:
        if 0 <= index < len(self.days):
            self.day_index = index

    def slot(self, key: str) -> Slot | None:
        return next((slot for day in self.days for slot in day.slots if slot.key == key), None)

    def next_free(self, after: Slot, count: int = ALTERNATIVES) -> list[Slot]:
        """The first free times at or after ``after`` (another window may have one at the same time), then the
        ones before it: nearest first."""
        free = [slot for day in self.days for slot in day.slots if slot.free > 0]
        later = [slot for slot in free if slot.key >= after.key]
        earlier = [slot for slot in free if slot.key < after.key]
        return (later + earlier[::-1])[:count]

    def open_day_of(self, slot: Slot) -> None:
        for index, day in enumerate(self.days):
            if day.day == slot.day:
                self.day_index = index
