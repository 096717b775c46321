"""The virtual document camera (``sim://`` for [devices.document_camera]): the sample application form lying on
the camera's mat, photographed in perspective under uneven light, and faults on command (page taken away, pushed
partly off the frame, no frames, unplugged). It knows where it put the page, so tests can check what was found."""

from __future__ import annotations

import threading
import time

import numpy as np

from devices.simulator import Action, Fault, FaultMode, Simulator, once
from drivers.camera.capture import CameraUnavailable, Frame, Pacer
from drivers.camera.desk import FRAME_SIZE, Bgr, Corners, Placement, page_corners, photograph
from drivers.camera.sample_page import sample_page

DOCUMENT_CAMERA_FAULTS = (
    # The technician page's buttons only inject: it gets the page's comings and goings, which need no clearing.
    Fault("place-page", "放上一页材料", "Lay a page on the mat", FaultMode.ONCE, technician=True),
    Fault("take-away", "拿走材料", "Take the page away", FaultMode.ONCE, technician=True),
    Fault("off-edge", "材料一部分超出拍摄区", "Push the page partly out of the frame", FaultMode.ONCE, technician=True),
    Fault("no-frames", "高拍仪无画面", "Document camera delivers no frames"),
    Fault("unplugged", "高拍仪被拔出", "Document camera unplugged"),
)


class VirtualDocumentCamera(Simulator):
    """A frame source with a page on the mat from the start. Controls may be called from any thread; the
    frame is rendered (about a second at 8 MP) on the reading thread, when first read after a change."""

    kind = "document_camera"

    def __init__(self, *, fps: float = 10.0, size: tuple[int, int] = FRAME_SIZE, seed: int = 0) -> None:
        self.fps = fps
        self.size = size
        self.description = f"virtual document camera {size[0]}x{size[1]}"
        self.is_open = False
        self.frames_delivered = 0
        self._rng = np.random.default_rng(seed)
        self._placement: Placement | None = Placement(rotation=4.0, keystone=0.02)
        self._frame: Frame | None = None
        self._frame_seed = int(self._rng.integers(1 << 31))
        self._unplugged = False
        self._delivering = True
        self._lock = threading.Lock()
        self._pacer = Pacer(fps)

    # -- controls -------------------------------------------------------------------------------------------
    def place(self, placement: Placement | None = None) -> None:
        """Lay the sample page down as ``placement`` says; by default somewhere a citizen would put it."""
        with self._lock:
            self._placement = placement if placement is not None else Placement.random(self._rng)
            self._changed()

    def take_away(self) -> None:
        with self._lock:
            self._placement = None
            self._changed()

    def push_off_edge(self) -> None:
        """The page with a corner or a side outside the frame, as a citizen lays it too far to one side."""
        with self._lock:
            self._placement = Placement.random(self._rng, inside=False)
            self._changed()

    def _changed(self) -> None:
        self._frame = None
        self._frame_seed = int(self._rng.integers(1 << 31))

    @property
    def page_corners(self) -> Corners | None:
        """Where the page lies in the frame (top left, top right, bottom right, bottom left); None: no page."""
        placement = self._placement
        return None if placement is None else page_corners(self.size, placement)

    @property
    def original(self) -> Bgr:
        """The clean page it photographs."""
        return sample_page()

    @property
    def current_frame(self) -> Frame:
        """The picture it delivers now (rendered here if not yet)."""
        with self._lock:
            if self._frame is None:
                page = None if self._placement is None else sample_page()
                photo = photograph(
                    page, self._placement or Placement(), size=self.size, rng=np.random.default_rng(self._frame_seed)
                )
                self._frame = photo.frame
            return self._frame

    def stop_frames(self) -> None:
        self._delivering = False

    def resume_frames(self) -> None:
        self._delivering = True

    def unplug(self) -> None:
        self._unplugged = True

    def plug_in(self) -> None:
        self._unplugged = False

    # -- Simulator ------------------------------------------------------------------------------------------
    def fault_list(self) -> tuple[Fault, ...]:
        return DOCUMENT_CAMERA_FAULTS

    def fault_actions(self) -> dict[str, tuple[Action, Action]]:
        return {
            "place-page": once(lambda _t: self.place()),
            "take-away": once(lambda _t: self.take_away()),
            "off-edge": once(lambda _t: self.push_off_edge()),
            "no-frames": (lambda _t: self.stop_frames(), lambda _t: self.resume_frames()),
            "unplugged": (lambda _t: self.unplug(), lambda _t: self.plug_in()),
        }

    def stop(self) -> None:
        """Nothing of its own runs: the document camera driver opens and closes it as its frame source."""

    # -- FrameSource ----------------------------------------------------------------------------------------
    def open(self) -> None:
        if self._unplugged:
            raise CameraUnavailable("虚拟高拍仪已拔出 / the virtual document camera is unplugged")
        self.is_open = True

    def read(self, timeout: float) -> Frame | None:
        if not self.is_open or not self._delivering or self._unplugged:
            time.sleep(timeout)
            return None
        if not self._pacer.wait(timeout):
            return None
        frame = self.current_frame
        self.frames_delivered += 1
        return frame

    def close(self) -> None:
        self.is_open = False
