"""Simple line icons drawn with QPainter (no image files, crisp at any size): one per home tile (ticket, QR code,
book, star, form, magnifier, calendar, yuan coin, notice board) and 更多服务's four squares."""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPaintEvent, QPen
from PySide6.QtWidgets import QWidget


class Icon(QWidget):
    def __init__(self, kind: str, color: str, size: int = 96) -> None:
        super().__init__()
        self.kind, self.color = kind, QColor(color)
        self.setFixedSize(size, size)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)

    def set_size(self, size: int) -> None:
        if self.width() != size:
            self.setFixedSize(size, size)

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        s = float(self.width())
        painter.setBrush(QColor(self.color.red(), self.color.green(), self.color.blue(), 28))
        painter.setPen(Qt.PenStyle.NoPen)
        painter.drawEllipse(QRectF(0, 0, s, s))
        pen = QPen(self.color, max(3.0, s / 22), Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap)
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        draw = {
            "take_number": _ticket, "check_in": _qr, "guide": _book, "rate": _star, "filing": _form,
            "progress": _magnifier, "booking": _calendar, "payment": _coin, "disclosure": _notice, "more": _squares,
        }.get(self.kind, _dot)  # fmt: skip
        draw(painter, s)
        painter.end()


def _ticket(painter: QPainter, s: float) -> None:
    path = QPainterPath()
    left, top, right, bottom = s * 0.24, s * 0.2, s * 0.76, s * 0.8
    path.moveTo(left, top)
    path.lineTo(right, top)
    path.lineTo(right, s * 0.45)
    path.arcTo(QRectF(right - s * 0.05, s * 0.45, s * 0.1, s * 0.1), 90, 180)
    path.lineTo(right, bottom)
    path.lineTo(left, bottom)
    path.lineTo(left, s * 0.55)
    path.arcTo(QRectF(left - s * 0.05, s * 0.45, s * 0.1, s * 0.1), 270, 180)
    path.closeSubpath()
    painter.drawPath(path)
    for y in (0.33, 0.66, 0.72):
        painter.drawLine(QPointF(s * 0.34, s * y), QPointF(s * 0.66, s * y))


def _qr(painter: QPainter, s: float) -> None:
    unit = s * 0.16
    for x, y in ((0.24, 0.24), (0.6, 0.24), (0.24, 0.6)):
        painter.drawRect(QRectF(s * x, s * y, unit, unit))
    painter.drawLine(QPointF(s * 0.62, s * 0.62), QPointF(s * 0.76, s * 0.62))
    painter.drawLine(QPointF(s * 0.62, s * 0.62), QPointF(s * 0.62, s * 0.76))
    painter.drawLine(QPointF(s * 0.7, s * 0.72), QPointF(s * 0.76, s * 0.76))


def _book(painter: QPainter, s: float) -> None:
    painter.drawLine(QPointF(s * 0.5, s * 0.3), QPointF(s * 0.5, s * 0.76))
    for side in (-1, 1):
        path = QPainterPath(QPointF(s * 0.5, s * 0.3))
        path.quadTo(QPointF(s * (0.5 + side * 0.14), s * 0.22), QPointF(s * (0.5 + side * 0.28), s * 0.28))
        path.lineTo(s * (0.5 + side * 0.28), s * 0.72)
        path.quadTo(QPointF(s * (0.5 + side * 0.14), s * 0.68), QPointF(s * 0.5, s * 0.76))
        painter.drawPath(path)


def _star(painter: QPainter, s: float) -> None:
    path = QPainterPath()
    for n in range(10):
        radius = s * (0.3 if n % 2 == 0 else 0.13)
        angle = -math.pi / 2 + n * math.pi / 5
        point = QPointF(s / 2 + radius * math.cos(angle), s * 0.52 + radius * math.sin(angle))
        if n == 0:
            path.moveTo(point)
        else:
            path.lineTo(point)
    path.closeSubpath()
    painter.drawPath(path)


def _form(painter: QPainter, s: float) -> None:
    painter.drawRoundedRect(QRectF(s * 0.27, s * 0.2, s * 0.4, s * 0.56), s * 0.04, s * 0.04)
    for y in (0.34, 0.46, 0.58):
        painter.drawLine(QPointF(s * 0.35, s * y), QPointF(s * 0.56, s * y))
    painter.drawLine(QPointF(s * 0.58, s * 0.8), QPointF(s * 0.78, s * 0.5))


def _magnifier(painter: QPainter, s: float) -> None:
    painter.drawEllipse(QRectF(s * 0.24, s * 0.22, s * 0.36, s * 0.36))
    painter.drawLine(QPointF(s * 0.55, s * 0.54), QPointF(s * 0.76, s * 0.76))


def _calendar(painter: QPainter, s: float) -> None:
    painter.drawRoundedRect(QRectF(s * 0.24, s * 0.27, s * 0.52, s * 0.48), s * 0.04, s * 0.04)
    painter.drawLine(QPointF(s * 0.24, s * 0.4), QPointF(s * 0.76, s * 0.4))
    for x in (0.36, 0.64):
        painter.drawLine(QPointF(s * x, s * 0.21), QPointF(s * x, s * 0.31))
    painter.drawLine(QPointF(s * 0.4, s * 0.57), QPointF(s * 0.48, s * 0.65))
    painter.drawLine(QPointF(s * 0.48, s * 0.65), QPointF(s * 0.62, s * 0.5))


def _coin(painter: QPainter, s: float) -> None:
    """A coin with the yuan sign."""
    painter.drawEllipse(QRectF(s * 0.22, s * 0.22, s * 0.56, s * 0.56))
    painter.drawLine(QPointF(s * 0.4, s * 0.34), QPointF(s * 0.5, s * 0.48))
    painter.drawLine(QPointF(s * 0.6, s * 0.34), QPointF(s * 0.5, s * 0.48))
    painter.drawLine(QPointF(s * 0.5, s * 0.48), QPointF(s * 0.5, s * 0.68))
    for y in (0.5, 0.59):
        painter.drawLine(QPointF(s * 0.41, s * y), QPointF(s * 0.59, s * y))


def _notice(painter: QPainter, s: float) -> None:
    """A notice board on its stand, lines of text on it."""
    painter.drawRect(QRectF(s * 0.24, s * 0.24, s * 0.52, s * 0.38))
    painter.drawLine(QPointF(s * 0.5, s * 0.62), QPointF(s * 0.5, s * 0.78))
    painter.drawLine(QPointF(s * 0.38, s * 0.78), QPointF(s * 0.62, s * 0.78))
    for y, end in ((0.35, 0.66), (0.44, 0.66), (0.53, 0.52)):
        painter.drawLine(QPointF(s * 0.33, s * y), QPointF(s * end, s * y))


def _squares(painter: QPainter, s: float) -> None:
    """Four squares: more services."""
    side = s * 0.19
    for x in (0.27, 0.54):
        for y in (0.27, 0.54):
            painter.drawRoundedRect(QRectF(s * x, s * y, side, side), s * 0.03, s * 0.03)


def _dot(painter: QPainter, s: float) -> None:
    painter.drawEllipse(QRectF(s * 0.3, s * 0.3, s * 0.4, s * 0.4))
