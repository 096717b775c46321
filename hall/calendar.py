"""Service days and opening hours in the hall's own time zone (never a fixed UTC offset)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from common.settings.models import CategorySection

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def service_day(moment: datetime, zone: ZoneInfo) -> date:
    """The local date at the hall: a ticket taken at 00:01 in Shanghai belongs to the new day."""
    if moment.tzinfo is None:
        raise ValueError("hall times must be timezone-aware")
    return moment.astimezone(zone).date()


def is_open(category: CategorySection, moment: datetime, zone: ZoneInfo) -> bool:
    if category.always_open:
        return True
    local = moment.astimezone(zone)
    now = local.strftime("%H:%M")
    for span in category.hours.get(WEEKDAYS[local.weekday()], []):  # type: ignore[call-overload]
        start, end = span.split("-")
        if start <= now < end:
            return True
    return False


def next_opening(category: CategorySection, moment: datetime, zone: ZoneInfo) -> datetime | None:
    """When a category closed at ``moment`` next gives numbers (aware, in the hall's zone); None when it is open
    now or has no hours in the week."""
    if is_open(category, moment, zone):
        return None
    local = moment.astimezone(zone)
    for ahead in range(8):  # today's later spans, then the next seven days (today's weekday again last)
        day = (local + timedelta(days=ahead)).date()
        spans = category.hours.get(WEEKDAYS[day.weekday()], [])  # type: ignore[call-overload]
        for span in sorted(spans):
            start = datetime.combine(day, time.fromisoformat(span.split("-")[0]), zone)
            if start > local:
                return start
    return None
