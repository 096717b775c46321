"""The appointment slip (预约凭证) printed when a citizen books or changes an appointment at the kiosk, in the
language they used. Staff read it at the window too, so an English slip keeps its Chinese title.

It says: the hall, the appointment code large, the item, the day with its weekday and the time, where and when to
check in, the QR code the kiosk's check-in (and cancel, change) accepts, the masked ID and phone, and how to
cancel or change. docs/booking.md.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from common.ticket_words import MONTHS_EN
from devices.printer import Document, PaperSpec, Rule, TextLine
from devices.textwidth import wrap
from devices.words import Language, Words
from kiosk.printing.layout import centred, columns, field, finish, fitting_width, qr_code

SLIP_TITLE = "预约凭证"
WORDS = {
    "title": Words(SLIP_TITLE, "Appointment Slip"),
    "code": Words("预约码", "Appointment code"),
    "item": Words("办理事项", "Service"),
    "day": Words("预约日期", "Date"),
    "time": Words("预约时段", "Time"),
    "place": Words("签到地点", "Check in at"),
    "window": Words("签到时间", "Check-in"),
    "id": Words("身份证号", "ID number"),
    "phone": Words("手机号码", "Mobile"),
    "how": Words(
        "到达后请在大厅自助终端点“预约签到”，扫描下方二维码或刷身份证，领取排队号。",
        "When you arrive, tap 'Appointment check-in' at a kiosk in the hall and scan the QR code below or place "
        "your ID card to get your queue number.",
    ),
    "qr": Words("签到、取消、改约时扫描此码", "Scan to check in, cancel or change"),
    "change": Words(
        "如需取消或改约：在自助终端点“预约办理”，扫描本凭证或刷身份证；或拨打服务热线 {hotline}。",
        "To cancel or change: tap 'Book an appointment' at a kiosk and scan this slip or place your ID card; "
        "or call the hotline {hotline}.",
    ),
    "keep": Words(
        "请妥善保管本凭证，过时未签到预约作废。", "Keep this slip. An appointment not checked in in time lapses."
    ),
    "hotline": Words("服务热线", "Hotline"),
}
ANY_KIOSK = Words("大厅自助终端（预约签到）", "any kiosk in the hall (Appointment check-in)")
NAMES_ZH = "一二三四五六日"
NAMES_EN = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def day_words(day: date) -> Words:
    """12月7日 周一 / Mon 7 Dec: a day on the screen."""
    weekday = day.weekday()
    return Words(
        f"{day.month}月{day.day}日 周{NAMES_ZH[weekday]}",
        f"{NAMES_EN[weekday][:3]} {day.day} {MONTHS_EN[day.month - 1]}",
    )


def full_day_words(day: date) -> Words:
    """2026年12月7日 星期一 / Monday 7 Dec 2026: the slip's day, with its weekday and year."""
    weekday = day.weekday()
    return Words(
        f"{day.year}年{day.month}月{day.day}日 星期{NAMES_ZH[weekday]}",
        f"{NAMES_EN[weekday]} {day.day} {MONTHS_EN[day.month - 1]} {day.year}",
    )


def span(start: time, end: time) -> str:
    """09:00-09:30."""
    return f"{start.strftime('%H:%M')}-{end.strftime('%H:%M')}"


def check_in_window(start: time, end: time, before: int | None, after: int | None) -> Words:
    """08:30-09:45 (30 minutes before to 15 after) when the hall's window is known, else the general rule."""
    if before is None or after is None:
        return Words("请按预约时段准时签到", "Please check in at your appointment time")
    day = date(2000, 1, 3)  # any day: only the clock times are printed
    opens = (datetime.combine(day, start) - timedelta(minutes=before)).time()
    closes = (datetime.combine(day, end) + timedelta(minutes=after)).time()
    times = span(opens, closes)
    return Words(
        f"{times}（提前 {before} 分钟至结束后 {after} 分钟）",
        f"{times} ({before} min before to {after} min after)",
    )


@dataclass(frozen=True)
class BookingSlip:
    """What the slip shows; the ID number and phone arrive masked and print as given."""

    hall_name: str  # in the slip's language
    code: str
    item_name: str
    day: date
    start: time
    end: time
    qr_text: str
    id_masked: str
    phone_masked: str
    hotline: str
    place: str = ""  # where to check in; "" when the hall does not say (any kiosk in the hall)
    check_in_before: int | None = None  # minutes; None when the hall does not say
    check_in_after: int | None = None
    language: Language = "zh_CN"


def booking_slip(slip: BookingSlip, paper: PaperSpec) -> Document:
    language = slip.language

    def say(key: str) -> str:
        return WORDS[key].pick(language)

    def rows(text: str, *, bold: bool = False) -> list[TextLine]:
        return [TextLine(row, bold=bold) for row in wrap(text, columns(paper))]

    title = say("title")
    chinese_title = [centred(SLIP_TITLE)] if language != "zh_CN" else []
    code_width = fitting_width(slip.code, paper, 3)
    window = check_in_window(slip.start, slip.end, slip.check_in_before, slip.check_in_after)
    return Document(
        "booking",
        (
            *(centred(row, bold=True) for row in wrap(slip.hall_name, columns(paper))),
            centred(title, width=fitting_width(title, paper, 2), height=2, bold=True),
            *chinese_title,
            Rule(),
            centred(say("code")),
            centred(slip.code, width=code_width, height=3, bold=True),
            Rule(),
            *field(say("item"), slip.item_name, paper, bold=True),
            *field(say("day"), full_day_words(slip.day).pick(language), paper, bold=True),
            *field(say("time"), span(slip.start, slip.end), paper, bold=True),
            *field(say("place"), slip.place or ANY_KIOSK.pick(language), paper),
            *field(say("window"), window.pick(language), paper),
            *field(say("id"), slip.id_masked, paper),
            *field(say("phone"), slip.phone_masked, paper),
            Rule(),
            *rows(say("how")),
            qr_code(slip.qr_text, paper),
            *(centred(row) for row in wrap(say("qr"), columns(paper))),
            Rule(),
            *rows(WORDS["change"].pick(language).format(hotline=slip.hotline)),
            *rows(say("keep"), bold=True),
            *field(say("hotline"), slip.hotline, paper),
            *finish(),
        ),
    )
