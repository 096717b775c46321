"""The voice-guided mode's visible parts: the 语音引导 / Voice guide control (a drawn speaker, at the footer's right
end beside help, on every screen), which shows the mode is on by its look, and the ring drawn around the item the
voice last read (the one a second tap or Enter presses)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QPointF, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPaintEvent, QPen, QPixmap, QPolygonF
from PySide6.QtWidgets import QPushButton, QWidget

from ui.i18n import translate
from ui.theme import MIN_TOUCH_PX, Theme
from ui.widgets.basics import button, set_text

RING = QColor("#ffb000")  # amber over black: seen on the blue and the white of both palettes
RING_EDGE = QColor("#000000")
ON_BACKGROUND = "#ffd23f"
ON_TEXT = "#000000"


def speaker_icon(color: str, side: int) -> QIcon:
    """A loudspeaker with two sound waves, drawn (no emoji font needed)."""
    pixmap = QPixmap(side, side)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    s = side / 48
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(color))
    body = [(6, 18), (14, 18), (25, 8), (25, 40), (14, 30), (6, 30)]
    painter.drawPolygon(QPolygonF([QPointF(x * s, y * s) for x, y in body]))
    pen = QPen(QColor(color), 3.5 * s)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    painter.setPen(pen)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    for radius in (8, 15):
        box = QRectF((24 - radius) * s, (24 - radius) * s, 2 * radius * s, 2 * radius * s)
        painter.drawArc(box, -45 * 16, 90 * 16)
    painter.end()
    return QIcon(pixmap)


class VoiceControl:
    """The control: one tap switches the mode on or off (it is never read first, so it is as easy to leave as to
    enter). On: filled amber with dark text, "语音引导：开", the mode's visible indicator."""

    def __init__(self, on_click: Callable[[], None]) -> None:
        self.button: QPushButton = button("secondary", on_click)
        self.button.setObjectName("VoiceControl")
        self._look: tuple[bool, bool] | None = None

    def render(self, theme: Theme, *, offered: bool, on: bool) -> None:
        widget = self.button
        widget.setVisible(offered)
        set_text(
            widget,
            translate("Voice", "语音引导：开") if on else translate("Voice", "语音引导"),
        )
        if self._look == (on, theme.elder):
            return
        self._look = (on, theme.elder)
        side = theme.px(36)
        p = theme.palette
        widget.setIcon(speaker_icon(ON_TEXT if on else p.primary, side * 2))
        widget.setIconSize(QSize(side, side))
        border = 3 if theme.elder else 2
        sheet = (
            f"QPushButton#VoiceControl {{ background: {ON_BACKGROUND}; color: {ON_TEXT}; "
            f"border: {border + 1}px solid {ON_TEXT}; font-weight: 700; }}"
            if on
            else f"QPushButton#VoiceControl {{ border: {border + 1}px solid {p.primary}; font-weight: 700; }}"
        )
        widget.setStyleSheet(sheet + f" QPushButton#VoiceControl {{ min-height: {theme.px(MIN_TOUCH_PX)}px; }}")


class FocusRing(QWidget):
    """A thick ring around the item read last, over everything, letting every tap through."""

    WIDTH = 8

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self._host = parent
        self.target: QWidget | None = None
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setVisible(False)

    def show_on(self, target: QWidget | None) -> None:
        self.target = target
        if target is None or not target.isVisible():
            self.setVisible(False)
            return
        place = QRect(target.mapTo(self._host, target.rect().topLeft()), target.size())
        self.setGeometry(place.adjusted(-self.WIDTH, -self.WIDTH, self.WIDTH, self.WIDTH))
        self.setVisible(True)
        self.raise_()

    def follow(self) -> None:
        """Keep to the target when it moved, hide when it went."""
        self.show_on(self.target)

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        inner = self.rect().adjusted(self.WIDTH // 2, self.WIDTH // 2, -self.WIDTH // 2, -self.WIDTH // 2)
        painter.setPen(QPen(RING_EDGE, self.WIDTH + 4))
        painter.drawRoundedRect(inner, 18, 18)
        painter.setPen(QPen(RING, self.WIDTH))
        painter.drawRoundedRect(inner, 18, 18)
        painter.end()
