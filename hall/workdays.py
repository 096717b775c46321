"""Working days for deadlines: weekends and holidays skipped, make-up workdays (调休) counted. Pure functions."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from datetime import date, timedelta

SATURDAY = 5
# No holiday calendar has more than a few weeks off in a row; a longer search means the calendar is wrong.
MAX_DAYS_OFF_IN_A_ROW = 60


def parse_days(days: Iterable[str]) -> frozenset[date]:
    """The YYYY-MM-DD strings of the config as dates (the config has already checked the format)."""
    return frozenset(date.fromisoformat(day) for day in days)


def is_working_day(day: date, holidays: Collection[date], makeup_workdays: Collection[date]) -> bool:
    if day in makeup_workdays:
        return True
    return day.weekday() < SATURDAY and day not in holidays


def add_working_days(start: date, n: int, holidays: Collection[date], makeup_workdays: Collection[date]) -> date:
    """The ``n``-th working day after ``start`` (``start`` itself is not counted); for n = 0, the first working
    day on or after ``start``."""
    if n < 0:
        raise ValueError(f"working days must not be negative, got {n}")
    day, counted, off_in_a_row = start, 0, 0
    if n == 0:
        day -= timedelta(days=1)
        n = 1
    while counted < n:
        day += timedelta(days=1)
        if is_working_day(day, holidays, makeup_workdays):
            counted += 1
            off_in_a_row = 0
        else:
            off_in_a_row += 1
            if off_in_a_row > MAX_DAYS_OFF_IN_A_ROW:
                raise ValueError(f"no working day in {MAX_DAYS_OFF_IN_A_ROW} days in a row before {day}")
    return day
