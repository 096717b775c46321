"""What every kiosk device offers, whatever it does: open, close, its status, status listeners, a health check."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable

from devices.state import DeviceStatus, Listener


class Device(ABC):
    name = "device"

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
