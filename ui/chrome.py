"""The parts around every screen: the header (hall name, clock, language, elder mode), the footer (back, home,
hotline)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QDate, QLocale, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout

from kiosk.flows.navigation import HOME
from ui.context import UiContext
from ui.i18n import translate
from ui.theme import MIN_TOUCH_PX
from ui.widgets.basics import button, frame, label, set_text

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
        self.language = button("bar", lambda: ui.act(self._switch_language))
        self.elder = button("bar", lambda: ui.act(lambda: ui.kiosk.set_elder_mode(not ui.kiosk.elder_mode)))
        row.addWidget(self.language)
        row.addWidget(self.elder)

    def _switch_language(self) -> None:
        kiosk = self.ui.kiosk
        kiosk.set_language("en" if kiosk.language == "zh_CN" else "zh_CN")

    def render(self, now: datetime) -> None:
        kiosk = self.ui.kiosk
        set_text(self.hall, kiosk.settings.hall(kiosk.language))
        set_text(self.station, kiosk.settings.station(kiosk.language))
        self.tick(now)
        # The switch is labelled in the language it switches to, so everyone can find theirs.
        set_text(self.language, "English" if kiosk.language == "zh_CN" else "中文")
        set_text(
            self.elder,
            translate("Header", "标准模式") if kiosk.elder_mode else translate("Header", "长辈模式"),
        )

    def tick(self, now: datetime) -> None:
        set_text(self.time, now.strftime("%H:%M"))
        day = QDate(now.year, now.month, now.day)
        if self.ui.language == "zh_CN":
            set_text(self.date, ZH_DATE.toString(day, "yyyy年M月d日 dddd"))
        else:
            set_text(self.date, EN_DATE.toString(day, "ddd d MMM yyyy"))


class Footer:
    def __init__(self, ui: UiContext) -> None:
        self.ui = ui
        self.frame, layout = frame("footer", vertical=False, margins=20, spacing=20)
        self.frame.setMinimumHeight(MIN_TOUCH_PX + 52)  # the same height with or without its buttons
        assert isinstance(layout, QHBoxLayout)
        self.back = button("secondary", lambda: ui.act(ui.kiosk.back))
        self.home = button("secondary", ui.home)
        self.hotline = label("muted", wrap=False)
        self.hotline.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        layout.addWidget(self.back)
        layout.addWidget(self.home)
        layout.addWidget(self.hotline, 1)

    def show_state(self) -> None:
        kiosk = self.ui.kiosk
        away = kiosk.screen != HOME
        self.frame.setVisible(away)  # home has its own help card and nowhere to go back to
        busy = kiosk.busy
        reading = kiosk.flow is not None and kiosk.flow.in_flight == "read_id_card"  # leaving ends the wait
        self.back.setEnabled(not busy or reading)
        self.home.setEnabled(not busy or reading)
        set_text(self.back, translate("Footer", "返回"))
        set_text(self.home, translate("Footer", "首页"))
        # As tall as its buttons need (elder mode's are taller): a tall screen above never squeezes it.
        least = max(MIN_TOUCH_PX + 52, self.back.sizeHint().height() + 2 * 20 + 4)
        if self.frame.minimumHeight() != least:
            self.frame.setMinimumHeight(least)
        set_text(
            self.hotline,
            translate("Footer", "需要帮助？请拨打服务热线 {phone}").format(phone=kiosk.settings.help_hotline),
        )
