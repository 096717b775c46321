"""Turns a scanner URL into a working scanner: sim://, the pyserial family, or a camera."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from devices.scanner import Scanner
from devices.url import SCANNER_SCHEMES, SERIAL_FAMILY, DeviceUrlError, parse_device_url
from drivers.scanner.serial_scanner import SerialScanner
from drivers.scanner.wedge import KeyboardWedgeScanner
from drivers.transports import SerialTransport

DEFAULT_BAUDRATE = 9600  # what scanners ship with; ?baudrate=115200 in the URL overrides it


def create_scanner(url: str, *, name: str = "scanner") -> Scanner:
    """The scanner behind ``url``; ``sim://`` starts a virtual scanner on a pty in this process for it."""
    parsed = parse_device_url(url, SCANNER_SCHEMES)
    if parsed.is_simulated:
        return _simulated(name)
    if parsed.scheme in SERIAL_FAMILY:
        return SerialScanner(SerialTransport(parsed, default_baudrate=DEFAULT_BAUDRATE), name=name)
    if parsed.scheme == "camera":
        try:
            from drivers.camera.factory import create_camera_scanner  # noqa: PLC0415 - OpenCV only when used
        except ImportError as error:
            raise DeviceUrlError(f"摄像头扫码不可用 / camera scanning is not available here: {error}: {url}") from None
        return create_camera_scanner(url, name=name)
    if parsed.scheme == "keyboard":
        return KeyboardWedgeScanner(name=name)  # the touch UI feeds it the key presses it gets
    raise DeviceUrlError(
        f"扫码枪不支持该地址类型 / no scanner driver for {parsed.scheme}:// "
        f"(use sim://, serial:///dev/ttyACM0, camera://0 or keyboard://): {url}"
    )


def _simulated(name: str) -> SerialScanner:
    from drivers.sim.scanner import VirtualScanner  # noqa: PLC0415 - only simulated stations load it

    # A link in a private directory, not the pty's own path, so a replugged simulator is found again.
    folder = Path(tempfile.mkdtemp(prefix="kiosk-scanner-"))
    sim = VirtualScanner()
    sim.start_pty(folder / "scanner")

    def stop() -> None:
        sim.stop()
        shutil.rmtree(folder, ignore_errors=True)

    transport = SerialTransport(parse_device_url(f"serial://{folder / 'scanner'}"), default_baudrate=DEFAULT_BAUDRATE)
    scanner = SerialScanner(transport, name=name, on_close=stop)
    scanner.simulator = sim
    return scanner
