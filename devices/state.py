"""What every device reports: a state, the typed reasons for it, and change events anyone can subscribe to."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum

from devices.listeners import Listeners
from devices.words import Words

log = logging.getLogger(__name__)


class DeviceState(StrEnum):
    OFFLINE = "offline"  # not opened yet, or closed on purpose
    READY = "ready"
    DEGRADED = "degraded"  # works, but needs attention soon (paper near end)
    FAULT = "fault"  # cannot do its job until someone or something fixes it


class Reason(StrEnum):
    PAPER_NEAR_END = "paper_near_end"
    PAPER_OUT = "paper_out"
    COVER_OPEN = "cover_open"
    CUTTER_ERROR = "cutter_error"
    UNRECOVERABLE_ERROR = "unrecoverable_error"
    AUTO_RECOVERABLE_ERROR = "auto_recoverable_error"
    PRINTER_OFFLINE = "printer_offline"
    NO_ANSWER = "no_answer"
    DISCONNECTED = "disconnected"
    PROTOCOL_ERROR = "protocol_error"  # answers arrive but cannot be understood (checksum, length, garbage)
    SAM_FAILURE = "sam_failure"  # the ID reader's security module failed its self-test
    CARD_READ_FAILED = "card_read_failed"
    CAMERA_UNAVAILABLE = "camera_unavailable"
    NO_FRAMES = "no_frames"


# Plain words for the screen and the hall's device page; Chinese first.
REASON_TEXT: dict[Reason, tuple[str, str]] = {
    Reason.PAPER_NEAR_END: ("纸将用完", "paper nearly out"),
    Reason.PAPER_OUT: ("缺纸", "out of paper"),
    Reason.COVER_OPEN: ("打印机盖未关", "printer cover open"),
    Reason.CUTTER_ERROR: ("切纸刀故障", "paper cutter jammed"),
    Reason.UNRECOVERABLE_ERROR: ("打印机故障", "printer error"),
    Reason.AUTO_RECOVERABLE_ERROR: ("打印机过热或暂时故障", "printer overheated or paused"),
    Reason.PRINTER_OFFLINE: ("打印机离线", "printer offline"),
    Reason.NO_ANSWER: ("设备无响应", "device not answering"),
    Reason.DISCONNECTED: ("设备未连接", "device disconnected"),
    Reason.PROTOCOL_ERROR: ("设备通信错误", "garbled answers from the device"),
    Reason.SAM_FAILURE: ("身份证阅读模块故障", "ID reader security module failed"),
    Reason.CARD_READ_FAILED: ("读卡失败", "could not read the card"),
    Reason.CAMERA_UNAVAILABLE: ("摄像头无法打开", "camera cannot be opened"),
    Reason.NO_FRAMES: ("摄像头无画面", "camera delivers no pictures"),
}


def reasons_words(reasons: frozenset[Reason]) -> Words:
    """The reasons' plain words in a stable order, each language joined by its own punctuation."""
    texts = [REASON_TEXT[r] for r in sorted(reasons)]
    return Words("；".join(zh for zh, _ in texts), "; ".join(en for _, en in texts))


DEGRADING = frozenset({Reason.PAPER_NEAR_END})
UNREACHABLE = frozenset({Reason.NO_ANSWER, Reason.DISCONNECTED})


@dataclass(frozen=True)
class DeviceStatus:
    state: DeviceState
    reasons: frozenset[Reason] = frozenset()
    detail: str = ""
    since: datetime = field(default_factory=lambda: datetime.now(UTC))

    @classmethod
    def from_reasons(cls, reasons: frozenset[Reason], detail: str = "") -> DeviceStatus:
        """OFFLINE if it cannot be reached, FAULT if a reason stops it, DEGRADED if only warnings, else READY."""
        if reasons & UNREACHABLE:
            return cls(DeviceState.OFFLINE, reasons, detail)
        if reasons - DEGRADING:
            return cls(DeviceState.FAULT, reasons, detail)
        if reasons:
            return cls(DeviceState.DEGRADED, reasons, detail)
        return cls(DeviceState.READY, reasons, detail)

    @property
    def usable(self) -> bool:
        return self.state in {DeviceState.READY, DeviceState.DEGRADED}

    def same_as(self, other: DeviceStatus) -> bool:
        return (self.state, self.reasons) == (other.state, other.reasons)

    def words(self) -> Words:
        """``缺纸`` / ``out of paper`` for people, every reason in order; the state's name when there is no reason."""
        if not self.reasons:
            return Words(self.state.value, self.state.value)
        return reasons_words(self.reasons)

    def describe(self) -> str:
        """``缺纸 / out of paper`` style text for logs and paper; the state's name when there is no reason."""
        return str(self.words()) if self.reasons else self.state.value


@dataclass(frozen=True)
class StatusChanged:
    device: str
    old: DeviceStatus
    new: DeviceStatus


Listener = Callable[[StatusChanged], None]


class StatusBoard:
    """Holds a device's current status and tells subscribers when it changes (state or reasons)."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._status = DeviceStatus(DeviceState.OFFLINE)
        self._listeners: Listeners[StatusChanged] = Listeners(name)
        self._lock = threading.Lock()

    @property
    def status(self) -> DeviceStatus:
        return self._status

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        return self._listeners.add(listener)

    def publish(self, status: DeviceStatus) -> None:
        with self._lock:
            old = self._status
            if old.same_as(status):
                return
            self._status = status
        log.info("%s: %s -> %s %s", self.name, old.state, status.state, status.describe())
        self._listeners.emit(StatusChanged(self.name, old, status))
