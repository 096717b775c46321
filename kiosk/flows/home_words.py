"""The home screen's words about time: when the staffed windows open, each category's state, the tiles' notes
out of hours. Times are the hall's local time, said the way a notice on the door says them."""

from __future__ import annotations

from datetime import datetime

from common.settings.hours import DAY_EN, DAY_ZH, DAYS
from devices.words import Words
from kiosk.station.ports import CategoryInfo

TAKE_NUMBER = "take_number"
CHECK_IN_IN_HOURS = Words("办理时间内可签到", "Check in during staffed hours")
MORE_SERVICES = Words("更多服务", "More services")
WEEK = 7


def when_words(moment: datetime, now: datetime) -> Words:
    """今天 13:30, 明天 09:00, 周一 09:00, or 12月1日 09:00 further ahead; ``moment`` in ``now``'s zone."""
    local = moment.astimezone(now.tzinfo)
    clock = f"{local:%H:%M}"
    days = (local.date() - now.date()).days
    if days <= 0:
        return Words(f"今天 {clock}", f"today {clock}")
    if days == 1:
        return Words(f"明天 {clock}", f"tomorrow {clock}")
    if days < WEEK:
        day = DAYS[local.weekday()]
        return Words(f"{DAY_ZH[day]} {clock}", f"{DAY_EN[day]} {clock}")
    return Words(f"{local.month}月{local.day}日 {clock}", f"{local.day} {local:%b} {clock}")


def opening_words(when: Words) -> Words:
    """人工窗口 周一 09:00 开始办理 / Staffed windows open Mon 09:00."""
    return Words(f"人工窗口 {when.zh} 开始办理", f"Staffed windows open {when.en}")


def state_words(category: CategoryInfo, now: datetime) -> Words:
    """The hours table's state: 等候 3 人 while open, else when it opens (周一 09:00 开始) if the hall says."""
    if category.open:
        return Words(f"等候 {category.waiting} 人", f"{category.waiting} waiting")
    if category.opens_at is not None:
        when = when_words(category.opens_at, now)
        return Words(f"{when.zh} 开始", f"Opens {when.en}")
    return Words("暂停取号", "Closed now")


def open_now_words(open_now: list[CategoryInfo]) -> Words:
    """The take-a-number tile's note out of hours: which numbers are given now."""
    return Words(
        "现在可取：" + "、".join(category.name_zh for category in open_now),
        "Open now: " + ", ".join(category.name_en for category in open_now),
    )


def no_numbers_words(when: Words | None) -> Words:
    """Why the take-a-number tile is paused when no category gives numbers."""
    if when is None:
        return Words("现在不办理取号", "No numbers are given now")
    return Words(f"{when.zh} 开始取号", f"Numbers from {when.en}")


def more_hint(titles: list[Words]) -> Words:
    """更多服务's hint: the names of the tiles behind it."""
    return Words("、".join(title.zh for title in titles), ", ".join(title.en for title in titles))
