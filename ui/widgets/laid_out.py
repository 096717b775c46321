"""A push button sized by the layout inside it (Qt sizes a QPushButton by its own text and ignores its layout)."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QPushButton, QSizePolicy


class LaidOutButton(QPushButton):
    def __init__(self, floor: int = 0) -> None:
        super().__init__()
        self.floor = floor  # the least height, whatever the text
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        policy.setHeightForWidth(True)  # its labels wrap: the narrower, the taller
        self.setSizePolicy(policy)

    def sizeHint(self) -> QSize:
        layout = self.layout()
        size = layout.sizeHint() if layout is not None else super().sizeHint()
        return QSize(size.width(), max(size.height(), self.floor))

    def minimumSizeHint(self) -> QSize:
        layout = self.layout()
        size = layout.minimumSize() if layout is not None else super().minimumSizeHint()
        return QSize(size.width(), max(size.height(), self.floor))

    def hasHeightForWidth(self) -> bool:
        return self.layout() is not None

    def heightForWidth(self, width: int) -> int:
        layout = self.layout()
        height = layout.totalHeightForWidth(width) if layout is not None else super().heightForWidth(width)
        return max(height, self.floor)
