"""The controller's state in plain lines for a technician's terminal: the hall link, each pad, each display."""

from __future__ import annotations

from datetime import datetime

from devices.pads import PadMode, PadStatus, PadView
from devices.state import DeviceStatus

MODE_TEXT = {
    PadMode.IDLE: "空闲 idle",
    PadMode.SERVING: "办理中 serving",
    PadMode.AWAITING_RATING: "请评价 rating",
    PadMode.THANKS: "谢谢 thanks",
    PadMode.PAUSED: "暂停 paused",
    PadMode.BUSY: "系统忙 busy",
}


def seen_text(moment: datetime | None) -> str:
    return moment.astimezone().strftime("%H:%M:%S") if moment else "从未 never"


def pad_line(status: PadStatus, window: int, view: PadView | None) -> str:
    """``评价器 2 / pad 2  窗口 2 / window 2  就绪 ready  显示 / shows: 办理中 serving A003``"""
    if status.answering:
        state = "就绪 ready"
    elif not status.status.reasons:
        state = "尚未应答 / not heard yet"
    else:  # how long it has been silent matters only while it is
        state = f"{status.state.value} {status.status.describe()}, 最后应答 / last seen {seen_text(status.last_seen)}"
    shown = f"{MODE_TEXT[view.mode]} {view.number}".rstrip() if view else "-"
    who = f"评价器 {status.address} / pad {status.address}  窗口 {window} / window {window}"
    return f"{who}  {state}  显示 / shows: {shown}"


def counters_line(status: PadStatus) -> str:
    """``评价器 3 / pad 3  计数 / counters: polls 1200 crc 2 timeouts 40 …`` since the bus opened."""
    c = status.counters
    return (
        f"评价器 {status.address} / pad {status.address}  计数 / counters: polls {c.polls} crc {c.crc_errors} "
        f"timeouts {c.timeouts} exceptions {c.exceptions} wrong-address {c.wrong_address} retries {c.retries} "
        f"gaps {c.gaps} restarts {c.restarts}"
    )


def display_line(window: int, status: DeviceStatus) -> str:
    if status.usable:
        state = "就绪 ready"
    elif not status.reasons:
        state = "尚未应答 / not heard yet"
    else:
        state = f"{status.state.value} {status.describe()}"
    return f"窗口屏 {window} / window display {window}  {state}"


def hall_line(up: bool, reason: str, pending: int) -> str:
    link = "已连接 / reachable" if up else f"无法连接 / unreachable ({reason})"
    return f"大厅 / hall: {link}  待发送评价 / ratings waiting: {pending}"
