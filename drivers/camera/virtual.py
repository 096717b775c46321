"""The virtual camera (``sim://``): an empty scene, a QR code when told to show one, and faults on command."""

from __future__ import annotations

import threading
import time

import numpy as np

from devices.simulator import Action, Fault, FaultMode, Simulator, once
from drivers.camera.capture import CameraUnavailable, Frame, Pacer
from drivers.camera.frames import Condition, render_frame, scene
from drivers.sim.scanner import SAMPLE_CODE

CAMERA_FAULTS = (
    Fault("show-test", "举起测试码", "Hold up the test code", FaultMode.ONCE),
    Fault("hide", "移开二维码", "Take the code away", FaultMode.ONCE),
    Fault("no-frames", "摄像头无画面", "Camera delivers no frames"),
)


class VirtualCamera(Simulator):
    """A frame source for tests, demos and benchmarks. Controls may be called from any thread.

    ``fps`` = 0 delivers frames as fast as they are read (for benchmarks). ``fail_open`` makes it refuse to
    open, as a camera that is unplugged or held by another program; ``stop_frames`` makes an open camera go
    silent, as a USB camera whose cable is loose.
    """

    kind = "camera"

    def __init__(self, *, fps: float = 15.0, seed: int = 0, fail_open: bool = False) -> None:
        self.fps = fps
        self.description = f"virtual camera ({fps:g} fps)" if fps else "virtual camera (unpaced)"
        self.fail_open = fail_open
        self.frames_delivered = 0
        self.opens = 0  # successful open() calls: the scanner reopens a camera that went silent
        self.code_first_delivered_at: float | None = None  # perf_counter when the shown code first left the camera
        self.is_open = False
        self._rng = np.random.default_rng(seed)
        self._empty: Frame = scene(self._rng)
        self._current: Frame = self._empty
        self._showing: bytes | None = None
        self._code_pending = False
        self._delivering = True
        self._lock = threading.Lock()
        self._pacer = Pacer(fps)

    # -- controls -------------------------------------------------------------------------------------------
    def show(
        self, payload: bytes | str, *, rotation: float = 0.0, noise: float = 0.0, code_px: int = 240, blur: float = 0.0
    ) -> None:
        """Hold a code in front of the camera (text goes in as UTF-8) until hide() or another show()."""
        raw = payload.encode("utf-8") if isinstance(payload, str) else payload
        condition = Condition(code_px=code_px, rotation=rotation, noise=noise, blur=blur)
        with self._lock:
            rng = np.random.default_rng(self._rng.integers(1 << 32))
        image = render_frame(raw, condition, rng=rng, background=self._empty)
        with self._lock:
            self._current, self._showing = image, raw
            self._code_pending = True
            self.code_first_delivered_at = None

    def fault_list(self) -> tuple[Fault, ...]:
        return CAMERA_FAULTS

    def fault_actions(self) -> dict[str, tuple[Action, Action]]:
        return {
            "show-test": once(lambda _t: self.show(SAMPLE_CODE)),
            "hide": once(lambda _t: self.hide()),
            "no-frames": (lambda _t: self.stop_frames(), lambda _t: self.resume_frames()),
        }

    def stop(self) -> None:
        """Nothing of its own runs: the camera scanner opens and closes it as its frame source."""

    def hide(self) -> None:
        with self._lock:
            self._current, self._showing = self._empty, None
            self._code_pending = False

    @property
    def showing(self) -> bytes | None:
        return self._showing

    @property
    def current_frame(self) -> Frame:
        """The picture the camera delivers now (the benchmark decodes it directly to compare)."""
        return self._current

    def stop_frames(self) -> None:
        self._delivering = False

    def resume_frames(self) -> None:
        self._delivering = True

    # -- FrameSource ----------------------------------------------------------------------------------------
    def open(self) -> None:
        if self.fail_open:
            raise CameraUnavailable("虚拟摄像头被设为无法打开 / the virtual camera is set to fail to open")
        self.is_open = True
        self.opens += 1

    def read(self, timeout: float) -> Frame | None:
        if not self.is_open or not self._delivering:
            time.sleep(timeout)
            return None
        if not self._pacer.wait(timeout):
            return None
        with self._lock:
            frame = self._current
            self.frames_delivered += 1
            if self._code_pending:
                self._code_pending = False
                self.code_first_delivered_at = time.perf_counter()
        return frame

    def close(self) -> None:
        self.is_open = False
