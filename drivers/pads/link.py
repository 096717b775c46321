"""A pad bus URL to a pymodbus RTU client: ``serial://`` (an RS-485 adapter), ``socket://`` (an RS-485-to-Ethernet
gateway passing RTU frames over TCP), or ``sim://`` (simulated pads started here, reached through a pty)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from pymodbus.client import ModbusSerialClient, ModbusTcpClient
from pymodbus.framer import FramerType

from devices.url import PAD_SCHEMES, DeviceUrl, DeviceUrlError, parse_device_url

if TYPE_CHECKING:
    from drivers.sim.pads import SimPads

DEFAULT_BAUDRATE = 9600  # docs/protocols.md §4: 9600 baud 8N1 unless the pads are set otherwise
Trace = Callable[[bool, bytes], bytes]
Client = ModbusSerialClient | ModbusTcpClient
SIM_OPTIONS = "count=N, first=ADDRESS, baud=N, medium=pty|tcp"


@dataclass
class PadLink:
    client: Client
    baudrate: int | None  # None for a gateway: its serial side is set up in the gateway
    simulator: SimPads | None = None


def open_link(url: str, addresses: Sequence[int], timeout_s: float, trace: Trace) -> PadLink:
    """The client for ``url`` (not connected yet); for ``sim://`` the simulated pads, already serving."""
    parsed = parse_device_url(url, PAD_SCHEMES)
    if parsed.is_simulated:
        return _simulated(parsed, addresses, timeout_s, trace)
    if parsed.scheme == "socket":
        assert parsed.port is not None  # the URL check requires it for socket://
        client: Client = ModbusTcpClient(
            parsed.host, port=parsed.port, framer=FramerType.RTU, timeout=timeout_s, retries=0, trace_packet=trace
        )
        return PadLink(client, None)
    return _serial(parsed.host + parsed.path, parsed.params, timeout_s, trace)


def _serial(port: str, params: Mapping[str, str], timeout_s: float, trace: Trace) -> PadLink:
    baudrate = int(params.get("baudrate", DEFAULT_BAUDRATE))
    client = ModbusSerialClient(
        port,
        framer=FramerType.RTU,
        baudrate=baudrate,
        bytesize=int(params.get("bytesize", 8)),
        parity=params.get("parity", "N").upper(),
        stopbits=int(float(params.get("stopbits", 1))),
        timeout=timeout_s,
        retries=0,
        trace_packet=trace,
    )
    return PadLink(client, baudrate)


def _simulated(parsed: DeviceUrl, addresses: Sequence[int], timeout_s: float, trace: Trace) -> PadLink:
    from drivers.sim.pads import SimPads  # noqa: PLC0415 - only simulated buses load the simulator

    options = dict(parsed.params)
    unknown = set(options) - {"count", "first", "baud", "medium"}
    numbers = {k: v for k, v in options.items() if k in {"count", "first", "baud"}}
    if unknown or not all(v.isdigit() and int(v) > 0 for v in numbers.values()):
        raise DeviceUrlError(f"模拟评价器参数无效 / bad sim:// option for pads ({SIM_OPTIONS}): {parsed.raw}")
    medium = options.get("medium", "pty")
    if medium not in {"pty", "tcp"}:
        raise DeviceUrlError(f"模拟评价器只能用 pty 或 tcp / medium must be pty or tcp: {parsed.raw}")
    baud = int(options["baud"]) if "baud" in options else None
    if "count" in options:
        simulator = SimPads(int(options["count"]), first_address=int(options.get("first", "1")), baud=baud)
    else:
        simulator = SimPads(addresses or [1], baud=baud)  # a pad at every address polled
    if medium == "tcp":
        host, port = simulator.start_tcp()
        client: Client = ModbusTcpClient(
            host, port=port, framer=FramerType.RTU, timeout=timeout_s, retries=0, trace_packet=trace
        )
        return PadLink(client, None, simulator)
    link = _serial(simulator.start_pty(), {"baudrate": str(baud or 115200)}, timeout_s, trace)
    link.simulator = simulator
    return link
