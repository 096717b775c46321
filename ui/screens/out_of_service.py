"""The out-of-service window (docs/ui.md, "Out of service"): full screen, the notice with the hotline, the station's
id and the time; the language and elder-mode switches; the technician's hidden door (five taps on the hall's name)
with the crash history, the log's tail and the reset. Nothing else is reachable: no key, no context menu."""

from __future__ import annotations

from PySide6.QtCore import QDate, QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QCloseEvent, QColor, QKeyEvent, QPalette
from PySide6.QtWidgets import QApplication, QSizePolicy, QStackedWidget, QVBoxLayout, QWidget

from devices.words import Words
from kiosk.flows.out_of_service import SORRY, TITLE, OosStep, OutOfService, go_instead, hotline
from ui.chrome import EN_DATE, ZH_DATE, CornerLabel
from ui.screens.technician import shorten
from ui.theme import Orientation, Theme, stylesheet
from ui.widgets.basics import button, frame, label, set_text, show_text
from ui.widgets.keys import NumericKeypad
from ui.window import settle_sizes

TICK_MS = 250
BLOCKED = {QEvent.Type.ContextMenu, QEvent.Type.KeyPress, QEvent.Type.KeyRelease, QEvent.Type.ShortcutOverride}
MARGIN = 48


class OutOfServiceWindow(QWidget):
    def __init__(self, model: OutOfService, orientation: Orientation = "portrait") -> None:
        super().__init__()
        self.setObjectName("OutOfServiceWindow")
        self.model, self.orientation = model, orientation
        self.setAutoFillBackground(True)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
        self._theme: Theme | None = None
        self._closing_allowed = False
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        self._build_header(column)
        self.stack = QStackedWidget()
        self.stack.setObjectName("Screen")
        column.addWidget(self.stack, 1)
        self.pages: dict[OosStep, QWidget] = {}
        self.notice, self.pin_page, self.open_page = (self._page(step) for step in OosStep)
        self._build_notice()
        self._build_pin()
        self._build_open()
        self.footer, row = frame("footer", vertical=False, margins=14, spacing=12)
        self.language = button("secondary", lambda: self._do(self._switch_language))
        self.elder = button("secondary", lambda: self._do(lambda: model.set_elder_mode(not model.elder_mode)))
        row.addWidget(self.language, 1)
        row.addWidget(self.elder, 1)
        column.addWidget(self.footer)
        self.ticker = QTimer(self)
        self.ticker.setInterval(TICK_MS)
        self.ticker.timeout.connect(lambda: self._do(model.tick))
        self.ticker.start()
        self.show_state()

    # -- building -------------------------------------------------------------------------------------------
    def _build_header(self, column: QVBoxLayout) -> None:
        header, row = frame("header", vertical=False, margins=24, spacing=16)
        names = QVBoxLayout()
        names.setSpacing(4)
        self.hall = CornerLabel(lambda: self._do(self.model.corner_tap))
        self.hall.setProperty("role", "hall")
        self.hall.setWordWrap(True)
        self.station = label("station", wrap=False)
        names.addWidget(self.hall)
        names.addWidget(self.station)
        row.addLayout(names, 1)
        clock = QVBoxLayout()
        clock.setSpacing(0)
        self.time, self.date = label("clock", wrap=False), label("date", wrap=False)
        for widget in (self.time, self.date):
            widget.setAlignment(Qt.AlignmentFlag.AlignRight)
            clock.addWidget(widget)
        row.addLayout(clock)
        self.header = header
        column.addWidget(header)

    def _page(self, step: OosStep) -> QVBoxLayout:
        page = self.pages[step] = QWidget()
        page.setObjectName("Screen")
        page.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(MARGIN, 36, MARGIN, 24)
        layout.setSpacing(28)
        self.stack.addWidget(page)
        return layout

    def _build_notice(self) -> None:
        column = self.notice
        column.addStretch(1)
        card, inner = frame("card", margins=48, spacing=24)
        self.title, self.title_en = label("title"), label("subtitle")
        self.sorry, self.instead = label("body"), label("subtitle")
        self.hotline = label("filing-number")
        self.station_id = label("muted")
        for widget in (self.title, self.title_en, self.sorry, self.instead, self.hotline, self.station_id):
            widget.setAlignment(Qt.AlignmentFlag.AlignCenter)
            inner.addWidget(widget)
        column.addWidget(card)
        column.addStretch(2)

    def _build_pin(self) -> None:
        column, model = self.pin_page, self.model
        column.setSpacing(16)  # the keypad and the way back fit a landscape screen
        self.pin_hint = label("subtitle")
        self.dots = label("pin", wrap=False)
        self.dots.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.keypad = NumericKeypad(
            lambda digit: self._do(lambda: model.digit(digit)),
            lambda: self._do(model.erase),
            lambda: self._do(model.submit_pin),
        )
        self.pin_message = label("message")
        self.pin_back = button("secondary", lambda: self._do(model.close_door))
        for widget in (self.pin_hint, self.dots, self.keypad, self.pin_message):
            column.addWidget(widget)
        column.addStretch(1)
        column.addWidget(self.pin_back)

    def _build_open(self) -> None:
        column, model = self.open_page, self.model
        self.open_title, self.open_message = label("title"), label("good")
        self.history_title, self.history = label("section"), label("body")
        self.log_title, self.log_lines = label("section"), label("mono", wrap=False)
        for widget in (self.open_title, self.open_message, self.history_title, self.history):
            column.addWidget(widget)
        column.addWidget(self.log_title)
        column.addWidget(self.log_lines)
        column.addStretch(1)
        self.reset = button("primary", lambda: self._do(model.reset))
        self.close_door = button("secondary", lambda: self._do(model.close_door))
        column.addWidget(self.reset)
        column.addWidget(self.close_door)

    # -- acting and rendering -------------------------------------------------------------------------------
    def _do(self, action: object) -> None:
        if callable(action):
            action()
        self.show_state()

    def _switch_language(self) -> None:
        self.model.set_language("en" if self.model.language == "zh_CN" else "zh_CN")

    def words(self, words: Words | None) -> str:
        return "" if words is None else words.pick(self.model.language)

    def show_state(self) -> None:
        model, w = self.model, self.words
        # The technician's pages are in the standard size: the keypad and the log fit a landscape screen.
        theme = Theme(elder=model.elder_mode and model.step is OosStep.NOTICE, orientation=self.orientation)
        if theme != self._theme:
            self._theme = theme
            self.setStyleSheet(stylesheet(theme))
            settle_sizes(self)  # the new sizes now, not at the next tap
            palette = self.palette()
            palette.setColor(QPalette.ColorRole.Window, QColor(theme.palette.background))
            self.setPalette(palette)
        settings, english = model.settings, model.language == "en"
        set_text(self.hall, settings.hall(model.language))
        station = settings.station(model.language)
        set_text(self.station, f"{station} · {model.station_id}" if station else model.station_id)
        now = model.now()
        set_text(self.time, now.strftime("%H:%M"))
        day = QDate(now.year, now.month, now.day)
        date = EN_DATE.toString(day, "ddd d MMM yyyy") if english else ZH_DATE.toString(day, "yyyy年M月d日 dddd")
        set_text(self.date, date)
        page = self.pages[model.step]
        for shown in self.pages.values():  # a hidden page's size must not stretch the window
            policy = QSizePolicy.Policy.Preferred if shown is page else QSizePolicy.Policy.Ignored
            shown.setSizePolicy(policy, policy)
        self.stack.setCurrentWidget(page)
        self.footer.setVisible(model.step is OosStep.NOTICE)  # the citizen's switches, not the technician's
        # The notice: the headline in Chinese first, then English, whatever the language; the rest in the language.
        set_text(self.title, TITLE.zh)
        set_text(self.title_en, TITLE.en)
        set_text(self.sorry, w(SORRY))
        set_text(self.instead, w(go_instead(settings)))
        set_text(self.hotline, w(hotline(settings)))
        set_text(self.station_id, w(Words(f"终端编号 {model.station_id}", f"Station ID {model.station_id}")))
        set_text(self.pin_hint, w(Words("技术人员：请输入维护密码", "Technician: enter the maintenance PIN")))
        set_text(self.dots, "●" * len(model.pin) or " ")
        self.keypad.set_enter_text(w(Words("确认", "OK")))
        show_text(self.pin_message, w(model.message) if model.step is OosStep.PIN else "")
        set_text(self.pin_back, w(Words("返回", "Back")))
        self._render_open()
        set_text(self.language, "English" if not english else "中文")
        elder = Words("标准模式", "Standard mode") if model.elder_mode else Words("长辈模式", "Elder mode")
        set_text(self.elder, w(elder))
        settle_sizes(page)  # lines come and go (the log, a wrong PIN's words): lay the page out for them now
        for layout in (self.layout(), page.layout()):
            if layout is not None:
                layout.activate()

    def _render_open(self) -> None:
        model, w = self.model, self.words
        set_text(self.open_title, w(Words("本机暂停服务：维护", "Out of service: maintenance")))
        show_text(self.open_message, w(model.message) if model.step is OosStep.OPEN else "")
        set_text(self.history_title, w(Words("最近的崩溃（大厅时间）", "Recent crashes (hall time)")))
        set_text(self.history, "\n".join(model.history) or w(Words("没有记录", "None on record")))
        set_text(self.log_title, w(Words("日志末尾", "The log's last lines")))
        set_text(self.log_lines, "\n".join(shorten(line) for line in model.log_tail))
        set_text(self.reset, w(Words("恢复服务（重新启动）", "Return to service (restart)")))
        set_text(self.close_door, w(Words("关闭", "Close")))

    # -- lockdown -------------------------------------------------------------------------------------------
    def keyPressEvent(self, event: QKeyEvent) -> None:
        event.accept()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._closing_allowed:
            event.accept()
        else:
            event.ignore()

    def allow_close(self) -> None:
        self._closing_allowed = True


class OosLockdown(QObject):
    """App-wide: a tap keeps the technician's door open; no keys, no context menus."""

    def __init__(self, model: OutOfService) -> None:
        super().__init__()
        self.model = model

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind in {QEvent.Type.MouseButtonPress, QEvent.Type.TouchBegin}:
            self.model.touch()
            return False
        return kind in BLOCKED

    def install(self) -> None:
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    def remove(self) -> None:
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
