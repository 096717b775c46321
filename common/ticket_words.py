"""The words a queue ticket says, once for the paper and the kiosk's screen: the wait, where to wait, until when.

The screen showed "前面还有 0 人，预计等候约 0 分钟" where the paper said "无需等候"; both now take their lines
from here, and the people ahead and the wait from common/queue_words.py, as the phone's ticket page does: the
three read the same.
"""

from __future__ import annotations

from datetime import date

from common.queue_words import estimated_wait, people_ahead
from devices.words import Words

MONTHS_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def queue_words(ahead: int, minutes: int) -> Words:
    """The two lines of the paper, for a screen: 您前面没有人等候 / 无需等候."""
    people, wait = people_ahead(ahead), estimated_wait(minutes)
    return Words(f"{people.zh}\n{wait.zh}", f"{people.en}\n{wait.en}")


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
