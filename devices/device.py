"""What every kiosk device offers, whatever it does: open, close, its status, status listeners, a health check."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable

from devices.simulator import Simulator
from devices.state import DeviceStatus, Listener, StatusBoard


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
