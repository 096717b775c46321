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


def device_fault(device: Words, fault: Words, instead: Words | None = None) -> Refusal:
    """A device this needs is out (打印机：缺纸): what to do instead, or a staffed window."""
    return Refusal(
        "device_fault",
        Words(f"{device.zh}暂不可用（{fault.zh}）", f"The {device.en.lower()} is not available ({fault.en})"),
        instead or AT_A_WINDOW,
    )


def card_timeout(seconds: int) -> Refusal:
    """No ID card was placed on the reader in time."""
    return Refusal(
        "card_timeout",
        Words(f"{seconds} 秒内没有读到身份证", f"No ID card was read within {seconds} seconds"),
        Words(
            "请把身份证平放在读卡区后点“重新读卡”，或返回不刷卡办理",
            "Please place the card flat on the reader and tap “Read again”, or go back and continue without it",
        ),
    )


def hall_offline_paused() -> Words:
    """A paused tile's or button's reason while the hall is away, short enough to sit on it; the screen says the
    whole refusal (``hall_offline``: when, what to do now, the hotline) once, beside it."""
    return Words("已暂停：连不上排队系统", "Paused: no connection to the queue")
