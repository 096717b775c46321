"""The pad bus master: polls every pad in turn (Modbus RTU function 04), turns readings into key events once each,
writes what a pad shows (function 16), and keeps each pad's health and fault counters.

Faults (docs/pads.md): a CRC error, a timeout, an exception response or an answer from the wrong address is
counted for the pad and the read is tried again, up to ``retries`` more times. Reading is idempotent and the
key tracker works from the pad's own sequence number, so a retried or repeated read never doubles an event. A
pad whose tries all fail is NO_ANSWER (PROTOCOL_ERROR when answers came but were unusable); the next pad is
polled as usual. A pad already not answering gets one try a cycle, so a dead pad costs the others one timeout.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable
from dataclasses import replace
from datetime import UTC, datetime

from pymodbus.exceptions import ConnectionException, ModbusException
from pymodbus.pdu import ModbusPDU

from devices.listeners import Listeners
from devices.pads import EventGap, PadCounters, PadEvent, Pads, PadStatus, PadView
from devices.state import DeviceState, DeviceStatus, Reason
from devices.url import DeviceUrlError
from drivers.pads.link import Client, open_link, pad_simulator, parse_pad_url
from drivers.pads.protocol import INPUT_COUNT, KeyTracker, PadReading, view_to_registers
from drivers.pads.wire import (
    READ_INPUT_REGISTERS,
    WRITE_MULTIPLE_REGISTERS,
    ReplyProblem,
    classify_failed_reply,
    poll_cycle_bytes,
)

log = logging.getLogger(__name__)

DISCONNECTED = "disconnected"  # not a reply problem: the port or the gateway connection is gone
_SILENT = {ReplyProblem.TIMEOUT, ReplyProblem.WRONG_ADDRESS, DISCONNECTED}


def parse_addresses(addresses: Iterable[int]) -> list[int]:
    chosen = sorted(set(addresses))
    if not chosen or not all(1 <= a <= 247 for a in chosen):
        raise DeviceUrlError(f"评价器地址应为 1 到 247 / pad addresses must be 1 to 247, got {chosen}")
    return chosen


class PadBus(Pads):
    """One bus of pads. ``poll`` and ``show`` may be called from different threads; the bus is one at a time.

    Made, it holds nothing open; ``open`` makes the link (and starts the simulated pads behind ``sim://``)."""

    def __init__(self, url: str, addresses: Iterable[int], *, timeout_s: float = 0.2, retries: int = 2) -> None:
        if timeout_s <= 0 or retries < 0:
            raise ValueError("timeout_s must be positive and retries 0 or more")
        # pymodbus logs every timeout as an error with a frame dump; this class counts and reports them itself.
        logging.getLogger("pymodbus").setLevel(logging.CRITICAL)
        self.url = url
        self._parsed = parse_pad_url(url)
        self.addresses = parse_addresses(addresses)
        self.retries = retries
        self.timeout_s = timeout_s
        self._received: list[bytes] = []
        self.simulator = self._simulated = pad_simulator(self._parsed, self.addresses)
        self._link: Client | None = None
        self.baudrate: int | None = None
        self._bus = threading.Lock()
        self._state = threading.Lock()
        self._trackers = {a: KeyTracker(a) for a in self.addresses}
        self._counters: dict[int, PadCounters] = {a: PadCounters() for a in self.addresses}
        self._statuses = {a: PadStatus(a, DeviceStatus(DeviceState.OFFLINE)) for a in self.addresses}
        self.status_listeners: Listeners[PadStatus] = Listeners("pad bus")
        self._closed = False

    # -- the interface ----------------------------------------------------------------------------------------
    def open(self) -> None:
        """Make the pymodbus client (starting the simulated pads for ``sim://``); the port opens on first use."""
        with self._bus:
            if self._link is not None or self._closed:
                return
            link = open_link(self._parsed, self._simulated, self.timeout_s, self._trace)
            link.client.set_max_no_responses(1 << 30)  # a silent pad must not make pymodbus drop the connection
            self._link, self.baudrate = link.client, link.baudrate

    def connect(self) -> bool:
        """Open the port or the gateway connection now (else the first exchange does); False if it cannot."""
        self.open()
        with self._bus:
            return bool(self._client.connect())

    @property
    def _client(self) -> Client:
        if self._link is None:
            raise RuntimeError("the pad bus is not open: call open() first")
        return self._link

    def poll(self, addresses: Iterable[int] | None = None) -> list[PadEvent]:
        """One poll cycle: every pad read in turn; the new key events and gaps, in the order they happened.
        ``addresses`` reads only those pads (a controller that acts on each pad's keys as soon as it is read
        polls them one at a time)."""
        events: list[PadEvent] = []
        for address in self.addresses if addresses is None else [a for a in addresses if a in self._trackers]:
            events += self._poll_one(address)
        return events

    def show(self, address: int, view: PadView) -> bool:
        """Write the view to the pad's holding registers 0 to 5; True when the pad confirmed it."""
        registers = view_to_registers(view)
        response = self._exchange(
            address,
            lambda: self._client.write_registers(0, registers, device_id=address),
            lambda r: r.function_code == WRITE_MULTIPLE_REGISTERS,
            1 + self.retries,
        )[0]
        if response is not None and address in self._statuses:
            with self._state:
                self._statuses[address] = replace(self._statuses[address], last_seen=datetime.now(UTC))
        return response is not None

    def statuses(self) -> dict[int, PadStatus]:
        with self._state:
            return {a: replace(s, counters=replace(self._counters[a])) for a, s in self._statuses.items()}

    def wire_bytes_per_cycle(self) -> int:
        """Request and response bytes of one full poll cycle, the benchmark's lower bound."""
        return poll_cycle_bytes(len(self.addresses))

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        with self._bus:
            if self._link is not None:
                self._link.close()  # type: ignore[no-untyped-call]
        if self._simulated is not None:
            self._simulated.stop()

    # -- one pad ----------------------------------------------------------------------------------------------
    def _poll_one(self, address: int) -> list[PadEvent]:
        with self._state:
            self._counters[address].polls += 1
            status = self._statuses[address].status
            tries = 1 + self.retries if status.usable or not status.reasons else 1  # full tries unless known dead
        response, problems = self._exchange(
            address,
            lambda: self._client.read_input_registers(0, count=INPUT_COUNT, device_id=address),
            lambda r: r.function_code == READ_INPUT_REGISTERS and len(r.registers) == INPUT_COUNT,
            tries,
        )
        if response is None:
            self._publish(address, _failed_status(problems))
            return []
        reading = PadReading.from_registers(response.registers)
        tracker = self._trackers[address]
        events = tracker.update(reading)
        with self._state:
            counters = self._counters[address]
            counters.restarts = tracker.restarts
            counters.gaps += sum(isinstance(e, EventGap) for e in events)
        self._publish(address, DeviceStatus(DeviceState.READY), seen=datetime.now(UTC), firmware=reading.firmware)
        return events

    def _exchange(
        self, address: int, request: Callable[[], ModbusPDU], accept: Callable[[ModbusPDU], bool], tries: int
    ) -> tuple[ModbusPDU | None, list[str]]:
        """Up to ``tries`` attempts; the accepted response (or None) and what went wrong on each failed try."""
        problems: list[str] = []
        for attempt in range(tries):
            with self._bus:
                self._received = []
                try:
                    response = request()
                except ConnectionException:
                    problem: str = DISCONNECTED
                except ModbusException:
                    problem = classify_failed_reply(address, b"".join(self._received))
                else:
                    if not response.isError() and accept(response):
                        return response, problems
                    problem = "exception" if response.isError() else ReplyProblem.UNEXPECTED
            problems.append(problem)
            self._count(address, problem, retried=attempt + 1 < tries)
        return None, problems

    def _trace(self, sending: bool, data: bytes) -> bytes:
        # pymodbus shows us every buffer it tries to frame: what a failed exchange received is judged from these.
        if not sending:
            self._received.append(data)
        return data

    def _count(self, address: int, problem: str, *, retried: bool) -> None:
        with self._state:
            counters = self._counters.setdefault(address, PadCounters())
            if problem == ReplyProblem.CRC_ERROR:
                counters.crc_errors += 1
            elif problem in {ReplyProblem.TIMEOUT, DISCONNECTED}:
                counters.timeouts += 1
            elif problem == ReplyProblem.WRONG_ADDRESS:
                counters.wrong_address += 1
            elif problem == "exception":
                counters.exceptions += 1
            else:
                counters.unexpected += 1
            counters.retries += int(retried)

    def _publish(
        self, address: int, status: DeviceStatus, *, seen: datetime | None = None, firmware: int | None = None
    ) -> None:
        with self._state:
            old = self._statuses[address]
            new = replace(
                old,
                status=old.status if old.status.same_as(status) else status,
                last_seen=seen or old.last_seen,
                firmware=firmware if firmware is not None else old.firmware,
            )
            self._statuses[address] = new
            changed = not old.status.same_as(status)
            snapshot = replace(new, counters=replace(self._counters[address]))
        if changed:
            level = logging.INFO if status.usable else logging.WARNING
            log.log(level, "pad %d: %s -> %s %s", address, old.state, status.state, status.describe())
            self.status_listeners.emit(snapshot)


def _failed_status(problems: list[str]) -> DeviceStatus:
    """NO_ANSWER when nothing usable came back at all, DISCONNECTED when the port is gone, PROTOCOL_ERROR when
    answers came but were damaged or wrong."""
    detail = ", ".join(problems)
    if DISCONNECTED in problems:
        return DeviceStatus.from_reasons(frozenset({Reason.DISCONNECTED}), detail)
    if all(p in _SILENT for p in problems):
        return DeviceStatus.from_reasons(frozenset({Reason.NO_ANSWER}), detail)
    return DeviceStatus.from_reasons(frozenset({Reason.PROTOCOL_ERROR}), detail)
