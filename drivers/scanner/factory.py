"""Turns a scanner URL into a working scanner: sim://, the pyserial family, or a camera."""

from __future__ import annotations

from devices.scanner import Scanner
from devices.url import SCANNER_SCHEMES, SERIAL_FAMILY, DeviceUrlError, parse_device_url
from drivers.scanner.serial_scanner import SerialScanner
from drivers.scanner.wedge import KeyboardWedgeScanner
from drivers.sim.pty import PtyPlug
from drivers.transports import SerialTransport

DEFAULT_BAUDRATE = 9600  # what scanners ship with; ?baudrate=115200 in the URL overrides it


def create_scanner(url: str, *, name: str = "scanner") -> Scanner:
    """The scanner behind ``url``; ``sim://`` gives it a virtual scanner on a pty in this process,
    started by the scanner's ``open``."""
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
    sim = VirtualScanner()
    plug = PtyPlug(sim, "scanner")
    transport = SerialTransport(parse_device_url(f"serial://{plug.path}"), default_baudrate=DEFAULT_BAUDRATE)
    scanner = SerialScanner(transport, name=name, on_open=plug.start, on_close=plug.stop)
    scanner.simulator = sim
    return scanner
