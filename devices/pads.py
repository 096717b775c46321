"""Evaluation pads as the application sees them: keys, display modes, key events, gaps and each pad's health.

The bytes on the bus (Modbus RTU, docs/protocols.md §4) live in drivers/pads; this module is what a hall
device controller needs to act on a press and to tell a pad what to show.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from enum import IntEnum

from devices.listeners import Listeners
from devices.simulator import Simulator
from devices.state import DeviceState, DeviceStatus

MAX_NUMBER_CHARS = 6  # three holding registers, two ASCII characters each
MAX_REGISTER = 0xFFFF
FIRST_ADDRESS, LAST_ADDRESS = 1, 32  # pad slave addresses on one bus (docs/protocols.md §4)


class PadKey(IntEnum):
    VERY_DISSATISFIED = 1  # 非常不满意
    DISSATISFIED = 2  # 不满意
    BASIC = 3  # 基本满意
    SATISFIED = 4  # 满意
    VERY_SATISFIED = 5  # 非常满意
    CALL_NEXT = 16
    RECALL = 17
    NO_SHOW = 18
    PAUSE = 19  # pause or resume: the same key toggles
    INVITE_RATING = 20


RATING_KEYS = frozenset({PadKey.VERY_DISSATISFIED, PadKey.DISSATISFIED, PadKey.BASIC, PadKey.SATISFIED,
                         PadKey.VERY_SATISFIED})  # fmt: skip


def is_rating(key: int) -> bool:
    """True for the five citizen rating keys (1 to 5), whatever else the raw code may be."""
    return key in RATING_KEYS


# Chinese first; for log lines and the technician's bus check.
KEY_TEXT: dict[PadKey, tuple[str, str]] = {
    PadKey.VERY_DISSATISFIED: ("非常不满意", "very dissatisfied"),
    PadKey.DISSATISFIED: ("不满意", "dissatisfied"),
    PadKey.BASIC: ("基本满意", "basically satisfied"),
    PadKey.SATISFIED: ("满意", "satisfied"),
    PadKey.VERY_SATISFIED: ("非常满意", "very satisfied"),
    PadKey.CALL_NEXT: ("叫号", "call next"),
    PadKey.RECALL: ("重呼", "recall"),
    PadKey.NO_SHOW: ("过号", "no-show"),
    PadKey.PAUSE: ("暂停/恢复", "pause/resume"),
    PadKey.INVITE_RATING: ("邀请评价", "invite rating"),
}


def key_text(key: int) -> str:
    """``叫号 / call next`` for a known key code, ``未知按键 / unknown key 42`` otherwise."""
    try:
        zh, en = KEY_TEXT[PadKey(key)]
    except ValueError:
        return f"未知按键 / unknown key {key}"
    return f"{zh} / {en}"


class PadMode(IntEnum):
    """What the pad's display is doing (holding register 1)."""

    IDLE = 0
    SERVING = 1
    AWAITING_RATING = 2
    THANKS = 3
    PAUSED = 4
    BUSY = 5  # 系统忙: the hall is unreachable, presses that need it are refused


class PadViewError(ValueError):
    """A view no pad can show (number too long, not ASCII, register out of range); the message is bilingual."""


@dataclass(frozen=True)
class KeyEvent:
    """One key press, seen once: the pad's address, the press's sequence number and the raw key code."""

    address: int
    seq: int
    key: int  # raw: a PadKey value, or an unknown code a newer pad model may send


@dataclass(frozen=True)
class EventGap:
    """More presses happened than the ring holds between two reads: ``lost`` events after ``last_seq`` are gone
    (``seq`` is the pad's sequence when it was read; the newest 8 still arrive as KeyEvents)."""

    address: int
    last_seq: int
    seq: int
    lost: int


PadEvent = KeyEvent | EventGap


def check_pad_number(number: str) -> str:
    """The ticket number if a pad can show it: up to 6 printable ASCII characters; else PadViewError."""
    if len(number) > MAX_NUMBER_CHARS:
        raise PadViewError(
            f"号码太长，评价器最多显示 {MAX_NUMBER_CHARS} 个字符 / number {number!r} is too long: "
            f"a pad shows at most {MAX_NUMBER_CHARS} characters"
        )
    if not all(" " <= ch <= "~" for ch in number):
        raise PadViewError(
            f"号码只能含英文字母、数字和符号 / number {number!r} must be printable ASCII (letters, digits, symbols)"
        )
    return number


@dataclass(frozen=True)
class PadView:
    """What a pad shows: its window, the display mode, the ticket number and the staff number."""

    window: int
    mode: PadMode
    number: str = ""
    staff: int = 0

    def __post_init__(self) -> None:
        for name, value in (("window", self.window), ("staff", self.staff)):
            if not 0 <= value <= MAX_REGISTER:
                raise PadViewError(f"{name} 应为 0 到 65535 / {name} must be 0 to 65535, got {value}")
        check_pad_number(self.number)


@dataclass
class PadCounters:
    """Per pad, since the bus opened: what went wrong on the wire and how often a read was repeated."""

    crc_errors: int = 0
    timeouts: int = 0
    exceptions: int = 0  # Modbus exception responses
    wrong_address: int = 0  # an answer from a different slave than the one asked
    unexpected: int = 0  # a sound frame from the right pad that does not answer what was asked
    retries: int = 0
    polls: int = 0  # reads attempted, first tries only
    gaps: int = 0  # EventGaps reported
    restarts: int = 0  # times the pad's sequence went backwards (it restarted), counted from 0 again


@dataclass(frozen=True)
class PadStatus:
    """One pad's health: ``status`` READY, or OFFLINE with reason NO_ANSWER (or FAULT with PROTOCOL_ERROR when
    it answers only garbage), plus when it last answered, its firmware version and its counters (a copy)."""

    address: int
    status: DeviceStatus
    last_seen: datetime | None = None
    firmware: int | None = None
    counters: PadCounters = field(default_factory=PadCounters)

    @property
    def state(self) -> DeviceState:
        return self.status.state

    @property
    def answering(self) -> bool:
        return self.status.usable


class Pads(ABC):
    """One bus of evaluation pads as the hall device controller drives it; made from its URL by the driver
    registry, opened by ``open`` (which starts the simulator behind a ``sim://`` URL) and closed by ``close``.
    ``poll`` and ``show`` may be called from different threads."""

    url: str
    addresses: list[int]  # the pads polled, in order
    status_listeners: Listeners[PadStatus]  # a pad's status changed (a copy, with its counters)
    simulator: Simulator | None = None  # the simulated pads behind a sim:// URL

    @abstractmethod
    def open(self) -> None:
        """Make the link (and start the simulator for ``sim://``); the port itself opens on first use."""

    @abstractmethod
    def connect(self) -> bool:
        """Open the port or the gateway connection now; False if it cannot."""

    @abstractmethod
    def poll(self, addresses: Iterable[int] | None = None) -> list[PadEvent]:
        """One poll cycle (or only ``addresses``): the new key events and gaps, in the order they happened."""

    @abstractmethod
    def show(self, address: int, view: PadView) -> bool:
        """Write what the pad shows; True when it confirmed."""

    @abstractmethod
    def statuses(self) -> dict[int, PadStatus]:
        """Each pad's health by address."""

    @abstractmethod
    def wire_bytes_per_cycle(self) -> int:
        """Request and response bytes of one full poll cycle."""

    @abstractmethod
    def close(self) -> None: ...
