"""The parts around every screen: the header (hall name, station, clock) and the footer (back, home, help, the
language and elder-mode switches, the hotline), both the same on every screen.

The switches and help sit in the footer, in the lower part of the screen a seated person reaches; the footer
hides its back or home when the screen shows its own (``Screen.navigation``), so no way out is offered twice.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QDate, QLocale, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QBoxLayout, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from kiosk.flows.navigation import HOME
from ui.context import UiContext
from ui.i18n import translate
from ui.screens.base import BACK, FINISH, GO_HOME
from ui.widgets.basics import button, frame, label, set_text
from ui.widgets.voice_control import VoiceControl

ZH_DATE = QLocale(QLocale.Language.Chinese, QLocale.Country.China)
EN_DATE = QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom)


class CornerLabel(QLabel):
    """The hall's name; five quick taps on it open the technician's PIN screen (nothing shows that it can)."""

    def __init__(self, on_tap: Callable[[], None]) -> None:
        super().__init__()
        self._on_tap = on_tap

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self._on_tap()
        event.accept()


class Header:
    """Where the citizen is and what time it is; nothing here needs a tap (the controls are in the footer)."""

    def __init__(self, ui: UiContext) -> None:
        self.ui = ui
        self.frame, row = frame("header", vertical=False, margins=24, spacing=16)
        names = QVBoxLayout()
        names.setSpacing(4)
        self.hall = CornerLabel(lambda: ui.act(ui.kiosk.corner_tap))
        self.hall.setProperty("role", "hall")
        self.hall.setProperty("data", True)
        self.hall.setWordWrap(True)  # a long (English) hall name takes two lines, never the window's width
        self.station = label("station", data=True, wrap=False)
        names.addWidget(self.hall)
        names.addWidget(self.station)
        row.addLayout(names, 1)
        clock = QVBoxLayout()
        clock.setSpacing(0)
        self.time = label("clock", data=True, wrap=False)
        self.date = label("date", wrap=False)
        self.time.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.date.setAlignment(Qt.AlignmentFlag.AlignRight)
        clock.addWidget(self.time)
        clock.addWidget(self.date)
        row.addLayout(clock)

    def render(self, now: datetime) -> None:
        kiosk = self.ui.kiosk
        set_text(self.hall, kiosk.settings.hall(kiosk.language))
        set_text(self.station, kiosk.settings.station(kiosk.language))
        self.tick(now)

    def tick(self, now: datetime) -> None:
        set_text(self.time, now.strftime("%H:%M"))
        day = QDate(now.year, now.month, now.day)
        if self.ui.language == "zh_CN":
            set_text(self.date, ZH_DATE.toString(day, "yyyy年M月d日 dddd"))
        else:
            set_text(self.date, EN_DATE.toString(day, "ddd d MMM yyyy"))


def keep_place(widget: QWidget) -> None:
    """A hidden widget keeps its place, so the buttons beside it never move."""
    policy = widget.sizePolicy()
    policy.setRetainSizeWhenHidden(True)
    widget.setSizePolicy(policy)


class Footer:
    """Back and home (unless the screen has its own), help, language, elder mode and the hotline, on every screen.

    Portrait: the switches and help in the bottom row, the same place on every screen; back, home and the hotline
    in a row above it (on home, which has no way back, that row goes and the hotline joins the bottom row).
    Landscape: one row."""

    def __init__(self, ui: UiContext) -> None:
        self.ui = ui
        self.frame, layout = frame("footer", vertical=True, margins=14, spacing=12)
        self.back = button("secondary", lambda: ui.act(ui.kiosk.back))
        self.home = button("secondary", ui.home)
        self.help = button("secondary", lambda: ui.act(self._open_help))
        self.language = button("secondary", lambda: ui.act(self._switch_language))
        self.elder = button("secondary", lambda: ui.act(lambda: ui.kiosk.set_elder_mode(not ui.kiosk.elder_mode)))
        # The voice-guided mode's control, just above help in portrait, beside it in landscape (accessible-mode.md).
        self.voice = VoiceControl(lambda: ui.act(lambda: ui.kiosk.set_voice_mode(not ui.kiosk.voice.on)))
        for widget in (self.back, self.home):
            keep_place(widget)
        # Portrait has two hotline lines, one in each row, and shows one: widgets moved between layouts at run
        # time were left in both, and the buttons beside them jumped at the next layout pass.
        self._lines = [label("muted"), label("muted")]
        for line in self._lines:
            line.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.ways: QWidget | None = None  # portrait: the row of back and home
        controls = self._row(layout)
        if ui.orientation == "portrait":
            self.ways = QWidget()
            ways = QHBoxLayout(self.ways)
            ways.setContentsMargins(0, 0, 0, 0)
            ways.setSpacing(20)
            self._add(ways, self.back, self.home)
            ways.addWidget(self._lines[0], 1)
            ways.addWidget(self.voice.button)  # the right end of the row above help, on every screen
            layout.insertWidget(0, self.ways)
            self._add(controls, self.language, self.elder, None)
            controls.addWidget(self._lines[1], 1)
            controls.addWidget(self.help)
        else:
            self._add(controls, self.back, self.home)
            controls.addWidget(self._lines[0], 1)
            controls.addWidget(self.voice.button)
            self._add(controls, self.help, self.language, self.elder)
            self._lines[1].setVisible(False)

    @property
    def hotline(self) -> QLabel:
        """The hotline line showing now."""
        return self._lines[1] if self.ways is not None and self.ways.isHidden() else self._lines[0]

    @staticmethod
    def _row(layout: QBoxLayout) -> QHBoxLayout:
        row = QHBoxLayout()
        row.setSpacing(20)
        layout.addLayout(row)
        return row

    @staticmethod
    def _add(row: QBoxLayout, *widgets: QPushButton | None) -> None:
        for widget in widgets:
            if widget is None:
                row.addStretch(1)
            else:
                row.addWidget(widget)

    def _show_ways(self, at_home: bool) -> None:
        """Portrait: on home the row of ways out goes, and the hotline shows in the bottom row; unless the kiosk
        offers the voice-guided mode, whose control keeps that row on home too."""
        if self.ways is not None:
            shown = not at_home or self.ui.kiosk.voice.offered  # home keeps the row for the voice control
            self.ways.setVisible(shown)
            self._lines[1].setVisible(not shown)

    def _switch_language(self) -> None:
        kiosk = self.ui.kiosk
        kiosk.set_language("en" if kiosk.language == "zh_CN" else "zh_CN")

    def _open_help(self) -> None:
        self.ui.kiosk.show_help()

    def controls(self) -> list[QPushButton]:
        return [self.back, self.home, self.help, self.language, self.elder]

    def show_state(self, screen_offers: set[str]) -> None:
        """``screen_offers``: the ways out the screen shows itself now (``Screen.navigation``)."""
        kiosk = self.ui.kiosk
        at_home = kiosk.screen == HOME
        self._show_ways(at_home)
        # One way back and one way home: the screen's own wins; home has neither.
        self.back.setVisible(not at_home and not ({BACK, FINISH} & screen_offers))
        self.home.setVisible(not at_home and not ({GO_HOME, FINISH} & screen_offers))
        busy = kiosk.busy
        reading = kiosk.flow is not None and kiosk.flow.in_flight == "read_id_card"  # leaving ends the wait
        self.back.setEnabled(not busy or reading)
        self.home.setEnabled(not busy or reading)
        set_text(self.back, translate("Footer", "返回"))
        set_text(self.home, translate("Footer", "首页"))
        set_text(self.help, translate("Footer", "帮助"))
        # The switch is labelled in the language it switches to, so everyone can find theirs.
        set_text(self.language, "English" if kiosk.language == "zh_CN" else "中文")
        set_text(
            self.elder,
            translate("Footer", "标准模式") if kiosk.elder_mode else translate("Footer", "长辈模式"),
        )
        self.voice.render(self.ui.theme, offered=kiosk.voice.offered, on=kiosk.voice.on)
        for line in self._lines:
            set_text(line, translate("Footer", "服务热线 {phone}").format(phone=kiosk.settings.help_hotline))
