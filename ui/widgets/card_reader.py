"""Drawn with QPainter (no image files): where the ID card reader is and how the card goes on it, and a bar that
empties while the kiosk waits for the card."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

INK = QColor("#37474f")
ACCENT = QColor("#0d47a1")
READER = QColor("#00796b")
Point = Callable[[float, float], QPointF]
Box = Callable[[float, float, float, float], QRectF]


class CardOnReader(QWidget):
    """The kiosk's front: the screen above, the reader's pad on the desk below it, lit; an ID card drawn flat,
    face up, coming down onto the pad with an arrow."""

    def __init__(self, height: int = 340) -> None:
        super().__init__()
        self.setFixedHeight(height)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        h = float(self.height())
        w = h * 1.25  # the drawing's own width, centred in the widget
        x0 = (self.width() - w) / 2
        unit = h / 100
        pen = QPen(INK, max(2.0, unit * 1.2), Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap)
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)

        def at(x: float, y: float) -> QPointF:
            return QPointF(x0 + x * unit, y * unit)

        def box(x: float, y: float, width: float, height: float) -> QRectF:
            return QRectF(x0 + x * unit, y * unit, width * unit, height * unit)

        self._kiosk(painter, pen, at, box, unit)
        self._reader(painter, box, unit)
        self._card(painter, at, box, unit)
        painter.end()

    @staticmethod
    def _kiosk(painter: QPainter, pen: QPen, at: Point, box: Box, unit: float) -> None:
        """The kiosk: its screen, and the desk below it."""
        painter.setPen(pen)
        painter.setBrush(QColor("#eceff1"))
        painter.drawRoundedRect(box(22, 2, 81, 52), 3 * unit, 3 * unit)
        painter.setBrush(QColor("#bbdefb"))
        painter.drawRoundedRect(box(28, 7, 69, 42), 2 * unit, 2 * unit)
        desk = QPainterPath()
        desk.moveTo(at(22, 58))
        desk.lineTo(at(103, 58))
        desk.lineTo(at(118, 92))
        desk.lineTo(at(7, 92))
        desk.closeSubpath()
        painter.setBrush(QColor("#eceff1"))
        painter.drawPath(desk)

    @staticmethod
    def _reader(painter: QPainter, box: Box, unit: float) -> None:
        """The reader's pad on the desk, lit, with the card outline printed on it."""
        glow = QColor(READER)
        glow.setAlpha(60)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(glow)
        painter.drawRoundedRect(box(63, 64, 40, 24), 3 * unit, 3 * unit)
        reader_pen = QPen(READER, max(2.0, unit * 1.4))
        painter.setPen(reader_pen)
        painter.setBrush(QColor("#ffffff"))
        painter.drawRoundedRect(box(67, 67, 32, 18), 2 * unit, 2 * unit)
        reader_pen.setStyle(Qt.PenStyle.DashLine)
        painter.setPen(reader_pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRoundedRect(box(71, 70, 24, 12), unit, unit)

    @staticmethod
    def _card(painter: QPainter, at: Point, box: Box, unit: float) -> None:
        """The card, face up, above the pad, and the arrow down onto it."""
        painter.setPen(QPen(ACCENT, max(2.0, unit)))
        painter.setBrush(QColor("#e3f2fd"))
        painter.drawRoundedRect(box(4, 20, 34, 21), 2 * unit, 2 * unit)
        painter.setBrush(QColor("#90caf9"))
        painter.drawRect(box(7, 24, 9, 12))  # the photo
        for y in (26, 30, 34):
            painter.drawLine(at(19, y), at(34, y))
        arrow = QPen(ACCENT, max(3.0, unit * 2), Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap)
        painter.setPen(arrow)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        curve = QPainterPath(at(30, 44))
        curve.quadTo(at(48, 78), at(62, 76))
        painter.drawPath(curve)
        painter.drawLine(at(62, 76), at(56, 71))
        painter.drawLine(at(62, 76), at(56, 81))


class WaitBar(QWidget):
    """A bar that empties as the wait runs out (``set_share`` 1.0 full, 0.0 empty)."""

    def __init__(self, height: int = 24) -> None:
        super().__init__()
        self.share = 1.0
        self.setFixedHeight(height)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)

    def set_share(self, share: float) -> None:
        share = min(1.0, max(0.0, share))
        if share != self.share:
            self.share = share
            self.update()

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        radius = self.height() / 2
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor("#cfd8dc"))
        painter.drawRoundedRect(QRectF(self.rect()), radius, radius)
        if self.share > 0:
            painter.setBrush(READER)
            width = max(self.height(), self.width() * self.share)
            painter.drawRoundedRect(QRectF(0, 0, width, self.height()), radius, radius)
        painter.end()
