"""The one place that turns a device URL into a working driver: scheme -> transport -> device.

Each device kind has a factory here; ``sim://`` gives the production driver talking to an in-process simulator
over a pty (a virtual camera for the camera), so simulated stations run the same code paths as real ones.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from devices.printer import PrinterProfile
from devices.url import PRINTER_SCHEMES, DeviceUrl, DeviceUrlError, parse_device_url
from drivers.escpos.printer import EscPosPrinter
from drivers.transports import FileTransport, SerialTransport, TcpTransport, Transport, UsbTransport

TRANSPORTS: dict[str, Callable[[DeviceUrl], Transport]] = {
    "serial": SerialTransport,
    "socket": SerialTransport,
    "rfc2217": SerialTransport,
    "loop": SerialTransport,
    "spy": SerialTransport,
    "tcp": TcpTransport,
    "file": FileTransport,
    "usb": UsbTransport,
}


def open_transport(url: DeviceUrl) -> Transport:
    try:
        return TRANSPORTS[url.scheme](url)
    except KeyError:
        raise DeviceUrlError(f"没有可用的驱动 / no driver for {url.scheme}:// here") from None


def create_printer(url: str, profile: PrinterProfile, *, sim_out_dir: Path | None = None) -> EscPosPrinter:
    """The ESC/POS driver on the URL's transport; ``sim://`` starts a virtual printer on a pty for it."""
    parsed = parse_device_url(url, PRINTER_SCHEMES)
    if parsed.is_simulated:
        from drivers.sim.printer import VirtualPrinter  # noqa: PLC0415 - only simulated stations load it

        sim = VirtualPrinter(dots_per_line=profile.paper.dots_per_line, out_dir=sim_out_dir)
        path = sim.start_pty()
        printer = EscPosPrinter(open_transport(parse_device_url(f"serial://{path}")), profile, on_close=sim.stop)
        printer.simulator = sim
        return printer
    return EscPosPrinter(open_transport(parsed), profile)


# The other device kinds keep their URL handling beside their drivers; this table is the one list of them.
from drivers.camera.factory import create_camera_scanner  # noqa: E402
from drivers.idcard.factory import create_id_reader  # noqa: E402
from drivers.pads.master import PadBus  # noqa: E402
from drivers.scanner.factory import create_scanner  # noqa: E402


def create_pad_bus(url: str, addresses: Iterable[int], *, timeout_s: float = 0.2, retries: int = 2) -> PadBus:
    """The pad bus master on ``serial://`` (RS-485 adapter), ``socket://`` (RS-485-to-Ethernet gateway) or
    ``sim://?count=N`` (simulated pads on a pty, the bus's ``simulator``)."""
    return PadBus(url, addresses, timeout_s=timeout_s, retries=retries)


__all__ = [
    "TRANSPORTS",
    "create_camera_scanner",
    "create_id_reader",
    "create_pad_bus",
    "create_printer",
    "create_scanner",
    "open_transport",
]
