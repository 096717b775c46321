"""A pad bus URL to a pymodbus RTU client: ``serial://`` (an RS-485 adapter), ``socket://`` (an RS-485-to-Ethernet
gateway passing RTU frames over TCP), or ``sim://`` (simulated pads, made with the bus and started when it
opens, reached through a pty)."""

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


def pad_simulator(url: DeviceUrl, addresses: Sequence[int]) -> SimPads | None:
    """The simulated pads a ``sim://`` URL asks for, made but not yet serving; None for real pads."""
    if not url.is_simulated:
        return None
    from drivers.sim.pads import SimPads  # noqa: PLC0415 - only simulated buses load the simulator

    options = dict(url.params)
    unknown = set(options) - {"count", "first", "baud", "medium"}
    numbers = {k: v for k, v in options.items() if k in {"count", "first", "baud"}}
    if unknown or not all(v.isdigit() and int(v) > 0 for v in numbers.values()):
        raise DeviceUrlError(f"模拟评价器参数无效 / bad sim:// option for pads ({SIM_OPTIONS}): {url.raw}")
    if options.get("medium", "pty") not in {"pty", "tcp"}:
        raise DeviceUrlError(f"模拟评价器只能用 pty 或 tcp / medium must be pty or tcp: {url.raw}")
    baud = int(options["baud"]) if "baud" in options else None
    if "count" in options:
        return SimPads(int(options["count"]), first_address=int(options.get("first", "1")), baud=baud)
    return SimPads(addresses or [1], baud=baud)  # a pad at every address polled


def parse_pad_url(url: str) -> DeviceUrl:
    return parse_device_url(url, PAD_SCHEMES)


def open_link(parsed: DeviceUrl, simulator: SimPads | None, timeout_s: float, trace: Trace) -> PadLink:
    """The client for ``parsed`` (not connected yet); for ``sim://`` it starts ``simulator`` serving first."""
    if simulator is not None:
        return _simulated(parsed, simulator, timeout_s, trace)
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


def _simulated(parsed: DeviceUrl, simulator: SimPads, timeout_s: float, trace: Trace) -> PadLink:
    if parsed.params.get("medium", "pty") == "tcp":
        host, port = simulator.start_tcp()
        client: Client = ModbusTcpClient(
            host, port=port, framer=FramerType.RTU, timeout=timeout_s, retries=0, trace_packet=trace
        )
        return PadLink(client, None)
    return _serial(simulator.start_pty(), {"baudrate": str(simulator.baud or 115200)}, timeout_s, trace)
