"""The document camera driver: frames on a capture thread, a small preview of each with the page outlined for
the screen, and a capture that processes the next full frame into a stored page."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence

import cv2
import numpy as np

from devices.device import BoardStatus
from devices.document_camera import (
    Capture,
    Corners,
    DocumentCamera,
    Missing,
    NoPage,
    Page,
    PreviewFrame,
    PreviewListener,
)
from devices.listeners import Listeners
from devices.state import DeviceState, DeviceStatus, Reason, StatusBoard
from drivers.camera.capture import CaptureLoop, Frame, FrameSource, to_gray
from drivers.camera.document import DEFAULT_OPTIONS, PageOptions, encode_jpeg, process_frame
from drivers.camera.pagefind import Outcome, find_page
from drivers.camera.pdf import jpegs_to_pdf

log = logging.getLogger(__name__)

PREVIEW_WIDTH = 800  # pixels across the preview: enough for the screen's camera box, cheap to outline
PREVIEW_QUALITY = 70


class DocumentCameraDriver(BoardStatus, DocumentCamera):
    """A document camera on any frame source (a UVC camera, a file, the virtual one). The constructor opens
    nothing; ``open`` starts the capture thread. Preview listeners run on that thread."""

    def __init__(
        self,
        source: FrameSource,
        *,
        name: str = "document_camera",
        options: PageOptions = DEFAULT_OPTIONS,
        preview_width: int = PREVIEW_WIDTH,
        stall_timeout: float = 2.0,
        retry_interval: float = 1.0,
        reopen_after: float = 10.0,
    ) -> None:
        self.name = name
        self.source = source
        self.options = options
        self.preview_width = preview_width
        self.stall_timeout = stall_timeout
        self._board = StatusBoard(name)
        self._previews: Listeners[PreviewFrame] = Listeners(name)
        self._latest_preview: PreviewFrame | None = None
        self._frame: Frame | None = None
        self._sequence = 0
        self._arrived = threading.Condition()
        self._loop = CaptureLoop(
            source,
            self._on_frame,
            self._board,
            stall_timeout=stall_timeout,
            retry_interval=retry_interval,
            reopen_after=reopen_after,
        )
        self._running = False

    # -- Device ---------------------------------------------------------------------------------------------
    def open(self) -> None:
        """Start the capture thread; returns once the camera has opened or failed to (status says which)."""
        if self._running:
            return
        self._running = True
        self._loop.start()

    def close(self) -> None:
        if self._running:
            self._running = False
            self._loop.stop()
            self._board.publish(DeviceStatus(DeviceState.OFFLINE, detail="closed"))

    def check_health(self) -> DeviceStatus:
        idle = self._loop.seconds_since_frame()
        status = self._board.status
        if idle is not None and idle >= self.stall_timeout and status.state is DeviceState.READY:
            self._board.publish(DeviceStatus.from_reasons(frozenset({Reason.NO_FRAMES}), f"no frame for {idle:.1f} s"))
        return self._board.status

    # -- DocumentCamera -------------------------------------------------------------------------------------
    def on_preview(self, listener: PreviewListener) -> Callable[[], None]:
        return self._previews.add(listener)

    def latest_preview(self) -> PreviewFrame | None:
        return self._latest_preview

    def capture(self, timeout: float = 3.0) -> Capture:
        """The next frame that arrives after this call, processed; NoPage(NO_FRAME) if none comes in time."""
        with self._arrived:
            after = self._sequence
            if not self._arrived.wait_for(lambda: self._sequence > after, timeout):
                return NoPage(Missing.NO_FRAME)
            frame = self._frame
        if frame is None:
            return NoPage(Missing.NO_FRAME)
        try:
            return process_frame(frame, self.options)
        except Exception:
            # A citizen is told to lay the page again, never shown a traceback; the log keeps what went wrong.
            log.exception("%s: processing a frame failed", self.name)
            return NoPage(Missing.NO_PAGE, frame_size=(int(frame.shape[1]), int(frame.shape[0])))

    def material_pdf(self, pages: Sequence[Page]) -> bytes:
        return jpegs_to_pdf([page.jpeg for page in pages], dpi=next((p.dpi for p in pages if p.dpi), 200))

    # -- on the capture thread ------------------------------------------------------------------------------
    def _on_frame(self, frame: Frame) -> None:
        with self._arrived:
            self._frame = frame
            self._sequence += 1
            sequence = self._sequence
            self._arrived.notify_all()
        preview = self._preview(frame, sequence)
        self._latest_preview = preview
        self._previews.emit(preview)

    def _preview(self, frame: Frame, sequence: int) -> PreviewFrame:
        height, width = frame.shape[:2]
        scale = min(1.0, self.preview_width / width)
        size = (max(1, round(width * scale)), max(1, round(height * scale)))
        small = np.asarray(cv2.resize(frame, size, interpolation=cv2.INTER_AREA), dtype=np.uint8)
        rgb = cv2.cvtColor(small, cv2.COLOR_GRAY2RGB if small.ndim == 2 else cv2.COLOR_BGR2RGB)
        found = find_page(to_gray(small))
        corners: Corners | None = None
        if found.outcome is Outcome.FOUND and found.quad is not None:
            points = [(float(x), float(y)) for x, y in found.quad]
            corners = (points[0], points[1], points[2], points[3])
        jpeg = encode_jpeg(small, PREVIEW_QUALITY)
        return PreviewFrame(np.ascontiguousarray(rgb).tobytes(), size[0], size[1], corners, sequence, jpeg)
