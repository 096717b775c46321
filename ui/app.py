"""Putting the touch UI together over the station's services: the kiosk's state, workers, window, events."""

from __future__ import annotations

import logging
import time
from typing import Literal

from PySide6.QtCore import QMessageLogContext, QSize, Qt, QtMsgType, qInstallMessageHandler
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QWidget

from kiosk.flows.flow import KioskSettings, WallClock, real_time
from kiosk.flows.idle import Clock
from kiosk.flows.machine import Kiosk
from kiosk.flows.navigation import ScreenRegistry
from kiosk.flows.offers import Offers
from kiosk.flows.screens import default_registry
from kiosk.flows.voice import VoiceGuide, VoiceSettings
from kiosk.station.booking_port import BookingPort
from kiosk.station.disclosure import DisclosurePort
from kiosk.station.filing_ports import DocumentCameraPort, FilingPort
from kiosk.station.payment_port import PaymentPort
from kiosk.station.ports import DevicesPort, HallPort, TechnicianPort
from kiosk.station.voice_port import VoicePort
from ui.bridge import DeviceBridge
from ui.context import UiContext
from ui.i18n import Translations
from ui.theme import Orientation, Theme
from ui.voice import VoiceGuideUi
from ui.window import KioskWindow, Lockdown
from ui.workers import JobRunner

log = logging.getLogger(__name__)

PORTRAIT = QSize(1080, 1920)
LANDSCAPE = QSize(1920, 1080)


qt_log = logging.getLogger("qt")
QT_LEVELS = {
    QtMsgType.QtDebugMsg: logging.DEBUG,
    QtMsgType.QtInfoMsg: logging.INFO,
    QtMsgType.QtWarningMsg: logging.WARNING,
    QtMsgType.QtCriticalMsg: logging.ERROR,
    QtMsgType.QtFatalMsg: logging.CRITICAL,
}
# The offscreen platform says this on every window shown; it means nothing for a kiosk.
QT_NOISE = ("This plugin does not support propagateSizeHints()",)


def qt_to_logging(kind: QtMsgType, _context: QMessageLogContext, message: str) -> None:
    """Qt's own warnings go to the kiosk log like everything else, not to a terminal nobody reads."""
    level = logging.DEBUG if message in QT_NOISE else QT_LEVELS.get(kind, logging.WARNING)
    qt_log.log(level, "%s", message)


def application(argv: list[str] | None = None) -> QApplication:
    """The one QApplication, with the CJK font family first so Chinese glyphs always render."""
    qInstallMessageHandler(qt_to_logging)
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(argv or ["kiosk"])
    app.setFont(Theme().font())
    return app


def choose_orientation(setting: Literal["auto", "portrait", "landscape"], screen: QSize | None = None) -> Orientation:
    if setting != "auto":
        return setting
    if screen is None:
        primary = QGuiApplication.primaryScreen()
        screen = primary.size() if primary is not None else PORTRAIT
    return "portrait" if screen.height() >= screen.width() else "landscape"


def show_window(window: QWidget, orientation: Orientation, *, kiosk_mode: bool) -> None:
    """Full screen on the station, or a window of the kiosk's size on a developer's desktop."""
    if kiosk_mode:
        window.setWindowFlags(Qt.WindowType.FramelessWindowHint | Qt.WindowType.WindowStaysOnTopHint)
        QApplication.setOverrideCursor(Qt.CursorShape.BlankCursor)
        # The station's X display has no window manager to honour "full screen" (docs/deploy.md): the
        # window takes the screen's size itself, and the keyboard (a USB scanner that types) goes to it.
        window.setGeometry(window.screen().geometry())
        window.showFullScreen()
        window.activateWindow()
    else:
        window.resize(PORTRAIT if orientation == "portrait" else LANDSCAPE)
        window.show()


class KioskUi:
    """Owns the kiosk's state, its worker pool, the device bridge and the window; ``close`` ends them all."""

    def __init__(
        self,
        *,
        hall: HallPort,
        devices: DevicesPort,
        technician: TechnicianPort,
        settings: KioskSettings,
        orientation: Orientation = "portrait",
        clock: Clock = time.monotonic,
        registry: ScreenRegistry | None = None,
        filing: FilingPort | None = None,
        camera: DocumentCameraPort | None = None,
        wall_clock: WallClock = real_time,
        booking: BookingPort | None = None,
        disclosure: DisclosurePort | None = None,
        voice: VoicePort | None = None,
        voice_settings: VoiceSettings | None = None,
        payment: PaymentPort | None = None,
    ) -> None:
        application()
        self.kiosk = Kiosk(
            hall=hall,
            devices=devices,
            technician=technician,
            registry=registry or default_registry(),
            settings=settings,
            clock=clock,
            offers=Offers.read(hall, devices),
            filing=filing,
            camera=camera,
            wall_clock=wall_clock,
            booking=booking,
            disclosure=disclosure,
            voice=VoiceGuide(voice, voice_settings),
            payment=payment,
        )
        self.runner = JobRunner(self.kiosk)
        self.ui = UiContext(self.kiosk, self.runner, orientation)
        self.ui.quit = self.quit
        self.window = KioskWindow(self.ui, Translations())
        self.bridge = DeviceBridge(self.ui, hall, devices, filing)
        self.bridge.refresh()  # what changed between the first read and the subscription
        self.lockdown = Lockdown(self.ui, devices.key_scanner)
        self.lockdown.install()
        self.voice_guide = VoiceGuideUi(self.ui, self.window)  # after the lockdown: its filter sees taps first
        self.voice_guide.install()
        self.runner.submit(self.kiosk.start())
        self._closed = False

    def show(self, *, kiosk_mode: bool) -> None:
        show_window(self.window, self.ui.orientation, kiosk_mode=kiosk_mode)

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        self.bridge.close()
        self.window.ticker.stop()
        self.window.home_refresh.stop()
        self.kiosk.home()  # cancels a card read in flight, drops the citizen's data
        self.runner.close()
        self.lockdown.remove()
        self.voice_guide.remove()
        self.window.translations.apply("zh_CN")  # the translator belongs to the application: take it back out
        if QApplication.overrideCursor() is not None:
            QApplication.restoreOverrideCursor()
        self.window.allow_close()
        self.window.close()
        self.window.deleteLater()

    def quit(self) -> None:
        log.info("technician quit the kiosk")
        self.close()
        QApplication.quit()
