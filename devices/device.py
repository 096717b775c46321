"""What every kiosk device offers, whatever it does (open, close, its status, status listeners, a health check),
and the monitor that asks any of them for its health periodically, with backoff while it is unreachable."""

from __future__ import annotations

import logging
import threading
from abc import ABC, abstractmethod
from collections.abc import Callable
from typing import Protocol

from devices.simulator import Simulator
from devices.state import DeviceState, DeviceStatus, Listener, StatusBoard

log = logging.getLogger(__name__)


class Device(ABC):
    name = "device"
    simulator: Simulator | None = None  # the in-process simulator behind a sim:// URL; None on real hardware

    @abstractmethod
    def open(self) -> None: ...

    @abstractmethod
    def close(self) -> None: ...

    @property
    @abstractmethod
    def status(self) -> DeviceStatus: ...

    @abstractmethod
    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """Status changes; returns the unsubscribe function."""

    @abstractmethod
    def check_health(self) -> DeviceStatus:
        """Ask the device now; publish and return the result."""


class BoardStatus:
    """``status`` and ``subscribe`` for a driver that publishes its status on a StatusBoard kept in ``_board``.

    Listed before the device interface in a driver's bases: ``class EscPosPrinter(BoardStatus, Printer)``."""

    _board: StatusBoard

    @property
    def status(self) -> DeviceStatus:
        return self._board.status

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        return self._board.subscribe(listener)


class Checkable(Protocol):
    name: str

    def check_health(self) -> DeviceStatus: ...


class HealthMonitor:
    """Checks a device every ``interval`` seconds; while it is OFFLINE (unplugged, silent) it retries after 1, 2,
    4 … up to ``max_backoff`` seconds, so a device that comes back returns to READY with no restart."""

    def __init__(
        self, device: Checkable, *, interval: float = 5.0, first_retry: float = 1.0, max_backoff: float = 30.0
    ):
        self.device = device
        self.interval = interval
        self.first_retry = first_retry
        self.max_backoff = max_backoff
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        if self._thread is not None:
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name=f"health-{self.device.name}", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        thread, self._thread = self._thread, None
        if thread is not None:
            thread.join(timeout=5)

    def _run(self) -> None:
        retry = self.first_retry
        while not self._stop.is_set():
            try:
                status = self.device.check_health()
            except Exception:
                # The monitor outlives any one bad check; the device's own status already says what is wrong.
                log.exception("health check of %s failed", self.device.name)
                status = DeviceStatus(DeviceState.OFFLINE)
            if status.state is DeviceState.OFFLINE:
                wait, retry = retry, min(retry * 2, self.max_backoff)
            else:
                wait, retry = self.interval, self.first_retry
            self._stop.wait(wait)
