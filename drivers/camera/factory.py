"""Turns a camera URL into a CameraScanner or a document camera: ``sim://`` (a virtual camera of the kind),
``camera://INDEX``, ``camera://file/PATH``."""

from __future__ import annotations

from pathlib import Path

from devices.url import CAMERA_SCHEMES, DeviceUrl, DeviceUrlError, parse_device_url
from drivers.camera.capture import FileFrames, FrameSource, OpenCvCamera
from drivers.camera.decoders import DEFAULT_DECODER, get_decoder
from drivers.camera.desk import FRAME_SIZE
from drivers.camera.doccam import DocumentCameraDriver
from drivers.camera.document import DEFAULT_OPTIONS, PageOptions
from drivers.camera.scanner import CameraScanner
from drivers.camera.virtual import VirtualCamera
from drivers.camera.virtual_document import VirtualDocumentCamera


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
    return OpenCvCamera(
        int(url.host), width=width, height=height, fps=int(fps) if fps else None, fourcc=url.params.get("fourcc")
    )


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


def _document_source(url: DeviceUrl) -> FrameSource:
    fps = _number(url, "fps", None)
    width = int(_number(url, "width", FRAME_SIZE[0]) or FRAME_SIZE[0])
    height = int(_number(url, "height", FRAME_SIZE[1]) or FRAME_SIZE[1])
    if url.is_simulated:
        return VirtualDocumentCamera(fps=10.0 if fps is None else fps, size=(width, height))
    if url.host == "file":
        return FileFrames(Path(url.path), fps=fps or None)
    # A document camera is asked for its full resolution: 8 MP by default, so an A4 page spans ~200 dpi, in MJPG,
    # the only format that carries it over USB 2 at more than a frame or two a second.
    fourcc = url.params.get("fourcc", "MJPG")
    return OpenCvCamera(int(url.host), width=width, height=height, fps=int(fps) if fps else None, fourcc=fourcc)


def create_document_camera(
    url: str,
    *,
    name: str = "document_camera",
    jpeg_quality: int = DEFAULT_OPTIONS.jpeg_quality,
    even_light: bool = DEFAULT_OPTIONS.even_light,
    stall_timeout: float = 2.0,
    retry_interval: float = 1.0,
) -> DocumentCameraDriver:
    """A document camera for the URL, not yet opened; call open(). ``sim://?width=3264&height=2448&fps=10``
    gives the virtual document camera, reachable as ``camera.simulator``. ``jpeg_quality`` and ``even_light``
    are [devices.document_camera]'s (docs/document-camera.md). Raises DeviceUrlError for a bad URL."""
    parsed = parse_device_url(url, CAMERA_SCHEMES)
    source = _document_source(parsed)
    camera = DocumentCameraDriver(
        source,
        name=name,
        options=PageOptions(jpeg_quality=jpeg_quality, even_light=even_light),
        stall_timeout=stall_timeout,
        retry_interval=retry_interval,
    )
    if isinstance(source, VirtualDocumentCamera):
        camera.simulator = source
    return camera
