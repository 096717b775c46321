"""A filing's time limits (承诺时限, 法定时限) counted in the hall's working days, and how close each is: the
figures the staff's list shows and electronic supervision (电子监察) warns on. Pure: dates in, a state out.

The clock of a filing starts on the day it was accepted (受理), or on the day it reached the hall while it waits to
be accepted or for missing materials (补正): a kiosk filing is an application the hall must answer in time either
way. An item with 0 days (即办) is due on the day it starts (or the next working day). Each limit is
- ``red`` when the due day has passed and the filing is still open (逾期),
- ``yellow`` when ``warn_days`` working days or fewer are left (临期, the due day itself counts as 0 left),
- ``ok`` otherwise; a concluded filing (completed, rejected) is ``done`` and never warned on."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from hall.workdays import add_working_days, is_working_day, parse_days

OPEN_STATUSES = frozenset({"submitted", "accepted", "materials_requested"})
DEFAULT_WARN_DAYS = 1
MAX_SPAN_DAYS = 800  # no limit is longer than 365 working days


class Level(StrEnum):
    OK = "ok"
    YELLOW = "yellow"
    RED = "red"
    DONE = "done"


@dataclass(frozen=True)
class Calendar:
    """The hall's working calendar: holidays and make-up workdays (hall.toml ``[ratings]``)."""

    holidays: Collection[date] = frozenset()
    makeup_workdays: Collection[date] = frozenset()

    def working(self, day: date) -> bool:
        return is_working_day(day, self.holidays, self.makeup_workdays)

    def add(self, start: date, days: int) -> date:
        return add_working_days(start, days, self.holidays, self.makeup_workdays)

    def left(self, today: date, due: date) -> int:
        """Working days from ``today`` to ``due``: 0 on the due day, negative (working days late) after it."""
        if today == due:
            return 0
        step, sign = (timedelta(days=1), 1) if today < due else (timedelta(days=-1), -1)
        day, counted, walked = today, 0, 0
        while day != due and walked < MAX_SPAN_DAYS:
            if self.working(day if sign < 0 else day + step):
                counted += 1
            day += step
            walked += 1
        # Late: the working days after the due day up to today (a weekend after it is not "more late").
        return sign * counted


@dataclass(frozen=True)
class Limit:
    """One time limit of one filing: its due day, the working days left (negative: late) and its level."""

    days: int
    due: date
    left: int
    level: Level


def limit(start: date, days: int, today: date, calendar: Calendar, *, open_: bool, warn_days: int) -> Limit:
    due = calendar.add(start, days)
    left = calendar.left(today, due)
    if not open_:
        level = Level.DONE
    elif today > due:
        level = Level.RED
    elif left <= warn_days:
        level = Level.YELLOW
    else:
        level = Level.OK
    return Limit(days, due, left if today <= due else min(left, -1), level)


@dataclass(frozen=True)
class FilingLimits:
    """Both limits of one filing, from the day its clock started."""

    start: date
    promised: Limit
    statutory: Limit

    @property
    def level(self) -> Level:
        """The worse of the two."""
        order = [Level.RED, Level.YELLOW, Level.OK, Level.DONE]
        return min(self.promised.level, self.statutory.level, key=order.index)


def filing_limits(
    *,
    status: str,
    received: date,
    accepted: date | None,
    promised_days: int,
    statutory_days: int,
    today: date,
    calendar: Calendar,
    warn_days: int = DEFAULT_WARN_DAYS,
) -> FilingLimits:
    """The limits of a filing with ``status`` that reached the hall on ``received`` (a day in the hall's zone)
    and was accepted on ``accepted`` (None: not yet)."""
    start = accepted or received
    open_ = status in OPEN_STATUSES
    return FilingLimits(
        start,
        limit(start, promised_days, today, calendar, open_=open_, warn_days=warn_days),
        limit(start, statutory_days, today, calendar, open_=open_, warn_days=warn_days),
    )


def hall_calendar(holidays: Collection[str], makeup_workdays: Collection[str]) -> Calendar:
    """The calendar of hall.toml's ``[ratings] holidays`` and ``makeup_workdays`` (YYYY-MM-DD strings)."""
    return Calendar(parse_days(holidays), parse_days(makeup_workdays))
