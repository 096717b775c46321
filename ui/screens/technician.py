"""The technician page: PIN keypad (locked after five wrong PINs), then every device's state and last error,
test print, restarts, the simulators' controls, outbox and log tail, and quit."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QGridLayout, QLabel, QScrollArea, QVBoxLayout, QWidget

from devices.state import DeviceState
from kiosk.flows.technician import ASK_QUIT, QUIT_CONFIRM_S, TechnicianFlow, TechStep
from kiosk.station.ports import DeviceInfo
from ui.context import UiContext
from ui.i18n import translate
from ui.screens.base import GO_HOME, FlowScreen, declare
from ui.screens.panels import button_row
from ui.widgets.basics import button, frame, label, set_text, show_text
from ui.widgets.grid import ButtonGrid
from ui.widgets.keys import NumericKeypad

RESTARTABLE = ("printer", "id_reader", "scanner")
LOG_CHARS = 76  # a log line on the page; the whole line is in the log file
PAGE_WIDTH = 930  # the page's width for buttons on a 1080 px portrait screen (margins and scroll bar off)
GRID_SPACING = 20
BUTTON_PADDING = 80  # a button's padding and border either side of its caption


def shorten(line: str) -> str:
    return line if len(line) <= LOG_CHARS else line[: LOG_CHARS - 1] + "…"


class TechnicianScreen(FlowScreen[TechnicianFlow]):
    flow_type = TechnicianFlow

    def __init__(self, ui: UiContext) -> None:
        super().__init__(ui)
        act = ui.act
        column = self.page(TechStep.PIN)
        self.pin_hint = label("subtitle")
        self.dots = label("pin", data=True, wrap=False)
        self.dots.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.pin_message = label("message")
        for widget in (self.pin_hint, self.dots):
            column.addWidget(widget)
        self.keypad = NumericKeypad(
            lambda digit: act(lambda: self._flow().digit(digit)),
            lambda: act(lambda: self._flow().erase()),
            lambda: act(self._flow().submit_pin),
        )
        column.addWidget(self.keypad)
        column.addWidget(self.pin_message)  # under the keys: a wrong PIN's words never move them
        column.addStretch(1)
        self._build_open()

    def _build_open(self) -> None:
        ui, act = self.ui, self.ui.act
        column = self.page(TechStep.OPEN)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.open_scroll = scroll
        body = QWidget()
        inner = QVBoxLayout(body)
        inner.setContentsMargins(0, 0, 12, 0)
        inner.setSpacing(18)
        self.message = label("good")
        inner.addWidget(self.message)
        self.devices_title = label("section")
        inner.addWidget(self.devices_title)
        devices_card, devices = frame("card", margins=20, spacing=8)
        table = QWidget()
        self.table = QGridLayout(table)
        self.table.setHorizontalSpacing(20)
        self.table.setContentsMargins(0, 0, 0, 0)
        self.cells: list[tuple[QLabel, QLabel, QLabel]] = []
        devices.addWidget(table)
        inner.addWidget(devices_card)
        self.restart_title = label("section")
        inner.addWidget(self.restart_title)
        self.restarts = ButtonGrid("secondary", self._restart, columns=3)
        inner.addWidget(self.restarts)
        self.sim_title = label("section")
        inner.addWidget(self.sim_title)
        self.inner = inner
        self._control_columns = 3
        self.controls = self._controls_grid(3)
        inner.addWidget(self.controls)
        self.sync = label("body")
        self.last_scan = label("body")
        inner.addWidget(self.sync)
        inner.addWidget(self.last_scan)
        self.log_title = label("section")
        inner.addWidget(self.log_title)
        self.log = label("mono", data=True)
        inner.addWidget(self.log)
        inner.addStretch(1)
        scroll.setWidget(body)
        column.addWidget(scroll, 1)
        self.test_print = button("secondary", lambda: act(self._flow().test_print))
        self.refresh = button("secondary", lambda: act(self._flow().refresh))
        self.close_page = declare(button("secondary", ui.home), GO_HOME)
        # Quitting stops the kiosk serving: an outlined button, and a second tap on 确认退出 within a few seconds.
        self.quit = button("secondary", self._quit)
        button_row(column, self.test_print, self.refresh)
        button_row(column, self.close_page, self.quit)

    def _controls_grid(self, columns: int) -> ButtonGrid:
        act = self.ui.act
        return ButtonGrid("secondary", lambda index: act(lambda: self._flow().simulate(index)), columns=columns)

    def _fit_controls(self, captions: list[str]) -> None:
        """As many simulator buttons a row as their captions allow (English ones are long), so the page never
        grows wider than the glass: each column is as wide as its widest caption."""
        probe = self.controls.buttons[0] if self.controls.buttons else self.test_print
        probe.ensurePolished()
        metrics = QFontMetrics(probe.font())
        widths = [metrics.horizontalAdvance(caption) + BUTTON_PADDING for caption in captions]

        def row_width(columns: int) -> int:
            widest = [max(widths[column::columns], default=0) for column in range(columns)]
            return sum(widest) + GRID_SPACING * (columns - 1)

        columns = next((n for n in (3, 2) if row_width(n) <= PAGE_WIDTH), 1)
        if columns == self._control_columns:
            return
        self._control_columns = columns
        index = self.inner.indexOf(self.controls)
        self.inner.removeWidget(self.controls)
        self.controls.deleteLater()
        self.controls = self._controls_grid(columns)
        self.inner.insertWidget(index, self.controls)
        self.controls.setVisible(True)

    def _flow(self) -> TechnicianFlow:
        flow = self.flow
        assert flow is not None
        return flow

    def _quit(self) -> None:
        flow = self.flow
        if flow is None:
            return
        if flow.tap_quit():
            self.ui.quit()
            return
        self.ui.kiosk.changed()
        # Unconfirmed, the button goes back to 退出程序 (a render after the confirmation window has passed).
        QTimer.singleShot(round(QUIT_CONFIRM_S * 1000) + 100, self, self.show_state)

    def _restart(self, index: int) -> None:
        kind = RESTARTABLE[index]
        self.ui.act(lambda: self._flow().restart(kind))

    def render_flow(self, flow: TechnicianFlow) -> None:
        ui = self.ui
        self.show_step(flow.step)
        set_text(self.title, translate("Technician", "维护页面"))
        message = ui.words(flow.message)
        if flow.step is TechStep.PIN:
            set_text(self.pin_hint, translate("Technician", "请输入维护密码"))
            set_text(self.dots, " ".join("●" * flow.pin_length) or "—")
            self.dots.setFixedHeight(ui.theme.px(130))  # "●" and "—" differ in height: the keys stay put
            show_text(self.pin_message, message)
            self.keypad.set_enter_text(translate("Technician", "确定"))
            return
        if flow.message is ASK_QUIT and not flow.quit_asked:
            message = ""
        show_text(self.message, message)
        set_text(self.devices_title, translate("Technician", "设备状态"))
        set_text(self.restart_title, translate("Technician", "重启设备"))
        names = [translate("Technician", "打印机"), translate("Technician", "身份证阅读器")]
        self.restarts.show_items([*names, translate("Technician", "扫码器")])
        set_text(self.sim_title, translate("Technician", "模拟设备"))
        status = flow.status
        if status is not None:
            self._show_devices(status.devices)
            captions = [ui.words(control.label) for control in status.controls]
            self._fit_controls(captions)
            self.controls.show_items(captions)
            self.sim_title.setVisible(bool(status.controls))
            error = status.outbox_error or translate("Technician", "无")
            sync = translate("Technician", "待上传 {n} 条；最近错误：{error}")
            set_text(self.sync, sync.format(n=status.outbox_pending, error=error))
            set_text(self.log, "\n".join(shorten(line) for line in status.log_tail))
        set_text(self.last_scan, translate("Technician", "最近扫码：{code}").format(code=flow.last_scan or "—"))
        set_text(self.log_title, translate("Technician", "最近日志"))
        set_text(self.test_print, translate("Technician", "打印测试页"))
        set_text(self.refresh, translate("Technician", "刷新"))
        set_text(self.close_page, translate("Technician", "关闭维护页面"))
        asked = flow.quit_asked
        set_text(self.quit, translate("Technician", "确认退出") if asked else translate("Technician", "退出程序"))

    @staticmethod
    def _state_words(state: DeviceState) -> str:
        return {
            DeviceState.READY: translate("Technician", "正常"),
            DeviceState.DEGRADED: translate("Technician", "需注意"),
            DeviceState.FAULT: translate("Technician", "故障"),
            DeviceState.OFFLINE: translate("Technician", "离线"),
        }[state]

    def _show_devices(self, devices: tuple[DeviceInfo, ...]) -> None:
        zh = self.ui.language == "zh_CN"
        while len(self.cells) < len(devices):
            row = len(self.cells)
            cells = (label("body"), label("body"), label("muted", data=True))
            for column, cell in enumerate(cells):
                self.table.addWidget(cell, row, column)
            self.cells.append(cells)
        for index, (name, state, error) in enumerate(self.cells):
            visible = index < len(devices)
            for cell in (name, state, error):
                cell.setVisible(visible)
            if not visible:
                continue
            info = devices[index]
            simulated = translate("Technician", "（模拟）") if info.simulated else ""
            set_text(name, (info.name_zh if zh else info.name_en) + simulated)
            detail = self.ui.words(info.message)
            set_text(state, f"{self._state_words(info.state)}  {detail}".strip())
            set_text(error, info.last_error or "—")
