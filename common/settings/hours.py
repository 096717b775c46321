"""A category's opening hours as one line for the home screen: "周一至周五 09:00-12:00 13:30-17:00" or "24小时".

The hall words them from its config and sends them with each category of ``GET /api/v1/queue``.
"""

from __future__ import annotations

from common.settings.models import CategorySection, HallConfig, Weekday

DAYS: tuple[Weekday, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DAY_ZH: dict[Weekday, str] = dict(zip(DAYS, ("周一", "周二", "周三", "周四", "周五", "周六", "周日"), strict=True))
DAY_EN: dict[Weekday, str] = dict(zip(DAYS, ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"), strict=True))


def describe_hours(category: CategorySection) -> tuple[str, str]:
    """(Chinese, English) wording of when the category gives numbers; ("", "") when it never opens."""
    if category.always_open:
        return "24小时", "24 hours"
    runs: list[tuple[Weekday, Weekday, tuple[str, ...]]] = []  # (first day, last day, spans) of consecutive equal days
    for day in DAYS:
        spans = tuple(category.hours.get(day, []))
        if not spans:
            continue
        if runs and runs[-1][2] == spans and DAYS.index(runs[-1][1]) == DAYS.index(day) - 1:
            runs[-1] = (runs[-1][0], day, spans)
        else:
            runs.append((day, day, spans))
    zh = "，".join(_days(first, last, DAY_ZH, "至") + " " + " ".join(spans) for first, last, spans in runs)
    en = ", ".join(_days(first, last, DAY_EN, "-") + " " + " ".join(spans) for first, last, spans in runs)
    return zh, en


def _days(first: Weekday, last: Weekday, names: dict[Weekday, str], joiner: str) -> str:
    return names[first] if first == last else f"{names[first]}{joiner}{names[last]}"


def hours_of(config: HallConfig | None) -> dict[str, tuple[str, str]]:
    """prefix -> (zh, en) for every category of a hall config; empty without one."""
    if config is None:
        return {}
    return {category.prefix: describe_hours(category) for category in config.categories}
