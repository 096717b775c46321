"""Turns a camera URL into a CameraScanner: ``sim://`` (virtual camera), ``camera://INDEX``, ``camera://file/PATH``."""

from __future__ import annotations

from pathlib import Path

from devices.url import CAMERA_SCHEMES, DeviceUrl, DeviceUrlError, parse_device_url
from drivers.camera.capture import FileFrames, FrameSource, OpenCvCamera
from drivers.camera.decoders import DEFAULT_DECODER, get_decoder
from drivers.camera.scanner import CameraScanner
from drivers.camera.virtual import VirtualCamera


def _number(url: DeviceUrl, key: str, default: float | None) -> float | None:
    text = url.params.get(key)
    if text is None:
        return default
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if value < 0:
        raise DeviceUrlError(f"摄像头参数应为非负数 / camera option {key} must be a number ≥ 0, got {text!r}: {url}")
    return value


def _source(url: DeviceUrl) -> FrameSource:
    fps = _number(url, "fps", None)
    if url.is_simulated:
        return VirtualCamera(fps=15.0 if fps is None else fps)
    if url.host == "file":
        return FileFrames(Path(url.path), fps=fps or None)
    width = int(_number(url, "width", 640) or 640)
    height = int(_number(url, "height", 480) or 480)
    return OpenCvCamera(int(url.host), width=width, height=height, fps=int(fps) if fps else None)


def create_camera_scanner(
    url: str,
    *,
    name: str = "camera",
    decoder: str = DEFAULT_DECODER,
    stall_timeout: float = 2.0,
    retry_interval: float = 1.0,
) -> CameraScanner:
    """A camera scanner for the URL, not yet opened; call open(). ``sim://?fps=15`` gives a virtual camera,
    reachable as ``scanner.simulator`` to show codes. Raises DeviceUrlError for a bad URL or decoder name."""
    parsed = parse_device_url(url, CAMERA_SCHEMES)
    chosen = get_decoder(decoder)
    source = _source(parsed)
    scanner = CameraScanner(
        source, name=name, decoder=chosen, stall_timeout=stall_timeout, retry_interval=retry_interval
    )
    if isinstance(source, VirtualCamera):
        scanner.simulator = source
    return scanner
