"""The refusals of booking, in the one wording of common/refusals.py: what happened, when it can work, what to do
now. Their codes are the ones the kiosk's booking port names (``slot_taken``, ``limit_reached``, ``not_found``)
and a few the citizen can only meet through a broken or stale request."""

from __future__ import annotations

from datetime import date, time

from common.refusals import Refusal
from devices.words import Words

SLOT_TAKEN = "slot_taken"
LIMIT_REACHED = "limit_reached"
NOT_FOUND = "not_found"
NOT_BOOKABLE = "not_bookable"  # not an item that takes appointments
NO_SUCH_SLOT = "no_such_slot"  # not a slot on offer (a day off, past, too far ahead, not on the grid)
NOT_OPEN = "not_open"  # checked in, cancelled or expired: nothing left to cancel or change
TOO_LATE_TO_CHANGE = "too_late_to_change"
CHANGED_MEANWHILE = "changed_meanwhile"
BAD_PHONE = "bad_phone"

ASK = Words("或到服务台咨询", "or ask at the help desk")


def _day(day: date, start: time) -> Words:
    return Words(f"{day.month}月{day.day}日 {start:%H:%M}", f"{day.isoformat()} {start:%H:%M}")


def slot_taken(day: date, start: time, next_free: tuple[date, time] | None) -> Refusal:
    """Someone else took the last place while the citizen chose; the next free slot when there is one."""
    when = _day(day, start)
    soonest = (
        Words(f"最近可约 {_day(*next_free).zh}", f"The next free time is {_day(*next_free).en}") if next_free else None
    )
    return Refusal(
        SLOT_TAKEN,
        Words(f"{when.zh} 已约满", f"{when.en} has just been fully booked"),
        Words(f"请选择其他时段，{ASK.zh}", f"Please choose another time, {ASK.en}"),
        soonest,
    )


def limit_reached(per_item: bool, limit: int) -> Refusal:
    what = (
        Words("您已有这个事项的预约", "You already have an appointment for this service")
        if per_item and limit == 1
        else Words(f"您的预约已达 {limit} 个上限", f"You already hold the most appointments allowed ({limit})")
    )
    return Refusal(
        LIMIT_REACHED,
        what,
        Words(
            f"如需换时间，请在“查询/取消预约”中更改原预约，{ASK.zh}",
            f"To pick another time, change your appointment under 'Find or cancel', {ASK.en}",
        ),
    )


def booking_not_found() -> Refusal:
    return Refusal(
        NOT_FOUND,
        Words("没有找到这个预约", "This appointment was not found"),
        Words(
            f"请扫描预约凭条上的二维码或刷身份证再试，{ASK.zh}",
            f"Please scan the QR code on your slip or use your ID card, {ASK.en}",
        ),
    )


def not_bookable(code: str) -> Refusal:
    return Refusal(
        NOT_BOOKABLE,
        Words(f"事项 {code} 不接受预约", f"The service {code} does not take appointments"),
        Words(f"请选择其他事项，或直接取号办理，{ASK.zh}", f"Please choose another service or take a number, {ASK.en}"),
    )


def no_such_slot(day: date, start: time) -> Refusal:
    when = _day(day, start)
    return Refusal(
        NO_SUCH_SLOT,
        Words(f"{when.zh} 不能预约", f"{when.en} cannot be booked"),
        Words(f"请从列出的时段中选择，{ASK.zh}", f"Please choose one of the times shown, {ASK.en}"),
    )


def not_open(status: str) -> Refusal:
    what = {
        "checked_in": Words("这个预约已签到", "This appointment is already checked in"),
        "cancelled": Words("这个预约已取消", "This appointment was cancelled"),
    }.get(status, Words("这个预约已过期", "This appointment has expired"))
    return Refusal(
        NOT_OPEN, what, Words(f"不能再取消或更改，可重新预约，{ASK.zh}", f"It cannot be changed; book again, {ASK.en}")
    )


def too_late_to_change(minutes: int) -> Refusal:
    return Refusal(
        TOO_LATE_TO_CHANGE,
        Words(
            f"预约开始前 {minutes} 分钟内不能取消或更改", f"Within {minutes} minutes of the start it cannot be changed"
        ),
        Words(f"请按时到场签到，{ASK.zh}", f"Please come and check in on time, {ASK.en}"),
    )


def bad_phone(why: Words) -> Refusal:
    return Refusal(
        BAD_PHONE,
        Words(f"手机号码有误：{why.zh}", f"The phone number is not right: {why.en}"),
        Words("请重新输入手机号码", "Please enter the phone number again"),
    )


def slot_moved() -> Refusal:
    """The appointment was changed at another kiosk while this one asked."""
    return Refusal(
        CHANGED_MEANWHILE,
        Words("这个预约刚刚在别处被更改", "This appointment has just been changed elsewhere"),
        Words(f"请重新查找预约后再试，{ASK.zh}", f"Please find your appointment again and retry, {ASK.en}"),
    )
