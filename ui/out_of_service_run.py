"""`kiosk run` out of service: after repeated crashes (kiosk/station/crash_record.py) the kiosk opens only its
config, its log and this screen (ui/screens/out_of_service.py), none of the station's services, so the screen
comes up even when the store or a device is what crashes. Once it shows, the outbox keeps draining to a remote
hall when the store opens (kiosk/station/drain.py)."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from common.settings import KioskConfig
from kiosk.flows.flow import KioskSettings
from kiosk.flows.idle import Clock
from kiosk.flows.out_of_service import OutOfService, Record
from kiosk.station.drain import OutboxDrain, open_outbox_drain
from kiosk.station.technician import Technician
from ui.app import application, show_window
from ui.screens.out_of_service import OosLockdown, OutOfServiceWindow
from ui.theme import Orientation

log = logging.getLogger(__name__)


class OutOfServiceUi:
    """The out-of-service screen over the config, the log and the crash record; ``close`` ends it."""

    def __init__(
        self,
        config: KioskConfig,
        data_dir: Path,
        log_file: Path,
        record: Record,
        *,
        orientation: Orientation = "portrait",
        clock: Clock = time.monotonic,
        wall_clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        application()
        door = Technician(config.ui.technician_pin_hash, data_dir, None, log_file)
        self.model = OutOfService(
            KioskSettings.from_config(config), config.station.id, door, record, clock=clock, wall_clock=wall_clock
        )
        self.model.quit = self.quit
        self.window = OutOfServiceWindow(self.model, orientation)
        self.lockdown = OosLockdown(self.model)
        self.lockdown.install()
        self._closed = False
        self.drain: OutboxDrain | None = None
        # Once the screen is up: the outbox drains to a remote hall if the store opens (kiosk/station/drain.py).
        QTimer.singleShot(0, lambda: self._open_drain(config, data_dir))

    def _open_drain(self, config: KioskConfig, data_dir: Path) -> None:
        if not self._closed:
            self.drain = open_outbox_drain(config, data_dir)

    def show(self, *, kiosk_mode: bool) -> None:
        show_window(self.window, self.window.orientation, kiosk_mode=kiosk_mode)

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        if self.drain is not None:
            self.drain.close()
        self.window.ticker.stop()
        self.lockdown.remove()
        if QApplication.overrideCursor() is not None:
            QApplication.restoreOverrideCursor()
        self.window.allow_close()
        self.window.close()
        self.window.deleteLater()

    def quit(self) -> None:
        log.info("out-of-service screen closing: the program stops cleanly")
        self.close()
        QApplication.quit()
