"""A QR code drawn on screen (the phone upload's one-time address), crisp at any size."""

from __future__ import annotations

import segno
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QWidget

QUIET = 4  # modules of white around the code, as scanners expect


class QrCode(QWidget):
    def __init__(self, size: int = 320) -> None:
        super().__init__()
        self.setFixedSize(size, size)
        self._rows: list[list[bool]] = []
        self.data = ""

    def set_data(self, data: str) -> None:
        if data == self.data:
            return
        self.data = data
        self._rows = [[bool(cell) for cell in row] for row in segno.make(data, error="m").matrix] if data else []
        self.update()

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor("white"))
        if self._rows:
            count = len(self._rows) + 2 * QUIET
            unit = min(self.width(), self.height()) / count
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor("black"))
            for y, row in enumerate(self._rows):
                for x, dark in enumerate(row):
                    if dark:
                        painter.drawRect(QRectF((x + QUIET) * unit, (y + QUIET) * unit, unit + 0.3, unit + 0.3))
        painter.end()
