"""Camera frames on a worker thread that also decodes them; OpenCV cameras, image and video files as sources."""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Protocol

import cv2
import numpy as np
from numpy.typing import NDArray
from PIL import Image, UnidentifiedImageError

from devices.state import DeviceStatus, Reason, StatusBoard

log = logging.getLogger(__name__)

# OpenCV prints a warning to stderr on every failed open, and a missing camera is retried every second; the
# status (CAMERA_UNAVAILABLE with its detail) already says it in plain words.
cv2.utils.logging.setLogLevel(cv2.utils.logging.LOG_LEVEL_ERROR)

Frame = NDArray[np.uint8]  # 2-D grayscale, or 3-D BGR as OpenCV captures it
Gray = NDArray[np.uint8]


class CameraUnavailable(Exception):
    """The camera (or file) cannot be opened; the message is for a technician, Chinese first."""


class FrameSource(Protocol):
    """Where frames come from: a camera, a file, the virtual camera. Only the capture thread calls these."""

    description: str

    def open(self) -> None:
        """Raise CameraUnavailable if there is nothing to open."""

    def read(self, timeout: float) -> Frame | None:
        """The next frame, or None when none came within about ``timeout`` seconds (never returns at once
        with None over and over: a source that has failed waits out the timeout, so the thread does not spin)."""

    def close(self) -> None: ...


def to_gray(frame: Frame) -> Gray:
    if frame.ndim == 2:
        return frame
    return np.asarray(cv2.cvtColor(frame, cv2.COLOR_BGR2GRAY), dtype=np.uint8)


class Pacer:
    """Hands out frame slots at ``fps`` (0 = as fast as asked); a late reader gets the next frame at once, not a
    burst of the missed ones, as a camera drops frames nobody took."""

    def __init__(self, fps: float) -> None:
        self.period = 1.0 / fps if fps > 0 else 0.0
        self._next = time.monotonic()

    def wait(self, timeout: float) -> bool:
        """Sleep until the next frame is due; False if that is more than ``timeout`` away (slept ``timeout``)."""
        now = time.monotonic()
        delay = self._next - now
        if delay > timeout:
            time.sleep(timeout)
            return False
        if delay > 0:
            time.sleep(delay)
        self._next = max(self._next + self.period, time.monotonic())
        return True


class OpenCvCamera:
    """A local camera by index (``camera://0?width=640&height=480&fps=15``) through OpenCV. ``fourcc`` asks for
    a pixel format: a USB 2 camera sends 8 MP only as MJPG (uncompressed YUYV does not fit the bus)."""

    def __init__(
        self, index: int, *, width: int = 640, height: int = 480, fps: int | None = None, fourcc: str | None = None
    ) -> None:
        self.index = index
        self.width, self.height, self.fps = width, height, fps
        self.fourcc = fourcc
        self.description = f"camera {index}"
        self._capture: cv2.VideoCapture | None = None

    def open(self) -> None:
        capture = cv2.VideoCapture(self.index)
        if not capture.isOpened():
            capture.release()
            raise CameraUnavailable(f"无法打开摄像头 {self.index} / cannot open camera {self.index}")
        if self.fourcc:
            capture.set(cv2.CAP_PROP_FOURCC, cv2.VideoWriter.fourcc(*self.fourcc))  # before the size: it limits it
        capture.set(cv2.CAP_PROP_FRAME_WIDTH, self.width)
        capture.set(cv2.CAP_PROP_FRAME_HEIGHT, self.height)
        if self.fps:
            capture.set(cv2.CAP_PROP_FPS, self.fps)
        # A deep driver queue means decoding a frame that is already old: keep one, the latest.
        capture.set(cv2.CAP_PROP_BUFFERSIZE, 1)
        self._capture = capture

    def read(self, timeout: float) -> Frame | None:
        if self._capture is None:
            time.sleep(timeout)
            return None
        ok, frame = self._capture.read()
        if not ok or frame is None:
            time.sleep(min(timeout, 0.1))  # an unplugged camera fails at once, every time
            return None
        return np.asarray(frame, dtype=np.uint8)

    def close(self) -> None:
        capture, self._capture = self._capture, None
        if capture is not None:
            capture.release()


class FileFrames:
    """An image shown for ever, or a video played in a loop, as a camera pointed at it would deliver them
    (``camera://file/PATH?fps=10``); a video plays at its own frame rate unless ``fps`` is given."""

    def __init__(self, path: Path, *, fps: float | None = None) -> None:
        self.path = path
        self.fps = fps
        self.description = f"file {path}"
        self._still: Gray | None = None
        self._video: cv2.VideoCapture | None = None
        self._pacer = Pacer(fps or 10.0)

    def open(self) -> None:
        if not self.path.is_file():
            raise CameraUnavailable(f"找不到图片或视频文件 / no such image or video file: {self.path}")
        try:
            with Image.open(self.path) as image:
                self._still = np.asarray(image.convert("L"), dtype=np.uint8)
        except Image.DecompressionBombError:
            raise CameraUnavailable(f"图片过大 / image too large to use as camera frames: {self.path}") from None
        except (UnidentifiedImageError, OSError):
            self._open_video()
        else:
            self._pacer = Pacer(self.fps or 10.0)

    def _open_video(self) -> None:
        video = cv2.VideoCapture(str(self.path))
        ok = video.isOpened() and video.read()[0]
        if not ok:
            video.release()
            raise CameraUnavailable(f"不是可读的图片或视频 / not a readable image or video: {self.path}")
        video.set(cv2.CAP_PROP_POS_FRAMES, 0)
        own_rate = float(video.get(cv2.CAP_PROP_FPS) or 0.0)
        self._pacer = Pacer(self.fps or (own_rate if 0 < own_rate <= 120 else 10.0))
        self._video = video

    def read(self, timeout: float) -> Frame | None:
        if not self._pacer.wait(timeout):
            return None
        if self._still is not None:
            return self._still
        if self._video is None:
            return None
        ok, frame = self._video.read()
        if not ok:
            self._video.set(cv2.CAP_PROP_POS_FRAMES, 0)  # end of the clip: loop
            ok, frame = self._video.read()
        return np.asarray(frame, dtype=np.uint8) if ok and frame is not None else None

    def close(self) -> None:
        video, self._video = self._video, None
        if video is not None:
            video.release()
        self._still = None


class CaptureLoop:
    """Owns a frame source on one thread: opens it (retrying while it cannot), reads frames, calls ``on_frame``
    on this thread for each (so decoding never runs on the caller's), and reports the camera's health.

    Health: READY once open; FAULT CAMERA_UNAVAILABLE while it cannot open; FAULT NO_FRAMES after
    ``stall_timeout`` seconds without a frame (READY again with the next frame). After ``reopen_after`` seconds
    without a frame the source is closed and opened again, as a replugged USB camera needs.
    """

    def __init__(
        self,
        source: FrameSource,
        on_frame: Callable[[Frame], None],
        board: StatusBoard,
        *,
        stall_timeout: float = 2.0,
        retry_interval: float = 1.0,
        reopen_after: float = 10.0,
        poll: float = 0.1,
    ) -> None:
        self.source = source
        self.on_frame = on_frame
        self.board = board
        self.stall_timeout = stall_timeout
        self.retry_interval = retry_interval
        self.reopen_after = max(reopen_after, stall_timeout)
        self.poll = poll
        self._stop = threading.Event()
        self._attempted = threading.Event()
        self._thread: threading.Thread | None = None
        self._last_frame: float | None = None  # monotonic time of the last frame, or of opening

    def start(self, wait: float = 5.0) -> None:
        """Start the thread and wait (up to ``wait`` s) for the first attempt to open, so status means something."""
        if self._thread is not None:
            return
        self._stop.clear()
        self._attempted.clear()
        self._thread = threading.Thread(target=self._run, name=f"camera-{self.board.name}", daemon=True)
        self._thread.start()
        self._attempted.wait(wait)

    def stop(self) -> None:
        self._stop.set()
        thread, self._thread = self._thread, None
        if thread is not None:
            thread.join(timeout=5)

    def seconds_since_frame(self) -> float | None:
        """How long since the last frame (or since opening); None while not open."""
        last = self._last_frame
        return None if last is None else time.monotonic() - last

    def _publish(self, reasons: frozenset[Reason], detail: str = "") -> None:
        self.board.publish(DeviceStatus.from_reasons(reasons, detail))

    def _open(self) -> bool:
        try:
            self.source.open()
        except CameraUnavailable as error:
            self._publish(frozenset({Reason.CAMERA_UNAVAILABLE}), str(error))
            return False
        except Exception as error:
            # OpenCV backends throw for odd devices; to the kiosk it is still a camera that will not open.
            log.exception("%s: opening %s failed", self.board.name, self.source.description)
            self._publish(frozenset({Reason.CAMERA_UNAVAILABLE}), f"{self.source.description}: {error}")
            return False
        finally:
            self._attempted.set()
        self._last_frame = time.monotonic()
        if Reason.NO_FRAMES not in self.board.status.reasons:
            self._publish(frozenset(), self.source.description)  # after a reopen, READY waits for a frame
        return True

    def _read(self) -> Frame | None:
        try:
            return self.source.read(self.poll)
        except Exception:
            log.exception("%s: reading %s failed", self.board.name, self.source.description)
            self._stop.wait(self.poll)
            return None

    def _run(self) -> None:
        opened = False
        try:
            while not self._stop.is_set():
                if not opened:
                    opened = self._open()
                    if not opened:
                        self._stop.wait(self.retry_interval)
                    continue
                frame = self._read()
                if frame is None:
                    idle = self.seconds_since_frame() or 0.0
                    if idle >= self.stall_timeout and Reason.NO_FRAMES not in self.board.status.reasons:
                        self._publish(frozenset({Reason.NO_FRAMES}), f"no frame for {idle:.1f} s")
                    if idle >= self.reopen_after:
                        log.info("%s: no frames for %.0f s, reopening", self.board.name, idle)
                        self._close_source()
                        opened = False
                    continue
                self._last_frame = time.monotonic()
                if self.board.status.reasons:
                    self._publish(frozenset(), self.source.description)
                try:
                    self.on_frame(frame)
                except Exception:
                    # One bad frame (or listener) must not stop the camera.
                    log.exception("%s: frame handling failed", self.board.name)
        finally:
            self._close_source()
            self._last_frame = None

    def _close_source(self) -> None:
        with contextlib.suppress(Exception):
            self.source.close()
