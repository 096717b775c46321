"""The words a queue ticket says, once for the paper and the kiosk's screen: the wait, where to wait, until when.

The screen showed "前面还有 0 人，预计等候约 0 分钟" where the paper said "无需等候"; both now take their lines
from here, so they read the same in Chinese and in English.
"""

from __future__ import annotations

from datetime import date

from devices.words import Words

MONTHS_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def queue_words(waiting_ahead: int, minutes: int) -> Words:
    """您前面还有 3 人，预计等候约 24 分钟 / 3 people ahead of you, about 24 minutes' wait; no one: 无需等候."""
    if waiting_ahead <= 0:
        return Words("您前面没有人，无需等候", "No one is ahead of you: no wait")
    people = "1 person" if waiting_ahead == 1 else f"{waiting_ahead} people"
    if minutes <= 0:
        return Words(f"您前面还有 {waiting_ahead} 人", f"{people} ahead of you")
    return Words(
        f"您前面还有 {waiting_ahead} 人，预计等候约 {minutes} 分钟",
        f"{people} ahead of you, about {minutes} min wait",
    )


def where_to_wait(area_zh: str, area_en: str) -> Words | None:
    """请到一楼A区等候叫号 / Please wait in Area A, floor 1; None when the hall does not say where."""
    if not area_zh and not area_en:
        return None
    return Words(f"请到{area_zh or area_en}等候叫号", f"Please wait in {area_en or area_zh}")


def valid_today(day: date) -> Words:
    """当日有效（12月5日） / Valid today only (5 Dec): a number is for the day it was taken."""
    return Words(f"当日有效（{day.month}月{day.day}日）", f"Valid today only ({day.day} {MONTHS_EN[day.month - 1]})")


LISTEN = Words("请留意叫号，过号需重新取号", "Listen for your call; if missed, take a new one")
QR_CAPTION = Words("扫码查看排队进度", "Scan to see your place in the queue")
RATE_BY_QR = Words(
    "办理完成后，可在本机“服务评价”扫描小票二维码评价",
    "After your service, rate it here: tap 'Rate our service' and scan the QR code on the ticket",
)
RATE_AT_WINDOW = Words(
    "办理完成后，可在窗口的评价器上为服务评价", "After your service, rate it on the pad at the window"
)
