"""Device and hall events, from whatever thread they happen on, to the UI thread as Qt signals."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Signal

from kiosk.flows.offers import Offers
from kiosk.station.filing_ports import FilingPort
from kiosk.station.ports import DevicesPort, HallPort
from ui.context import UiContext


class DeviceBridge(QObject):
    scanned = Signal(str)
    changed = Signal()

    def __init__(self, ui: UiContext, hall: HallPort, devices: DevicesPort, filing: FilingPort | None = None) -> None:
        super().__init__()
        self.ui, self.hall, self.devices, self.filing = ui, hall, devices, filing
        self._reading = False
        self._again = False
        self.scanned.connect(self._on_scan)
        self.changed.connect(self.refresh)
        self._unsubscribe: list[Callable[[], None]] = [
            devices.on_scan(self.scanned.emit),
            devices.on_change(self.changed.emit),
            hall.on_online_change(lambda _online: self.changed.emit()),
        ]

    def _on_scan(self, text: str) -> None:
        # Only a screen waiting for a code takes it (kiosk.scanned); any other screen ignores it.
        self.ui.act(lambda: self.ui.kiosk.scanned(text))

    def refresh(self) -> None:
        """Read the devices' and the hall's state off the UI thread; one read at a time, the latest wins."""
        if self._reading:
            self._again = True
            return
        self._reading = True
        self.ui.runner.call(lambda: Offers.read(self.hall, self.devices, self.filing), self._read)

    def _read(self, offers: Offers) -> None:
        self._reading = False
        self.ui.kiosk.set_offers(offers)
        if self._again:
            self._again = False
            self.refresh()

    def close(self) -> None:
        for unsubscribe in self._unsubscribe:
            unsubscribe()
        self._unsubscribe.clear()
