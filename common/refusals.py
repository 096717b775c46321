"""The one wording of every refusal a citizen meets, at the kiosk and in the hall's answers.

A refusal says three things in plain words (docs/ui.md, "Every refusal says what to do next"):

- **what** happened ("社保医保当前不在办理时间"),
- **when** it will work again, if anyone knows ("办理时间 周一至周五 09:00-17:00"),
- **now**: what the person can do instead ("请选择其他业务，或到服务台咨询").

The screen shows the three and the help hotline with its number; the hall sends the joined words (``Words``
joined by `` / ``) in its error body, which the kiosk splits back with ``Words.parse``.
"""

from __future__ import annotations

from dataclasses import dataclass

from devices.words import Words


@dataclass(frozen=True)
class Refusal:
    """Why something cannot be done now, when it can, and what to do instead."""

    code: str  # the machine's name of the refusal: category_closed, daily_cap_reached, hall_offline, ...
    what: Words
    now: Words
    when: Words | None = None

    def words(self) -> Words:
        """All of it as one message: 什么。何时。现在可以。 / What. When. What now."""
        parts = [self.what, *([self.when] if self.when else []), self.now]
        zh = "。".join(part.zh.rstrip("。") for part in parts) + "。"
        return Words(zh, ". ".join(part.en.rstrip(".") for part in parts) + ".")

    def with_hotline(self, hotline: str) -> Words:
        """The message and the hotline with its number, for a screen or a slip that stands alone."""
        full = self.words()
        zh = f"{full.zh}如需帮助，请拨打服务热线 {hotline}。"
        return Words(zh, f"{full.en} For help, call the hotline {hotline}.")


ANOTHER_SERVICE = Words("请选择其他业务，或到服务台咨询", "Please choose another service, or ask at the help desk")
AT_A_WINDOW = Words("请到人工窗口办理，或到服务台咨询", "Please go to a staffed window, or ask at the help desk")
TRY_AGAIN = Words("请稍后再试，或到服务台咨询", "Please try again in a few minutes, or ask at the help desk")


def hotline_words(hotline: str) -> Words:
    """需要帮助？请拨打服务热线 12345 / Need help? Call the hotline 12345."""
    return Words(f"需要帮助？请拨打服务热线 {hotline}", f"Need help? Call the hotline {hotline}")


def category_closed(name_zh: str, name_en: str, hours_zh: str, hours_en: str) -> Refusal:
    """The category gives no numbers now; its hours when it has any."""
    when = Words(f"办理时间 {hours_zh}", f"Hours: {hours_en}") if hours_zh else None
    return Refusal(
        "category_closed", Words(f"{name_zh}当前不在办理时间", f"{name_en} is closed now"), ANOTHER_SERVICE, when
    )


def daily_cap_reached(name_zh: str, name_en: str) -> Refusal:
    """Every number of the day is taken."""
    return Refusal(
        "daily_cap_reached",
        Words(f"{name_zh}今日号已取完", f"No more numbers for {name_en} today"),
        ANOTHER_SERVICE,
        Words("下一个办理日再来取号", "Numbers are given again on the next working day"),
    )


def hall_offline() -> Refusal:
    """The kiosk cannot reach the hall's server: numbers, check-in and live queues pause."""
    return Refusal(
        "hall_offline",
        Words("本机暂时连不上大厅的排队系统", "This kiosk cannot reach the hall's queue system right now"),
        Words("请到服务台取号，或稍后再试", "Please take a number at the help desk, or try again later"),
        Words("恢复连接后即可使用", "It works again as soon as the connection is back"),
    )


def device_fault(device: Words, fault: Words | None = None, instead: Words | None = None) -> Refusal:
    """A device this needs is out (打印机：缺纸): what to do instead, or a staffed window."""
    why = Words(f"（{fault.zh}）", f" ({fault.en})") if fault else Words("", "")
    name = device.en if device.en[:2].isupper() else device.en[:1].lower() + device.en[1:]  # ID card reader
    return Refusal(
        "device_fault",
        Words(f"{device.zh}暂不可用{why.zh}", f"The {name} is not available{why.en}"),
        instead or AT_A_WINDOW,
    )


def card_timeout(seconds: int, without: Words | None = None) -> Refusal:
    """No ID card was placed on the reader in time; ``without`` is the way on without the card, when there is one
    ("或扫描预约二维码"), else the help desk."""
    instead = without or Words("到服务台咨询", "ask at the help desk")
    return Refusal(
        "card_timeout",
        Words(f"{seconds} 秒内没有读到身份证", f"No ID card was read within {seconds} seconds"),
        Words(
            f"请把身份证平放在读卡区后点“重新读卡”，或{instead.zh}",
            f"Please place the card flat on the reader and tap 'Read again', or {instead.en}",
        ),
    )


def card_unusable(what: Words, without: Words | None = None) -> Refusal:
    """A card was on the reader but cannot be used (expired, unreadable): ``what`` says why."""
    instead = without or Words("到服务台咨询", "ask at the help desk")
    return Refusal(
        "card_unusable",
        what,
        Words(
            f"请检查身份证后放好，点“重新读卡”，或{instead.zh}",
            f"Please check the card, place it again and tap 'Read again', or {instead.en}",
        ),
    )


# -- appointment check-in ---------------------------------------------------------------------------------------
BOOK_OR_TAKE = Words(
    "请重新预约，或直接取号办理，也可到服务台咨询", "Please book again or take a number, or ask at the help desk"
)


def appointment_not_found(by_card: bool = False) -> Refusal:
    """No appointment for this code (or this ID card)."""
    what = (
        Words("没有找到该身份证的预约", "No appointment was found for this ID card")
        if by_card
        else Words("没有找到这个预约", "This appointment was not found")
    )
    return Refusal(
        "unknown_appointment",
        what,
        Words(
            "请核对预约信息后再扫一次，或直接取号办理，也可到服务台咨询",
            "Please check your booking and scan again, or take a number, or ask at the help desk",
        ),
    )


def appointment_too_early(at: str) -> Refusal:
    """Check-in opens some minutes before the slot; ``at`` is that time, HH:MM."""
    return Refusal(
        "too_early",
        Words("还没到签到时间", "It is too early to check in"),
        Words("请到时间后再签到，或到服务台咨询", "Please check in then, or ask at the help desk"),
        Words(f"{at} 起可以签到", f"Check-in opens at {at}"),
    )


def appointment_too_late(at: str) -> Refusal:
    """The slot's check-in has closed; ``at`` is when it closed, HH:MM."""
    return Refusal(
        "too_late",
        Words(f"签到已于 {at} 截止", f"Check-in closed at {at}"),
        BOOK_OR_TAKE,
    )


def appointment_not_today(day: str) -> Refusal:
    """The appointment is for another day (``day`` as YYYY-MM-DD)."""
    return Refusal(
        "not_today",
        Words(f"这个预约是 {day} 的，不是今天", f"This appointment is for {day}, not today"),
        Words(
            "请在预约当天来签到，或到服务台咨询", "Please come on the day of your appointment, or ask at the help desk"
        ),
    )


def appointment_cancelled() -> Refusal:
    return Refusal("appointment_cancelled", Words("这个预约已取消", "This appointment was cancelled"), BOOK_OR_TAKE)


def appointment_used(number: str = "") -> Refusal:
    """Checked in already; with the number it was given, when known."""
    what = (
        Words(f"这个预约已签到，号码是 {number}", f"This appointment is already checked in: your number is {number}")
        if number
        else Words("这个预约已签到", "This appointment is already checked in")
    )
    return Refusal(
        "already_checked_in",
        what,
        Words("请留意叫号，或到服务台咨询", "Please listen for your number, or ask at the help desk"),
    )


def hall_offline_paused() -> Words:
    """A paused tile's or button's reason while the hall is away, short enough to sit on it; the screen says the
    whole refusal (``hall_offline``: when, what to do now, the hotline) once, beside it."""
    return Words("已暂停：连不上排队系统", "Paused: not connected")
