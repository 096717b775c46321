"""The kiosk's one window: header, the current screen, footer; warnings and overlays float above them (never in
the layout, so nothing moves when one shows); locked down for public use."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QCloseEvent, QColor, QKeyEvent, QPalette, QResizeEvent
from PySide6.QtWidgets import QApplication, QLayout, QStackedWidget, QVBoxLayout, QWidget

from kiosk.flows.navigation import HOME
from kiosk.station.ports import KeyScanner
from ui.chrome import Footer, Header
from ui.context import UiContext
from ui.help import HelpOverlay
from ui.i18n import Translations, translate
from ui.screens.base import Screen
from ui.screens.registry import SCREEN_WIDGETS
from ui.theme import Theme, stylesheet
from ui.widgets.banners import CountdownOverlay, WarningStrip, footer_sheet, overlay_sheet

TICK_MS = 250
WEDGE_POLL_MS = 40  # a keyboard-wedge scanner's held keys are a person's once this long has passed quietly
BLOCKED = {QEvent.Type.ContextMenu, QEvent.Type.KeyPress, QEvent.Type.KeyRelease, QEvent.Type.ShortcutOverride}
HOME_REFRESH_MS = 60_000


def settle_sizes(part: QWidget) -> None:
    """Take a new stylesheet's sizes now: left to a later layout pass, the header grew by a few pixels at the
    next tap and moved every button under the finger."""
    for child in part.findChildren(QWidget):
        child.ensurePolished()
    for layout in [part.layout(), *part.findChildren(QLayout)]:
        if layout is not None:
            layout.invalidate()
    part.updateGeometry()


class KioskWindow(QWidget):
    def __init__(self, ui: UiContext, translations: Translations) -> None:
        super().__init__()
        self.setObjectName("KioskWindow")
        self.ui, self.translations = ui, translations
        self._theme: Theme | None = None
        self._sheet = ""
        self.setAutoFillBackground(True)
        self._closing_allowed = False
        self._failing = False
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
        column = self.column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        self.header = Header(ui)
        column.addWidget(self.header.frame)
        self.stack = QStackedWidget()
        self.screens: dict[str, Screen] = {}
        names = [*ui.kiosk.registry.names(), "error"]
        for name in names:
            screen = SCREEN_WIDGETS[name](ui)
            self.screens[name] = screen
            self.stack.addWidget(screen)
        column.addWidget(self.stack, 1)
        self.footer = Footer(ui)
        column.addWidget(self.footer.frame)
        # Above the layout, last made so drawn on top: they cover, they never push.
        self.warnings = WarningStrip(self)
        self.hall_banner, self.device_banner = self.warnings.hall, self.warnings.devices
        self.help = HelpOverlay(self, ui)
        self.countdown = CountdownOverlay(self, ui.kiosk.touch)
        ui.kiosk.on_change(self.show_state)
        self.ticker = QTimer(self)
        self.ticker.setInterval(TICK_MS)
        self.ticker.timeout.connect(self._tick)
        self.ticker.start()
        self.home_refresh = QTimer(self)
        self.home_refresh.setInterval(HOME_REFRESH_MS)
        self.home_refresh.timeout.connect(lambda: ui.runner.submit(ui.kiosk.refresh()))
        self.home_refresh.start()
        self.show_state()

    # -- rendering ------------------------------------------------------------------------------------------
    def now(self) -> datetime:
        return self.ui.kiosk.now()

    def show_state(self) -> None:
        """Show the kiosk's state; a bug in a screen shows the polite error screen rather than a frozen one."""
        if self._failing:
            self._render()  # the error screen itself: let a failure here surface in the log
            return
        try:
            self._render()
        except Exception as error:
            self._failing = True
            try:
                self.ui.kiosk.fail(None, error)
            finally:
                self._failing = False

    def _render(self) -> None:
        ui, kiosk = self.ui, self.ui.kiosk
        theme = ui.theme
        if theme != self._theme:
            self._theme = theme
            self._sheet = stylesheet(theme)
            # Each part gets the sheet itself, the screens only when shown: restyling every widget of every
            # screen at once held the UI thread for 90-220 ms on an elder-mode tap.
            for part, extra in ((self.header.frame, ""), (self.footer.frame, footer_sheet(theme))):
                part.setStyleSheet(self._sheet + extra)
                settle_sizes(part)
            floating = self._sheet + overlay_sheet(theme)
            for overlay in (self.warnings, self.help, self.countdown):
                overlay.setStyleSheet(floating)
            palette = self.palette()
            palette.setColor(QPalette.ColorRole.Window, QColor(theme.palette.background))
            self.setPalette(palette)
        self.translations.apply(kiosk.language)
        self.header.render(self.now())
        screen = self.screens[kiosk.screen]
        if screen.styleSheet() != self._sheet:
            screen.setStyleSheet(self._sheet)
        screen.show_state()
        left = self.stack.currentWidget()
        if left is not screen:
            self.stack.setCurrentWidget(screen)
            if isinstance(left, Screen):
                left.forget()
        self.footer.show_state(screen.navigation())
        self.column.activate()
        self.help.show_state()
        self._render_banners()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._place_floating()

    def _place_floating(self) -> None:
        self.column.activate()
        self.warnings.place(self.header.frame.height())
        for overlay in (self.help, self.countdown):
            if overlay.isVisible():
                overlay.open()

    def _render_banners(self) -> None:
        ui, kiosk = self.ui, self.ui.kiosk
        offers = kiosk.offers
        away = translate("Window", "本机暂时连不上大厅的排队系统：取号和签到已暂停，办事指南显示本机保存的版本。")
        waiting = ""
        if not offers.hall_online and offers.filings_waiting:
            waiting = translate("Window", "本机已保存 {n} 份申报，恢复连接后将自动发送。").format(
                n=offers.filings_waiting
            )
        # Home says the hall is away itself, once, in its help card with the hotline (ui/screens/home_parts.py):
        # there the strip only says what waits on this kiosk, if anything.
        hall = "" if offers.hall_online else (waiting if kiosk.screen == HOME else away + waiting)
        notices = "；".join(ui.words(notice.text()) for notice in offers.notices)
        self.warnings.show_words(hall, notices)
        if self.warnings.isVisible():
            self._place_floating()
        self._render_countdown()

    def _render_countdown(self) -> None:
        kiosk = self.ui.kiosk
        if kiosk.counting_down:
            seconds = max(1, round(kiosk.idle.seconds_left + 0.49))
            text = translate("Window", "{n} 秒后将返回首页并清除您的信息").format(n=seconds)
            if kiosk.screen == HOME:
                text = translate("Window", "{n} 秒后恢复默认设置").format(n=seconds)
            self.countdown.display(text, translate("Window", "继续使用"))
        else:
            self.countdown.display("")

    def _tick(self) -> None:
        ui = self.ui
        job = ui.kiosk.tick()
        if job is not None:
            ui.runner.submit(job)
        self.header.tick(self.now())
        self._render_countdown()

    # -- lockdown -------------------------------------------------------------------------------------------
    def keyPressEvent(self, event: QKeyEvent) -> None:
        event.accept()  # Escape, Alt+F4 and every other key: a kiosk has no keyboard to obey

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._closing_allowed:
            event.accept()
        else:
            event.ignore()

    def allow_close(self) -> None:
        self._closing_allowed = True


class Lockdown(QObject):
    """App-wide: every tap keeps the citizen's session alive; no context menus; no keys. Key presses go only to a
    keyboard-wedge scanner when one is fitted: it tells a scan's burst from someone typing on a service keyboard."""

    def __init__(self, ui: UiContext, key_scanner: Callable[[], KeyScanner | None] = lambda: None) -> None:
        super().__init__()
        self.ui = ui
        self._key_scanner = key_scanner
        self._flush = QTimer(self)  # hands over the last held keys once a burst has ended
        self._flush.setInterval(WEDGE_POLL_MS)
        self._flush.timeout.connect(self._poll_scanner)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind in {QEvent.Type.MouseButtonPress, QEvent.Type.TouchBegin}:
            self.ui.kiosk.touch()
            return False
        if kind == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            self._feed_scanner(event)
        return kind in BLOCKED

    def _feed_scanner(self, event: QKeyEvent) -> None:
        scanner = self._key_scanner()
        if scanner is None or event.isAutoRepeat():
            return
        now = time.monotonic()
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            scanner.feed_enter(now)
        elif event.text() and event.text().isprintable():
            scanner.feed_key(event.text(), now)

    def _poll_scanner(self) -> None:
        scanner = self._key_scanner()
        if scanner is not None:
            scanner.poll(time.monotonic())

    def install(self) -> None:
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)
        self._flush.start()

    def remove(self) -> None:
        self._flush.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
