"""Code scanners as the application sees them: one event type for every source (serial, keyboard wedge, camera)."""

from __future__ import annotations

import threading
import time
import unicodedata
from abc import abstractmethod
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from devices.device import Device

MAX_CODE_BYTES = 4096  # longer input is not a code a citizen holds up; it is reported as unreadable


@dataclass(frozen=True)
class ScanEvent:
    """A code read by any scanner: the raw bytes, the text decoded from them, and what kind of symbol it was."""

    source: str  # the scanner's name, e.g. "scanner" or "camera"
    raw: bytes
    text: str
    symbology: str = "UNKNOWN"  # QRCode, Code128, EAN13 … as the decoder names it; UNKNOWN for serial scanners
    at: datetime = field(default_factory=lambda: datetime.now(UTC))


@dataclass(frozen=True)
class UnreadableScan:
    """Something arrived that is not a usable code (binary junk, over 4 KB, an unknown encoding)."""

    source: str
    reason: str  # for people, Chinese / English
    size: int
    at: datetime = field(default_factory=lambda: datetime.now(UTC))


ScanListener = Callable[[ScanEvent | UnreadableScan], None]


def decode_payload(raw: bytes) -> str | None:
    """The text of a code's bytes: UTF-8 first, then GB18030; None when neither gives believable text.

    QR codes from Chinese systems carry either encoding with no ECI marker, so a decoder's own guess is not
    trusted. GB18030 accepts much binary junk as "valid" text, so its result must also look like text: no
    control characters, no private-use or unassigned code points, no four-byte (outside GBK) sequences.
    """
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        try:
            text = raw.decode("gb18030")
        except UnicodeDecodeError:
            return None
        if any(len(ch.encode("gb18030")) > 2 for ch in text):
            return None
    return text if _looks_like_text(text) else None


def _looks_like_text(text: str) -> bool:
    if not text:
        return False
    for ch in text:
        category = unicodedata.category(ch)
        if ch in "\t\r\n":
            continue
        if category in {"Cc", "Co", "Cn", "Cs"} or ch == "\ufffd":
            return False
    return True


class RecentCodes:
    """Drops a code seen again within ``window`` seconds: a code held in front of a camera is one scan."""

    def __init__(self, window: float = 3.0, clock: Callable[[], float] = time.monotonic) -> None:
        self.window = window
        self._clock = clock
        self._seen: dict[bytes, float] = {}
        self._lock = threading.Lock()

    def is_new(self, raw: bytes) -> bool:
        now = self._clock()
        with self._lock:
            self._seen = {code: t for code, t in self._seen.items() if now - t < self.window}
            new = raw not in self._seen
            self._seen[raw] = now
            return new


class Scanner(Device):
    """A source of codes. Scans go to scan listeners; device status goes to status listeners."""

    name = "scanner"

    @abstractmethod
    def on_scan(self, listener: ScanListener) -> Callable[[], None]:
        """Every scan and every unreadable input, once each; returns the unsubscribe function."""


class KeyFedScanner(Scanner):
    """A scanner that types (``keyboard://``): it sees no port of its own; the UI hands it every key press with
    the time it came, and it tells a scanner's burst from a person typing."""

    @abstractmethod
    def feed_key(self, text: str, at: float) -> object:
        """One printable key; what the UI puts into the focused field comes back."""

    @abstractmethod
    def feed_enter(self, at: float) -> object:
        """The Enter key: the end of a scan, or a person submitting a form."""

    @abstractmethod
    def poll(self, at: float) -> object:
        """Called from a timer: hands back keys now known to be a person's."""
