"""The serial QR/barcode scanner: a reader thread that turns the port's bytes into scan events and reconnects."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

from devices.device import BoardStatus
from devices.listeners import Listeners
from devices.scanner import (
    MAX_CODE_BYTES,
    RecentCodes,
    ScanEvent,
    ScanListener,
    Scanner,
    UnreadableScan,
    decode_payload,
)
from devices.state import DeviceState, DeviceStatus, Reason, StatusBoard
from drivers.scanner.framing import CodeFraming, Frame
from drivers.transports import Transport, TransportError

log = logging.getLogger(__name__)

UNREADABLE_CODE = "无法识别的码 / unreadable code"
READ_TIMEOUT = 0.02  # short, so close() and the silence rule both answer quickly


class SerialScanner(BoardStatus, Scanner):
    """A scanner on RS-232 or USB-CDC. It has no status query: READY means the port is open.

    One thread owns the port while the scanner is open: it reads, frames, decodes, drops repeats and calls the
    scan listeners (on that thread: a listener must hand work to its own thread rather than block). When the
    port fails it reports DISCONNECTED and reopens it after 1, 2, 4 … ``max_backoff`` seconds by itself.
    """

    def __init__(
        self,
        transport: Transport,
        *,
        name: str = "scanner",
        silence: float = 0.1,
        duplicate_window: float = 3.0,
        max_bytes: int = MAX_CODE_BYTES,
        first_retry: float = 1.0,
        max_backoff: float = 10.0,
        on_close: Callable[[], None] | None = None,
        on_open: Callable[[], None] | None = None,
    ) -> None:
        self.name = name
        self.transport = transport
        self.first_retry = first_retry
        self.max_backoff = max_backoff
        self._framing = CodeFraming(silence, max_bytes)
        self._recent = RecentCodes(duplicate_window)
        self._board = StatusBoard(name)
        self._listeners: Listeners[ScanEvent | UnreadableScan] = Listeners(name)
        self._lock = threading.Lock()  # the port, while no reader thread owns it
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._on_close = on_close
        self._on_open = on_open  # starts the simulator behind a sim:// URL before the port opens

    # -- Scanner --------------------------------------------------------------------------------------------
    def on_scan(self, listener: ScanListener) -> Callable[[], None]:
        return self._listeners.add(listener)

    def open(self) -> None:
        """Open the port and start reading; a missing port leaves the scanner DISCONNECTED and retrying."""
        with self._lock:
            if self._thread is not None:
                return
            if self._on_open is not None:
                self._on_open()
            self._connect()
            self._stop.clear()
            self._thread = threading.Thread(target=self._run, name=f"scanner-{self.name}", daemon=True)
            self._thread.start()

    def close(self) -> None:
        with self._lock:
            self._stop.set()
            thread, self._thread = self._thread, None
            if thread is not None and thread is not threading.current_thread():
                thread.join(timeout=5)
            self.transport.close()
            self._framing.reset()
            self._board.publish(DeviceStatus(DeviceState.OFFLINE, detail="closed"))
        if self._on_close is not None:
            on_close, self._on_close = self._on_close, None
            on_close()

    def check_health(self) -> DeviceStatus:
        """The reader thread keeps the status current; before open() this tries the port once."""
        with self._lock:
            if self._thread is None:
                self._connect()
        return self._board.status

    # -- the reader -----------------------------------------------------------------------------------------
    def _connect(self) -> bool:
        if self.transport.is_open:
            self._board.publish(DeviceStatus(DeviceState.READY))
            return True
        try:
            self.transport.open()
        except TransportError as error:
            self._disconnected(error)
            return False
        log.info("%s: port open", self.name)
        self._board.publish(DeviceStatus(DeviceState.READY))
        return True

    def _disconnected(self, error: TransportError) -> None:
        self._framing.reset()  # half a code from before the cable came out is not a code
        self._board.publish(DeviceStatus.from_reasons(frozenset({Reason.DISCONNECTED}), str(error)))

    def _run(self) -> None:
        retry = self.first_retry
        while not self._stop.is_set():
            if not self.transport.is_open and not self._connect():
                self._stop.wait(retry)
                retry = min(retry * 2, self.max_backoff)
                continue
            try:
                data = self.transport.read(4096, READ_TIMEOUT)
            except TransportError as error:
                # Back off here too: a port that opens but fails every read must not spin the thread.
                log.warning("%s: %s", self.name, error)
                self._disconnected(error)
                self._stop.wait(retry)
                retry = min(retry * 2, self.max_backoff)
                continue
            retry = self.first_retry
            now = time.monotonic()
            for frame in self._framing.feed(data, now) if data else self._framing.poll(now):
                self._deliver(frame)

    def _deliver(self, frame: Frame) -> None:
        event: ScanEvent | UnreadableScan
        text = decode_payload(frame.raw) if frame.readable else None
        if frame.problem is not None:
            event = UnreadableScan(self.name, frame.problem, frame.size)
        elif text is None:
            event = UnreadableScan(self.name, UNREADABLE_CODE, frame.size)
        elif self._recent.is_new(frame.raw):
            event = ScanEvent(self.name, frame.raw, text)
        else:
            log.debug("%s: repeat of a code within %.1f s dropped", self.name, self._recent.window)
            return
        # The code itself may hold personal data (an ID number in an appointment QR): log its size only.
        log.info("%s: %s, %d bytes", self.name, "code" if isinstance(event, ScanEvent) else "unreadable", frame.size)
        self._listeners.emit(event)
