"""The appointment booking's words (预约办理), Chinese first: places left, the phone number's checks, and what the
flow says when the hall refuses. Shared by the flow and its screens; the days and times are the slip's
(kiosk/printing/booking_slip.py), so screen and paper read the same. docs/booking.md."""

from __future__ import annotations

import re

from common.refusals import Refusal
from devices.words import Words
from kiosk.printing.booking_slip import day_words, span
from kiosk.station.booking_port import Booking, Slot

MOBILE = re.compile(r"^1[3-9]\d{9}$")  # a mainland mobile number: 11 digits, 13x-19x
PHONE_DIGITS = 11


def places_words(slot: Slot) -> Words:
    """余 3 个 / 3 left; 已约满 / Full."""
    if slot.free <= 0:
        return Words("已约满", "Full")
    return Words(f"余 {slot.free} 个", f"{slot.free} left")


def when_words(booking: Booking) -> Words:
    """12月7日 周一 09:00-09:30 / Mon 7 Dec, 09:00-09:30."""
    day = day_words(booking.day)
    times = span(booking.start, booking.end)
    return Words(f"{day.zh} {times}", f"{day.en}, {times}")


def limit_words(hall: Words) -> Words:
    """The hall's per-person limit (its first sentence: which limit), and what to do at this kiosk now."""
    what_zh = hall.zh.split("。")[0].rstrip("。")
    what_en = hall.en.split(". ")[0].rstrip(".")
    return Words(
        f"{what_zh}。您可以点“管理这个预约”取消或改约，或到服务台咨询。",
        f"{what_en}. You can cancel or change it with 'Manage it', or ask at the help desk.",
    )


def phone_problem(digits: str) -> Words | None:
    """Why ``digits`` is not a mainland mobile number, saying what to do; None when it is one."""
    if MOBILE.match(digits):
        return None
    if len(digits) != PHONE_DIGITS:
        return Words(
            f"手机号码应为 11 位数字，您输入了 {len(digits)} 位。请核对后重新输入。",
            f"A mobile number has 11 digits; you typed {len(digits)}. Please check it and type it again.",
        )
    return Words(
        "这不是有效的手机号码：应以 13 至 19 开头。请核对后重新输入。",
        "This is not a valid mobile number: it starts with 13 to 19. Please check it and type it again.",
    )


def masked_phone(digits: str) -> str:
    """138****5678, as the confirm page shows it."""
    return f"{digits[:3]}****{digits[-4:]}" if len(digits) == PHONE_DIGITS else digits


SLOT_TAKEN = Refusal(
    "slot_taken",
    Words("您选的时段刚刚被别人约满了", "Someone else just took the last place in the time you chose"),
    Words("请从下面选择其他时段", "Please choose another time below"),
)
CHANGE_TAKEN = Refusal(
    "slot_taken",
    Words("您选的新时段刚刚被别人约满了，原预约保持不变", "The new time was just taken; your appointment is unchanged"),
    Words("请从下面选择其他时段", "Please choose another time below"),
)
NOTHING_FREE = Words(
    "近几个工作日都已约满，请过几天再来预约，或直接取号办理",
    "Every time of the coming working days is taken. Please book again in a few days, or take a number.",
)
NONE_FOUND = Refusal(
    "not_found",
    Words("没有找到您的有效预约", "No open appointment was found"),
    Words("请核对后再试，或到服务台咨询", "Please check and try again, or ask at the help desk"),
)
BOOKING_PAUSED = Refusal(
    "hall_offline",
    Words("本机暂时连不上大厅的预约系统", "This kiosk cannot reach the hall's booking system right now"),
    Words("请稍后再试，或拨打服务热线预约", "Please try again later, or book by calling the hotline"),
    Words("恢复连接后即可预约", "Booking works again as soon as the connection is back"),
)
NOT_A_SLIP = Refusal(
    "not_a_slip",
    Words("这不是预约凭证上的二维码", "This is not the QR code of an appointment slip"),
    Words(
        "请扫描预约凭证上的二维码，或刷身份证查找",
        "Please scan the QR code on your appointment slip, or use your ID card",
    ),
)
NO_ITEMS = Words("大厅暂未开放网上预约的事项", "The hall takes no appointments at the moment")
PRINTED = Words("预约凭证已打印，请在出纸口取走", "Your appointment slip is printed. Please take it from the slot.")
CANCELLED = Words("预约已取消，该时段已释放给其他人", "Your appointment is cancelled; its place is free for others.")
BY_QR = Words("扫描预约凭证上的二维码", "scan the QR code on your appointment slip instead")
