"""When an item can be booked: its slots on the hall's working days, cut from its queue category's opening hours.
Pure: config and times in, days and slots out (docs/booking.md, "Slots").

- A day has slots when the category has hours on it (a category open on Saturdays has Saturday slots) and it is
  not a holiday of the hall's calendar (``[ratings] holidays``). A make-up workday (``makeup_workdays``: a
  weekend day worked, 调休) the category has no hours for takes those of the first weekday, Monday to Friday,
  that has any.
- Each span of hours is cut into ``slot_minutes`` pieces from its start; a piece that would run past the span's
  end is left out.
- The days on offer are today and the next ``days_ahead`` working days; a slot is on offer until
  ``book_before_minutes`` before it starts.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from common.errors import ConfigError
from common.settings.booking import BookableItemSection
from common.settings.models import CategorySection, HallConfig
from hall.calendar import WEEKDAYS
from hall.workdays import MAX_DAYS_OFF_IN_A_ROW, parse_days

WORKDAYS = WEEKDAYS[:5]


@dataclass(frozen=True)
class SlotTime:
    day: date
    start: time
    end: time


class Schedule:
    """The slots of each bookable item, under one hall config."""

    def __init__(self, config: HallConfig) -> None:
        self.config = config
        self.booking = config.booking
        self.zone = ZoneInfo(config.hall.timezone)
        self.categories = {c.prefix: c for c in config.categories}
        self.holidays = parse_days(config.ratings.holidays)
        self.makeup_workdays = parse_days(config.ratings.makeup_workdays)

    def item(self, code: str) -> BookableItemSection | None:
        return self.booking.item(code)

    def days_ahead(self, item: BookableItemSection) -> int:
        return item.days_ahead or self.booking.days_ahead

    def hours_on(self, category: CategorySection, day: date) -> list[str]:
        """The category's spans ("09:00-12:00") on ``day``: none on a holiday, its own on any other day (a
        Saturday when it opens then), a weekday's on a make-up workday it has no hours for."""
        if day in self.holidays and day not in self.makeup_workdays:
            return []
        hours: dict[str, list[str]] = {str(weekday): spans for weekday, spans in category.hours.items()}
        spans = hours.get(WEEKDAYS[day.weekday()], [])
        if not spans and day in self.makeup_workdays:
            spans = next((hours[d] for d in WORKDAYS if hours.get(d)), [])
        return sorted(spans)

    def slots_on(self, item: BookableItemSection, day: date) -> list[SlotTime]:
        """Every slot of ``item`` on ``day``, booked or not, in order."""
        slots = []
        for span in self.hours_on(self.categories[item.category], day):
            first, last = (_minutes(part) for part in span.split("-"))
            for start in range(first, last - item.slot_minutes + 1, item.slot_minutes):
                slots.append(SlotTime(day, _clock(start), _clock(start + item.slot_minutes)))
        return slots

    def days_on_offer(self, item: BookableItemSection, now: datetime) -> list[date]:
        """Today (while it has slots still on offer) and the next ``days_ahead`` days that have slots."""
        today = now.astimezone(self.zone).date()
        days = [today] if self._later(self.slots_on(item, today), now) else []
        day, off, wanted = today, 0, self.days_ahead(item)
        while len(days) - (days[:1] == [today]) < wanted and off <= MAX_DAYS_OFF_IN_A_ROW:
            day += timedelta(days=1)
            if self.slots_on(item, day):
                days.append(day)
                off = 0
            else:
                off += 1
        return days

    def on_offer(
        self, item: BookableItemSection, now: datetime, first: date | None = None, last: date | None = None
    ) -> list[SlotTime]:
        """The slots that can be booked now, from ``first`` to ``last`` (both included) when given."""
        found = []
        for day in self.days_on_offer(item, now):
            if (first is not None and day < first) or (last is not None and day > last):
                continue
            found += self._later(self.slots_on(item, day), now)
        return found

    def _later(self, slots: list[SlotTime], now: datetime) -> list[SlotTime]:
        """Those of ``slots`` that start ``book_before_minutes`` from now or later."""
        latest = now + timedelta(minutes=self.booking.book_before_minutes)
        return [s for s in slots if datetime.combine(s.day, s.start, self.zone) >= latest]

    def slot(self, item: BookableItemSection, day: date, start: time, now: datetime) -> SlotTime | None:
        """The slot of ``item`` starting at ``start`` on ``day`` if it can be booked now, else None."""
        return next((s for s in self.on_offer(item, now, day, day) if s.start == start), None)

    def can_still_change(self, day: date, start: time, now: datetime) -> bool:
        """Whether a booked slot can still be cancelled or moved: until ``book_before_minutes`` before it starts."""
        return datetime.combine(day, start, self.zone) >= now + timedelta(minutes=self.booking.book_before_minutes)


def check_booking(config: HallConfig, catalog_codes: Iterable[str]) -> list[str]:
    """ConfigError (one line per problem) unless each bookable item's category exists and has hours and each of
    its windows exists and serves that category. Items the catalog lacks are returned (and not offered): a hall
    that replaces the catalog still starts."""
    codes = set(catalog_codes)
    categories = {c.prefix: c for c in config.categories}
    windows = {w.number: w for w in config.windows}
    problems = []
    for item in config.booking.items:
        where = f"[booking] items {item.code}"
        category = categories.get(item.category)
        if category is None:
            problems.append(f"{where}: 没有业务类别 {item.category} / unknown category {item.category}")
        elif category.always_open or not any(category.hours.values()):
            problems.append(
                f"{where}: 业务类别 {item.category} 没有办理时间，无法划分时段 / category {item.category} has no "
                "opening hours to cut slots from"
            )
        for slot_window in item.windows:
            window = windows.get(slot_window.number)
            if window is None or item.category not in window.categories:
                problems.append(
                    f"{where}: {slot_window.number}号窗口不办理业务类别 {item.category} / window "
                    f"{slot_window.number} does not serve category {item.category}"
                )
    if problems:
        raise ConfigError(problems[0], details=problems)
    return [item.code for item in config.booking.items if item.code not in codes]


def _minutes(text: str) -> int:
    hours, minutes = text.split(":")
    return int(hours) * 60 + int(minutes)


def _clock(minutes: int) -> time:
    return time(23, 59) if minutes >= 24 * 60 else time(minutes // 60, minutes % 60)
