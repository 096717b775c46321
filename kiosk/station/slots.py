"""One configured device of the kiosk: made from its URL through the driver registry, opened, health-checked.

A slot survives its device: a device that cannot be made or opened leaves the slot empty with the reason in
``last_error`` (the kiosk runs on without it), and ``restart()`` makes a fresh device from the same URL.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from devices.device import HealthMonitor
from devices.simulator import Simulator
from devices.state import DeviceState, DeviceStatus, Listener, Reason, StatusChanged
from devices.words import Words

log = logging.getLogger(__name__)


class Device(Protocol):
    """What printers, ID card readers and scanners have in common."""

    name: str
    simulator: Simulator | None

    def open(self) -> None: ...

    def close(self) -> None: ...

    @property
    def status(self) -> DeviceStatus: ...

    def subscribe(self, listener: Listener) -> Callable[[], None]: ...

    def check_health(self) -> DeviceStatus: ...


@dataclass(frozen=True)
class Kind:
    """A device kind as the screens and the technician page name it."""

    key: str
    name_zh: str
    name_en: str


PRINTER = Kind("printer", "打印机", "Printer")
ID_READER = Kind("id_reader", "身份证阅读器", "ID card reader")
SCANNER = Kind("scanner", "扫码器", "QR code scanner")
CAMERA = Kind("camera", "摄像头扫码", "Camera QR reader")
OFFLINE_TEXT = Words("设备离线", "device offline")


class Slot:
    def __init__(
        self,
        kind: Kind,
        url: str,
        make: Callable[[], Any],
        on_change: Callable[[StatusChanged], None],
        *,
        health_interval_s: float = 5.0,
    ) -> None:
        self.kind, self.url = kind, url
        self._make, self._on_change = make, on_change
        self._interval = health_interval_s
        self._lock = threading.RLock()
        self.device: Any = None
        self.last_error = ""
        self._monitor: HealthMonitor | None = None
        self._unsubscribe: Callable[[], None] | None = None

    @property
    def simulated(self) -> bool:
        return self.url.startswith("sim:")

    @property
    def simulator(self) -> Simulator | None:
        device: Device | None = self.device
        return None if device is None else device.simulator

    @property
    def status(self) -> DeviceStatus:
        device = self.device
        if device is None:
            return DeviceStatus.from_reasons(frozenset({Reason.DISCONNECTED}), self.last_error)
        status: DeviceStatus = device.status
        return status

    def open(self) -> None:
        with self._lock:
            if self.device is not None:
                return
            try:
                device = self._make()
            except Exception as error:
                self._fail(f"{type(error).__name__}: {error}")
                return
            self._unsubscribe = device.subscribe(self._heard)
            try:
                device.open()
            except Exception as error:
                self._unsubscribe()
                self._close_quietly(device)
                self._fail(f"{type(error).__name__}: {error}")
                return
            self.device = device
            self._monitor = HealthMonitor(device, interval=self._interval)
            self._monitor.start()
            log.info("%s open on %s: %s", self.kind.key, self.url, device.status.state)

    def close(self) -> None:
        with self._lock:
            device, self.device = self.device, None
            monitor, self._monitor = self._monitor, None
            unsubscribe, self._unsubscribe = self._unsubscribe, None
        if monitor is not None:
            monitor.stop()
        if unsubscribe is not None:
            unsubscribe()
        if device is not None:
            self._close_quietly(device)

    def restart(self) -> None:
        log.info("%s restarting (%s)", self.kind.key, self.url)
        self.close()
        self.last_error = ""
        self.open()
        self._on_change(StatusChanged(self.kind.key, DeviceStatus(DeviceState.OFFLINE), self.status))

    def message(self) -> Words | None:
        """None when ready; else what is wrong in plain words, made from the device's reasons."""
        status = self.status
        if status.state is DeviceState.READY:
            return None
        if status.reasons:
            return status.words()
        return OFFLINE_TEXT

    def _heard(self, change: StatusChanged) -> None:
        if not change.new.usable and change.new.detail:
            self.last_error = change.new.detail
        self._on_change(change)

    def _fail(self, why: str) -> None:
        self.last_error = why
        log.error("%s on %s could not be opened: %s", self.kind.key, self.url, why)

    def _close_quietly(self, device: Any) -> None:
        try:
            device.close()
        except Exception:
            log.exception("closing %s failed", self.kind.key)
