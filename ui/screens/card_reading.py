"""Waiting for the ID card: a picture of where the reader is and how the card goes on it, the time left, and a
way out (the page's own button, and the footer's 返回 / 首页, which end the wait)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QHideEvent
from PySide6.QtWidgets import QBoxLayout, QWidget

from ui.context import UiContext
from ui.i18n import translate
from ui.widgets.basics import button, frame, label, set_text
from ui.widgets.card_reader import CardOnReader, WaitBar

TICK_MS = 250


class _Page(QWidget):
    """The panel's box; hidden (another step shows, the screen is left) stops the countdown."""

    def __init__(self, on_hide: Callable[[], None]) -> None:
        super().__init__()
        self._on_hide = on_hide

    def hideEvent(self, event: QHideEvent) -> None:
        self._on_hide()
        super().hideEvent(event)


class ReadingPanel:
    """The card wait: picture, what to do, the seconds left (a bar and a number), cancel."""

    def __init__(self, column: QBoxLayout, cancel: Callable[[], None]) -> None:
        self.box = _Page(self.stop)
        inner_column = QBoxLayout(QBoxLayout.Direction.TopToBottom, self.box)
        inner_column.setContentsMargins(0, 0, 0, 0)
        card, inner = frame("card", margins=48, spacing=24)
        self.picture = CardOnReader()
        self.place, self.detail = label("title"), label("body")
        self.bar, self.left = WaitBar(), label("muted")
        for widget in (self.place, self.detail, self.left):
            widget.setAlignment(Qt.AlignmentFlag.AlignCenter)
        inner.addWidget(self.picture)
        inner.addWidget(self.place)
        inner.addWidget(self.detail)
        inner.addWidget(self.bar)
        inner.addWidget(self.left)
        inner_column.addWidget(card)
        column.addWidget(self.box)
        column.addStretch(1)
        self.cancel = button("secondary", cancel)
        column.addWidget(self.cancel)
        self._ui: UiContext | None = None
        self._started = 0.0
        self.timer = QTimer(self.box)
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self.tick)

    def render(self, ui: UiContext) -> None:
        self._ui = ui
        set_text(self.place, translate("Reading", "请将身份证平放在读卡区"))
        set_text(self.detail, translate("Reading", "读卡区在屏幕下方的台面上（见上图）\n放好后请勿移动"))
        set_text(self.cancel, translate("Reading", "取消读卡"))
        if not self.timer.isActive():  # a new wait: the count starts now
            self._started = ui.kiosk.context.clock()
            self.timer.start()
        self.tick()

    @property
    def seconds_left(self) -> int:
        if self._ui is None:
            return 0
        total = self._ui.kiosk.settings.card_timeout_s
        return max(0, round(total - (self._ui.kiosk.context.clock() - self._started)))

    def tick(self) -> None:
        if self._ui is None:
            return
        total = self._ui.kiosk.settings.card_timeout_s
        left = self.seconds_left
        self.bar.set_share(left / total if total > 0 else 0)
        set_text(self.left, translate("Reading", "正在等待读卡，还剩 {seconds} 秒").format(seconds=left))

    def stop(self) -> None:
        self.timer.stop()
