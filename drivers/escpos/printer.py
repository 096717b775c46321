"""The ESC/POS printer device: prints documents over any transport and reads live status with a short timeout."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

from devices.device import BoardStatus
from devices.printer import Document, PaperSpec, Printer, PrinterProfile, PrintResult
from devices.state import DeviceState, DeviceStatus, Reason, StatusBoard
from drivers.escpos import commands as cmd
from drivers.escpos.encoder import encode
from drivers.escpos.status import MalformedStatus, combine, parse_status
from drivers.transports import Transport, TransportError

log = logging.getLogger(__name__)

STATUS_TIMEOUT = 0.2  # a printer that has not answered DLE EOT by now is not going to


class EscPosPrinter(BoardStatus, Printer):
    """One receipt printer. Thread-safe: the health monitor and the print path share one lock."""

    def __init__(
        self,
        transport: Transport,
        profile: PrinterProfile,
        *,
        name: str = "printer",
        status_timeout: float = STATUS_TIMEOUT,
        on_close: Callable[[], None] | None = None,
        on_open: Callable[[], None] | None = None,
    ) -> None:
        self.name = name
        self.transport = transport
        self.profile = profile
        self.status_timeout = status_timeout
        self._board = StatusBoard(name)
        self._lock = threading.RLock()
        self._on_close = on_close
        self._on_open = on_open  # starts the simulator behind a sim:// URL before the port opens

    # -- Device ---------------------------------------------------------------------------------------------
    @property
    def paper(self) -> PaperSpec:
        return self.profile.paper

    def open(self) -> None:
        """Open the port and read the status; a missing port leaves the printer DISCONNECTED, not an error."""
        if self._on_open is not None:
            self._on_open()
        self.check_health()

    def close(self) -> None:
        with self._lock:
            self.transport.close()
            self._board.publish(DeviceStatus(DeviceState.OFFLINE, detail="closed"))
        if self._on_close is not None:
            self._on_close()

    def check_health(self) -> DeviceStatus:
        with self._lock:
            status = self._read_status()
            self._board.publish(status)
            return status

    def print_document(self, document: Document) -> PrintResult:
        data = encode(document, self.profile)
        with self._lock:
            before = self._read_status()
            self._board.publish(before)
            if not before.usable:
                log.warning("%s: %s not printed: %s", self.name, document.kind, before.describe())
                return PrintResult(False, before.reasons, 0, before.describe())
            try:
                self.transport.write(data)
            except TransportError as error:
                status = DeviceStatus.from_reasons(frozenset({Reason.DISCONNECTED}), str(error))
                self._board.publish(status)
                return PrintResult(False, status.reasons, 0, str(error))
            # The status request queues behind the job on the wire; give the job its wire time to get through.
            after = self._read_status(first_wait=self.transport.seconds_to_send(len(data)) * 1.5 + 0.5)
            self._board.publish(after)
            if not after.usable:
                log.warning("%s: %s failed after sending: %s", self.name, document.kind, after.describe())
                return PrintResult(False, after.reasons, len(data), after.describe())
            return PrintResult(True, after.reasons, len(data))

    # -- status ---------------------------------------------------------------------------------------------
    def _connect(self) -> DeviceStatus | None:
        if self.transport.is_open:
            return None
        try:
            self.transport.open()
        except TransportError as error:
            return DeviceStatus.from_reasons(frozenset({Reason.DISCONNECTED}), str(error))
        log.info("%s: connected", self.name)
        return None

    def _read_status(self, first_wait: float = 0.0) -> DeviceStatus:
        failed = self._connect()
        if failed is not None:
            return failed
        if not self.transport.has_back_channel:
            return DeviceStatus(DeviceState.READY, detail="no status channel")
        answers: dict[int, frozenset[Reason]] = {}
        try:
            self.transport.discard_input()
            for n in (1, 2, 3, 4):
                value = self._ask(n, self.status_timeout + (first_wait if n == 1 else 0.0))
                if value is None:
                    return DeviceStatus.from_reasons(
                        frozenset({Reason.NO_ANSWER}),
                        f"no answer to DLE EOT {n} in {self.status_timeout * 1000:.0f} ms",
                    )
                answers[n] = parse_status(n, value)
        except TransportError as error:
            return DeviceStatus.from_reasons(frozenset({Reason.DISCONNECTED}), str(error))
        except MalformedStatus as error:
            return DeviceStatus.from_reasons(frozenset({Reason.NO_ANSWER}), str(error))
        return DeviceStatus.from_reasons(combine(answers))

    def _ask(self, n: int, timeout: float) -> int | None:
        self.transport.write(cmd.status_request(n))
        deadline = time.monotonic() + timeout
        while (left := deadline - time.monotonic()) > 0:
            data = self.transport.read(1, left)
            if data:
                return data[-1]
        return None
