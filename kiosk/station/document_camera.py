"""The document camera (高拍仪) as the filing wizard uses it (DocumentCameraPort), over the device from the driver
registry (docs/document-camera.md).

The camera runs only while a citizen uses it: it opens on the first preview or capture, and closes once nobody
has asked for a picture for ``idle_close_s``. An open camera turns every frame into a preview (a few hundred
milliseconds of work a second at 8 MP), which a kiosk waiting for its next citizen must not spend all night.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

from devices.document_camera import DocumentCamera, Missing, NoPage, Page
from devices.simulator import Simulator
from devices.words import Words
from drivers.registry import create_document_camera
from kiosk.station.filing_ports import CameraFailed, CapturedPage, PreviewFrame

log = logging.getLogger(__name__)

IDLE_CLOSE_S = 60.0
NOT_WORKING = Words(
    "高拍仪暂时无法拍摄，请选择“携带原件”或到窗口办理",
    "The document camera is not working; choose 'I will bring the original' or go to a window.",
)


class StationDocumentCamera:
    """DocumentCameraPort. Thread-safe; ``capture`` blocks for the processing (call it from a worker)."""

    def __init__(
        self,
        camera: DocumentCamera,
        *,
        idle_close_s: float = IDLE_CLOSE_S,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.camera, self.idle_close_s, self._clock = camera, idle_close_s, clock
        self._lock = threading.Lock()
        self._open = False
        self._last_use = 0.0
        self._stop = threading.Event()
        self._closer = threading.Thread(target=self._close_when_idle, name="document-camera-idle", daemon=True)
        self._closer.start()

    @classmethod
    def from_url(cls, url: str, *, jpeg_quality: int, even_light: bool) -> StationDocumentCamera:
        return cls(create_document_camera(url, jpeg_quality=jpeg_quality, even_light=even_light))

    @property
    def simulator(self) -> Simulator | None:
        """The virtual document camera for the technician page's faults, when the URL is ``sim://``."""
        simulator = getattr(self.camera, "simulator", None)
        return simulator if isinstance(simulator, Simulator) else None

    # -- DocumentCameraPort ---------------------------------------------------------------------------------
    def available(self) -> bool:
        """False only when the camera was opened and is known not to work; a closed camera is offered."""
        with self._lock:
            return not self._open or self.camera.status.usable

    def preview(self) -> PreviewFrame | None:
        self._use()
        frame = self.camera.latest_preview()
        if frame is None or not frame.jpeg:
            return None
        return PreviewFrame(jpeg=frame.jpeg, page_seen=frame.corners is not None)

    def capture(self) -> CapturedPage:
        self._use()
        result = self.camera.capture()
        self._use()
        if isinstance(result, Page):
            return CapturedPage(jpeg=result.jpeg, thumbnail=result.thumbnail or result.jpeg, found=True)
        if isinstance(result, NoPage) and result.why is Missing.NO_PAGE and result.frame_jpeg:
            # No page outline: the whole frame, for the citizen to check (a photo or a card is smaller than a page).
            return CapturedPage(jpeg=result.frame_jpeg, thumbnail=result.thumbnail or result.frame_jpeg, found=False)
        if result.why is Missing.NO_FRAME:
            raise CameraFailed(NOT_WORKING)
        raise CameraFailed(result.words)

    # -- lifecycle ------------------------------------------------------------------------------------------
    def close(self) -> None:
        self._stop.set()
        with self._lock:
            self._close_camera()
        self._closer.join(timeout=5)

    def _use(self) -> None:
        with self._lock:
            self._last_use = self._clock()
            if not self._open:
                log.info("document camera: opening for a citizen")
                self.camera.open()
                self._open = True

    def _close_when_idle(self) -> None:
        while not self._stop.wait(min(5.0, self.idle_close_s / 2)):
            with self._lock:
                if self._open and self._clock() - self._last_use >= self.idle_close_s:
                    log.info("document camera: closing, unused for %.0f s", self.idle_close_s)
                    self._close_camera()

    def _close_camera(self) -> None:
        if self._open:
            self._open = False
            try:
                self.camera.close()
            except Exception:
                log.exception("document camera: closing failed")
