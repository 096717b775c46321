"""The USB keyboard-wedge scanner: tells a scanner's burst of key presses from a person typing, by timing alone."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass

from devices.device import BoardStatus
from devices.listeners import Listeners
from devices.scanner import MAX_CODE_BYTES, KeyFedScanner, RecentCodes, ScanEvent, ScanListener, UnreadableScan
from devices.state import DeviceState, DeviceStatus, StatusBoard

log = logging.getLogger(__name__)

MAX_GAP = 0.04  # seconds between keys; scanners type every 1-20 ms, people rarely under 60 ms
MIN_LENGTH = 4  # shorter bursts (a fast double tap) are a person's


@dataclass(frozen=True)
class KeyOutcome:
    """What the UI does after a key: put ``typed`` into the focused field, and act on Enter if ``enter``."""

    typed: str = ""  # keys now known to be a person's, in the order they were pressed
    enter: bool = False  # the Enter was a person's (submit the form); False when it ended a scan
    scan: ScanEvent | UnreadableScan | None = None  # also sent to the scan listeners; None for a dropped repeat


class KeyboardWedgeScanner(BoardStatus, KeyFedScanner):
    """A scanner that types. The UI feeds every printable key and every Enter with the key event's time.

    Keys are held back while they come faster than ``max_gap`` apart: at least ``min_length`` of them followed
    by Enter just as fast is a scan (a ScanEvent with the text as UTF-8, symbology UNKNOWN). Held keys turn out
    to be a person's as soon as a gap is longer than ``max_gap``; the UI gets them back then, from the next
    ``feed_key``/``feed_enter`` or from ``poll``, which it calls from a timer (every 20-50 ms) so the last key a
    person typed reaches the field too. Timestamps are seconds on any monotonic clock (Qt's
    ``QKeyEvent.timestamp()`` is milliseconds: divide by 1000).

    A wedge cannot type Chinese reliably: it types each character as key codes for the host's keyboard layout,
    and an IME (or the lack of one) turns non-ASCII into wrong letters or nothing. Codes that carry Chinese need
    a serial or camera scanner, which deliver the bytes themselves.

    Pure logic, no Qt and no threads: the listeners are called on the caller's (the UI's) thread.
    """

    def __init__(
        self,
        *,
        name: str = "keyboard",
        max_gap: float = MAX_GAP,
        min_length: int = MIN_LENGTH,
        duplicate_window: float = 3.0,
    ) -> None:
        self.name = name
        self.max_gap = max_gap
        self.min_length = min_length
        self._held: list[str] = []
        self._last_at = 0.0
        self._now = 0.0
        self._recent = RecentCodes(duplicate_window, clock=lambda: self._now)
        self._board = StatusBoard(name)
        self._listeners: Listeners[ScanEvent | UnreadableScan] = Listeners(name)
        self._lock = threading.Lock()

    # -- what the UI calls ----------------------------------------------------------------------------------
    def feed_key(self, text: str, at: float) -> KeyOutcome:
        """One printable key press (its text, usually one character)."""
        typed = self._release_if_slow(at)
        self._held.append(text)
        self._last_at = self._now = at
        return KeyOutcome(typed=typed)

    def feed_enter(self, at: float) -> KeyOutcome:
        """Enter (or Return): ends a scan, or is a person's Enter."""
        self._now = at
        if not self._held or at - self._last_at > self.max_gap or len(self._held) < self.min_length:
            return KeyOutcome(typed=self._release(), enter=True)
        text = self._release()
        return KeyOutcome(scan=self._scanned(text))

    def poll(self, at: float) -> KeyOutcome:
        """Call from a timer: hands back keys held longer than ``max_gap``, which no scanner would leave waiting."""
        return KeyOutcome(typed=self._release_if_slow(at))

    # -- Scanner --------------------------------------------------------------------------------------------
    def on_scan(self, listener: ScanListener) -> Callable[[], None]:
        return self._listeners.add(listener)

    def open(self) -> None:
        # A keyboard cannot be asked whether it is there: the wedge is READY whenever the UI feeds it.
        self._board.publish(DeviceStatus(DeviceState.READY, detail="keyboard wedge"))

    def close(self) -> None:
        self._held.clear()
        self._board.publish(DeviceStatus(DeviceState.OFFLINE, detail="closed"))

    def check_health(self) -> DeviceStatus:
        return self._board.status

    # -- inside ---------------------------------------------------------------------------------------------
    def _release_if_slow(self, at: float) -> str:
        self._now = max(self._now, at)
        if self._held and at - self._last_at > self.max_gap:
            return self._release()
        return ""

    def _release(self) -> str:
        text = "".join(self._held)
        self._held.clear()
        return text

    def _scanned(self, text: str) -> ScanEvent | UnreadableScan | None:
        raw = text.encode("utf-8")
        event: ScanEvent | UnreadableScan
        if len(raw) > MAX_CODE_BYTES:
            event = UnreadableScan(self.name, f"码太长 / code longer than {MAX_CODE_BYTES} bytes", len(raw))
        elif self._recent.is_new(raw):
            event = ScanEvent(self.name, raw, text)
        else:
            return None
        log.info("%s: scanned %d bytes", self.name, len(raw))
        self._listeners.emit(event)
        return event
