"""The virtual QR/barcode scanner: a peer on a pty that sends codes with a CR, CR LF or no suffix, and junk."""

from __future__ import annotations

import logging
import os
import random
import select
import threading
import time
from pathlib import Path

from devices.simulator import Action, Fault, FaultMode, Simulator, once
from drivers.sim.pty import close_pty, open_pty

log = logging.getLogger(__name__)

SUFFIXES: dict[str, bytes] = {"cr": b"\r", "crlf": b"\r\n", "none": b""}
SAMPLE_CODE = "KIOSK-TEST-0001"
SCANNER_FAULTS = (
    Fault("scan-test", "扫测试码", "Scan test code", FaultMode.ONCE, technician=True),
    Fault("garbage", "扫入乱码", "Scan 32 bytes of junk", FaultMode.ONCE),
    Fault("too-long", "扫入超长码", "Scan a code too long for the kiosk", FaultMode.ONCE),
)
TOO_LONG = 5000  # bytes: over the kiosk's 4096


def garbage(size: int, rng: random.Random | None = None) -> bytes:
    """``size`` random bytes with no CR or LF in them, so they arrive as one code of junk."""
    rng = rng or random.Random()
    pool = bytes(b for b in range(256) if b not in b"\r\n")
    return bytes(rng.choice(pool) for _ in range(size))


def long_code(size: int) -> bytes:
    """An ASCII code of exactly ``size`` bytes (0123456789 repeated)."""
    return (b"0123456789" * (size // 10 + 1))[:size]


class VirtualScanner(Simulator):
    """Writes what a scanner would write to the host side of a pty. A scanner only talks: there is no reader.

    Sending happens on the caller's thread and follows ``baud`` when set, as a serial line would. When nobody
    reads the port (the driver is not running) the pty fills up; what does not fit within ``stall_timeout``
    seconds is thrown away, as a real scanner's bytes are when no host listens.
    """

    kind = "scanner"

    def __init__(self, *, suffix: str = "cr", baud: int | None = None, stall_timeout: float = 2.0) -> None:
        self.suffix = suffix
        self.baud = baud
        self.stall_timeout = stall_timeout
        self.bytes_sent = 0
        self._lock = threading.Lock()
        self._pty: tuple[int, int] | None = None
        self._link: Path | None = None
        self.pty_path: str | None = None

    @property
    def suffix(self) -> str:
        return self._suffix

    @suffix.setter
    def suffix(self, name: str) -> None:
        if name not in SUFFIXES:
            raise ValueError(f"后缀只能是 cr、crlf 或 none / suffix must be cr, crlf or none, got {name!r}")
        self._suffix = name

    @property
    def plugged_in(self) -> bool:
        return self._pty is not None

    # -- the cable ------------------------------------------------------------------------------------------
    def start_pty(self, link: Path | None = None) -> str:
        """Open a virtual serial port; return its path (and point ``link`` at it)."""
        with self._lock:
            master, slave, self.pty_path = open_pty(link)
            os.set_blocking(master, False)
            self._pty = (master, slave)
            self._link = link if link is not None else self._link
        log.info("virtual scanner on %s", self.pty_path)
        return self.pty_path

    def stop(self) -> None:
        self.drop_connection()

    def drop_connection(self) -> None:
        """Pull the cable: the pty disappears, and with it the link."""
        with self._lock:
            pty, self._pty = self._pty, None
            if pty is None:
                return
            close_pty(pty, self._link)

    def replug(self) -> str:
        """Plug the cable back in: a new pty, the link pointed at it."""
        self.drop_connection()
        return self.start_pty(self._link)

    # -- scanning -------------------------------------------------------------------------------------------
    def fault_list(self) -> tuple[Fault, ...]:
        return SCANNER_FAULTS

    def fault_actions(self) -> dict[str, tuple[Action, Action]]:
        return {
            "scan-test": once(lambda _t: self.send_code(SAMPLE_CODE)),
            "garbage": once(lambda _t: self.send_payload(garbage(32))),
            "too-long": once(lambda _t: self.send_payload(long_code(TOO_LONG))),
        }

    def send_code(self, text: str, encoding: str = "utf-8") -> int:
        """A code as the scanner reads it from a label: the text's bytes and the current suffix."""
        return self.send_payload(text.encode(encoding))

    def send_payload(self, payload: bytes) -> int:
        """A code whose bytes are given (GBK Chinese, junk, an over-long code), with the current suffix."""
        return self.send_raw(payload + SUFFIXES[self.suffix])

    def send_raw(self, data: bytes) -> int:
        """Exactly these bytes; returns how many the host side took (0 while unplugged)."""
        with self._lock:
            if self._pty is None:
                log.warning("virtual scanner is unplugged: %d byte(s) not sent", len(data))
                return 0
            sent = self._write(self._pty[0], data)
            self.bytes_sent += sent
            return sent

    def _write(self, master: int, data: bytes) -> int:
        # About 10 ms of line time per write when throttled, so pacing stays close to the wire's.
        chunk = len(data) if self.baud is None else max(1, self.baud // 100)
        view = memoryview(data)
        sent = 0
        stalled_since: float | None = None
        while sent < len(data):
            try:
                written = os.write(master, view[sent : sent + chunk])
            except BlockingIOError:
                stalled_since = stalled_since or time.monotonic()
                if time.monotonic() - stalled_since > self.stall_timeout:
                    log.warning("virtual scanner: nobody reads the port; %d byte(s) dropped", len(data) - sent)
                    return sent
                select.select([], [master], [], 0.05)
                continue
            except OSError as error:
                log.warning("virtual scanner: write failed: %s", error)
                return sent
            stalled_since = None
            sent += written
            if self.baud is not None:
                time.sleep(written * 10 / self.baud)
        return sent
