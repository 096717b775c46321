"""Simulated evaluation pads: N pads on one Modbus RTU bus, answered by a pymodbus server, with bus faults.

The pads' registers are drivers.pads.protocol.PadMemory, kept here; pymodbus answers function 04 and 16 from
them (through each device's ``action`` hook) with RTU framing over TCP. ``start_tcp`` serves that directly (an
RS-485-to-Ethernet gateway, ``socket://``); ``start_pty`` puts a pty in front of it (an RS-485 adapter,
``serial://``). Faults act on the bytes as the bus would (pymodbus's ``trace_packet`` hook sees every frame):
a silent pad's requests never reach it, noise flips a bit in a frame, a slow pad answers late, a confused pad
answers from another address, a failing pad answers with a Modbus exception.
"""

from __future__ import annotations

import asyncio
import logging
import random
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import cast

from pymodbus.constants import ExcCodes
from pymodbus.framer import FramerType
from pymodbus.server import ModbusTcpServer
from pymodbus.simulator import DataType, SimData, SimDevice

from devices.listeners import Listeners
from devices.pads import PadView
from devices.simulator import Action, Fault, FaultMode, Simulator, once, require_target
from drivers.pads.protocol import HOLDING_COUNT, INPUT_COUNT, RING_SIZE, PadMemory
from drivers.pads.wire import WRITE_MULTIPLE_REGISTERS, WRITE_SINGLE_REGISTER, crc_ok, with_crc
from drivers.sim.pad_relay import PtyTcpRelay

log = logging.getLogger(__name__)

FIRMWARE = 0x0103  # version 1.3, as register 9 reports it


@dataclass
class BusStats:
    """What the simulated bus carried, for tests and the terminal view."""

    requests: int = 0
    answers: int = 0
    corrupted: int = 0  # frames noise damaged, both directions
    ignored: int = 0  # requests no pad answered (silent pad, no such address)


PAD_FAULTS = (
    Fault("silence", "评价器不应答", "Pad stops answering", target="address"),
    Fault("fail", "评价器异常应答", "Pad answers with a Modbus exception", target="address"),
    Fault("restart", "评价器断电重启", "Pad power-cycled", FaultMode.ONCE, target="address"),
)


class SimPads(Simulator):
    """N pads on one bus. ``press`` and ``view`` are the test API; the fault methods change the bus live."""

    def __init__(
        self,
        count: int | Iterable[int],
        *,
        first_address: int = 1,
        baud: int | None = None,
        seed: int | None = None,
    ) -> None:
        addresses = range(first_address, first_address + count) if isinstance(count, int) else sorted(set(count))
        if not addresses or not all(1 <= a <= 247 for a in addresses):
            raise ValueError(f"评价器地址应为 1 到 247 / pad addresses must be 1 to 247, got {list(addresses)}")
        logging.getLogger("pymodbus").setLevel(logging.CRITICAL)  # the bus's troubles are what we simulate
        self.pads: dict[int, PadMemory] = {a: PadMemory(firmware=FIRMWARE) for a in addresses}
        self.baud = baud  # paces the pty (None: as fast as the pty goes)
        self.stats = BusStats()
        self.changes: Listeners[int] = Listeners("pad simulator")  # the address of a pad whose keys or view changed
        self._lock = threading.Lock()
        self._random = random.Random(seed)
        self._silent: set[int] = set()
        self._failing: set[int] = set()
        self._delays: dict[int, float] = {}
        self._impostors: dict[int, int] = {}
        self._noise = 0.0
        self._history: dict[int, list[int]] = {a: [] for a in addresses}
        self._loop: asyncio.AbstractEventLoop | None = None
        self._loop_thread: threading.Thread | None = None
        self._servers: list[ModbusTcpServer] = []
        self._relays: list[PtyTcpRelay] = []
        self.pty_path: str | None = None

    @property
    def addresses(self) -> list[int]:
        return list(self.pads)

    # -- test API: keys and displays ------------------------------------------------------------------------
    def press(self, address: int, key: int) -> int:
        """Press a key on a pad, as its firmware records it; returns the press's sequence number."""
        with self._lock:
            seq = self._pad(address).press(key)
            self._history[address] = (self._history[address] + [key])[-RING_SIZE:]
        self.changes.emit(address)
        return seq

    def restart(self, address: int) -> None:
        """Power-cycle one pad: its sequence counts from 0 again and its display goes blank."""
        with self._lock:
            self._pad(address).restart()
            self._history[address] = []
        self.changes.emit(address)

    def view(self, address: int) -> PadView:
        """What the pad's display shows, from the holding registers the master wrote."""
        with self._lock:
            return self._pad(address).view()

    def seq(self, address: int) -> int:
        with self._lock:
            return self._pad(address).seq

    def recent_keys(self, address: int) -> list[int]:
        """The last (up to 8) keys pressed on the pad, oldest first."""
        with self._lock:
            return list(self._history[address])

    def _pad(self, address: int) -> PadMemory:
        try:
            return self.pads[address]
        except KeyError:
            raise ValueError(f"没有这个评价器 / no pad at address {address} (pads: {self.addresses})") from None

    # -- faults ---------------------------------------------------------------------------------------------
    def silence(self, address: int, on: bool = True) -> None:
        """The pad stops answering (or answers again)."""
        self._pad(address)
        with self._lock:
            (self._silent.add if on else self._silent.discard)(address)

    def noise(self, rate: float) -> None:
        """Damage this fraction (0 to 1) of the frames on the bus, requests and answers alike: CRC errors."""
        if not 0 <= rate <= 1:
            raise ValueError(f"噪声比例应为 0 到 1 / noise rate must be 0 to 1, got {rate}")
        self._noise = rate

    def slow(self, address: int, delay_s: float) -> None:
        """The pad answers ``delay_s`` late (0: on time). Longer than the master's timeout, it is a timeout."""
        self._pad(address)
        with self._lock:
            self._delays[address] = max(0.0, delay_s)

    def answer_as(self, address: int, other: int | None) -> None:
        """The pad answers from address ``other`` (None: from its own again)."""
        self._pad(address)
        with self._lock:
            if other is None:
                self._impostors.pop(address, None)
            else:
                self._impostors[address] = other

    def fail(self, address: int, on: bool = True) -> None:
        """The pad answers every request with a Modbus exception (device failure)."""
        self._pad(address)
        with self._lock:
            (self._failing.add if on else self._failing.discard)(address)

    def clear_faults(self) -> None:
        with self._lock:
            self._silent.clear()
            self._failing.clear()
            self._delays.clear()
            self._impostors.clear()
        self._noise = 0.0

    kind = "pads"

    def fault_list(self) -> tuple[Fault, ...]:
        return PAD_FAULTS

    def fault_actions(self) -> dict[str, tuple[Action, Action]]:
        def on(fault: Fault, act: Callable[[int], object]) -> Action:
            return lambda target: act(require_target(fault, target, set(self.pads)))

        silence, fail, restart = PAD_FAULTS
        return {
            "silence": (on(silence, self.silence), on(silence, lambda a: self.silence(a, False))),
            "fail": (on(fail, self.fail), on(fail, lambda a: self.fail(a, False))),
            "restart": once(on(restart, self.restart)),
        }

    def faults(self) -> dict[str, object]:
        """The faults now on, for the terminal view."""
        with self._lock:
            return {
                "silent": sorted(self._silent),
                "failing": sorted(self._failing),
                "slow": dict(self._delays),
                "answer_as": dict(self._impostors),
                "noise": self._noise,
            }

    # -- endpoints ------------------------------------------------------------------------------------------
    def start_tcp(self, port: int = 0, host: str = "127.0.0.1") -> tuple[str, int]:
        """Serve the bus on TCP with RTU framing, as an RS-485-to-Ethernet gateway does; returns (host, port)."""
        loop = self._ensure_loop()
        server = asyncio.run_coroutine_threadsafe(self._serve(host, port), loop).result(timeout=5)
        self._servers.append(server)
        listener = cast(asyncio.Server, server.transport)
        bound: tuple[str, int] = listener.sockets[0].getsockname()[:2]
        log.info("simulated pads %s on tcp %s:%d", self.addresses, *bound)
        return bound

    def start_pty(self, link: Path | None = None) -> str:
        """Serve the bus on a virtual serial port (and point ``link`` at it); returns the port's path."""
        host, port = self.start_tcp()
        relay = PtyTcpRelay(host, port, lambda: self.baud, link)
        self.pty_path = relay.start()
        self._relays.append(relay)
        log.info("simulated pads %s on %s", self.addresses, self.pty_path)
        return self.pty_path

    def stop(self) -> None:
        for relay in self._relays:
            relay.stop()
        self._relays.clear()
        loop, thread = self._loop, self._loop_thread
        if loop is None or thread is None:
            return
        for server in self._servers:
            asyncio.run_coroutine_threadsafe(server.shutdown(), loop).result(timeout=5)  # type: ignore[no-untyped-call]
        self._servers.clear()
        loop.call_soon_threadsafe(loop.stop)
        thread.join(timeout=5)
        loop.close()
        self._loop = self._loop_thread = None

    def _ensure_loop(self) -> asyncio.AbstractEventLoop:
        if self._loop is None:
            loop = asyncio.new_event_loop()
            self._loop_thread = threading.Thread(target=loop.run_forever, name="sim-pads-bus", daemon=True)
            self._loop_thread.start()
            self._loop = loop
        return self._loop

    async def _serve(self, host: str, port: int) -> ModbusTcpServer:
        devices = [self._device(address) for address in self.pads]
        server = ModbusTcpServer(devices, framer=FramerType.RTU, address=(host, port), trace_packet=self._on_the_wire)
        try:
            await server.serve_forever(background=True)
        except RuntimeError:  # pymodbus's word for "cannot bind": the port is taken or not ours to use
            raise OSError(f"cannot listen on {host}:{port} (in use?)") from None
        return server

    # -- the pads as pymodbus sees them ---------------------------------------------------------------------
    def _device(self, address: int) -> SimDevice:
        bits = [SimData(0, count=16, values=False, datatype=DataType.BITS)]
        holding = [SimData(0, count=HOLDING_COUNT, values=0, datatype=DataType.REGISTERS)]
        inputs = [SimData(0, count=INPUT_COUNT, values=0, datatype=DataType.REGISTERS)]

        async def firmware(  # noqa: PLR0917 - pymodbus calls it with these six arguments
            function: int,
            start: int,
            first: int,
            count: int,
            registers: list[int],
            values: list[int] | list[bool] | None,
        ) -> ExcCodes | None:
            return self._access(address, function, first - start, registers, values)

        return SimDevice(address, simdata=(bits, list(bits), holding, inputs), action=firmware)

    def _access(
        self, address: int, function: int, offset: int, registers: list[int], values: list[int] | list[bool] | None
    ) -> ExcCodes | None:
        """Runs in the server for every register access: reads see the pad's memory, writes land in it."""
        with self._lock:
            if address in self._failing:
                return ExcCodes.DEVICE_FAILURE
            pad = self.pads[address]
            if function in {WRITE_MULTIPLE_REGISTERS, WRITE_SINGLE_REGISTER} and values is not None:
                pad.write_holding(offset, [int(v) for v in values])
                changed = True
            else:
                source = pad.input_registers() if function == 0x04 else pad.holding
                registers[: len(source)] = source
                changed = False
        if changed:
            self.changes.emit(address)
        return None

    def _on_the_wire(self, sending: bool, frame: bytes) -> bytes:
        """Every frame in (requests) and out (answers) passes here: where the bus's faults happen."""
        if not frame:
            return frame
        address = frame[0]
        with self._lock:
            silent = address in self._silent or address not in self.pads
            delay = self._delays.get(address, 0.0)
            impostor = self._impostors.get(address)
        if not sending:
            if not crc_ok(frame):
                return frame  # incomplete or already damaged: the framer waits for more or drops it
            self.stats.requests += 1
            if silent:
                self.stats.ignored += 1
                return _damaged(frame, len(frame) - 1)  # the request never reaches a pad: nobody answers
            return self._noisy(frame)
        if delay:
            time.sleep(delay)  # the bus is quiet while the pad thinks, so blocking the server is what happens
        if impostor is not None:
            frame = with_crc(bytes([impostor]) + frame[1:-2])
        self.stats.answers += 1
        return self._noisy(frame)

    def _noisy(self, frame: bytes) -> bytes:
        if self._noise and self._random.random() < self._noise:
            self.stats.corrupted += 1
            return _damaged(frame, self._random.randrange(len(frame)), 1 << self._random.randrange(8))
        return frame


def _damaged(frame: bytes, index: int, bit: int = 0xFF) -> bytes:
    return frame[:index] + bytes([frame[index] ^ bit]) + frame[index + 1 :]
