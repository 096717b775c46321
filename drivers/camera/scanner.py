"""The camera as a code scanner: frames -> decoder -> decode_payload -> one event per code held in view."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from devices.device import BoardStatus
from devices.listeners import Listeners
from devices.scanner import MAX_CODE_BYTES, RecentCodes, ScanEvent, ScanListener, Scanner, UnreadableScan
from devices.state import DeviceState, DeviceStatus, Reason, StatusBoard
from drivers.camera.capture import CaptureLoop, Frame, FrameSource, to_gray
from drivers.camera.decoders import DEFAULT_DECODER, DecodedCode, Decoder, get_decoder

log = logging.getLogger(__name__)


class CameraScanner(BoardStatus, Scanner):
    """Reads codes from a frame source. Decoding and the scan listeners run on the capture thread, never on
    the caller's; a listener that must touch the UI hands the event over to the UI thread itself."""

    def __init__(
        self,
        source: FrameSource,
        *,
        name: str = "camera",
        decoder: str | Decoder = DEFAULT_DECODER,
        stall_timeout: float = 2.0,
        retry_interval: float = 1.0,
        reopen_after: float = 10.0,
        repeat_window: float = 3.0,
        on_close: Callable[[], None] | None = None,
    ) -> None:
        self.name = name
        self.source = source
        self.decoder = get_decoder(decoder) if isinstance(decoder, str) else decoder
        self.frames_decoded = 0
        self.stall_timeout = stall_timeout
        self._board = StatusBoard(name)
        self._recent = RecentCodes(repeat_window)
        self._listeners: Listeners[ScanEvent | UnreadableScan] = Listeners(name)
        self._lock = threading.Lock()
        self._on_close = on_close
        self._loop = CaptureLoop(
            source,
            self._on_frame,
            self._board,
            stall_timeout=stall_timeout,
            retry_interval=retry_interval,
            reopen_after=reopen_after,
        )
        self._running = False

    # -- Scanner --------------------------------------------------------------------------------------------
    def open(self) -> None:
        """Start the capture thread; returns once the camera has opened or failed to (status says which)."""
        if self._running:
            return
        self._running = True
        self._loop.start()

    def close(self) -> None:
        """Stop and join the capture thread, release the camera."""
        if self._running:
            self._running = False
            self._loop.stop()
            self._board.publish(DeviceStatus(DeviceState.OFFLINE, detail="closed"))
        if self._on_close is not None:
            self._on_close()

    def on_scan(self, listener: ScanListener) -> Callable[[], None]:
        return self._listeners.add(listener)

    def check_health(self) -> DeviceStatus:
        """The capture thread keeps status current; this also catches a thread stuck inside a driver's read."""
        idle = self._loop.seconds_since_frame()
        status = self._board.status
        if idle is not None and idle >= self.stall_timeout and status.state is DeviceState.READY:
            self._board.publish(DeviceStatus.from_reasons(frozenset({Reason.NO_FRAMES}), f"no frame for {idle:.1f} s"))
        return self._board.status

    # -- on the capture thread ------------------------------------------------------------------------------
    def _on_frame(self, frame: Frame) -> None:
        try:
            codes = self.decoder.decode(to_gray(frame))
        except Exception:
            log.exception("%s: decoder %s failed on a frame", self.name, self.decoder.name)
            return
        self.frames_decoded += 1
        for code in codes:
            if self._recent.is_new(code.raw):
                self._emit(self._event(code))

    def _event(self, code: DecodedCode) -> ScanEvent | UnreadableScan:
        size = len(code.raw)
        if size > MAX_CODE_BYTES:
            return UnreadableScan(self.name, f"码内容超过 {MAX_CODE_BYTES} 字节 / code longer than 4 KB", size)
        if code.text is None:
            return UnreadableScan(self.name, "无法识别的码内容 / not text in UTF-8 or GB18030", size)
        return ScanEvent(self.name, code.raw, code.text, code.symbology)

    def _emit(self, event: ScanEvent | UnreadableScan) -> None:
        # The payload can hold personal data (an ID number in a filing code): log its size, never its content.
        kind = event.symbology if isinstance(event, ScanEvent) else "unreadable"
        log.info("%s: %s, %d bytes", self.name, kind, len(event.raw) if isinstance(event, ScanEvent) else event.size)
        self._listeners.emit(event)
