"""A row of equal buttons that stacks them, one under the other, when their words do not fit side by side
(long English, elder mode's larger type): a row never makes the window wider than the screen."""

from __future__ import annotations

from PySide6.QtCore import Property, QEvent, QSize
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QBoxLayout, QSizePolicy, QWidget


class ActionRow(QWidget):
    def __init__(self, *buttons: QWidget, spacing: int = 24) -> None:
        super().__init__()
        self.setProperty("role", "actions")
        self.buttons = list(buttons)
        self.box = QBoxLayout(QBoxLayout.Direction.LeftToRight, self)
        self.box.setContentsMargins(0, 0, 0, 0)
        self._spacing, self._spread = spacing, 1.0
        self.box.setSpacing(spacing)
        for widget in buttons:
            self.box.addWidget(widget, 1)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)

    def _set_spread(self, spread: float) -> None:
        """More room between the buttons (elder mode): the style sheet's ``qproperty-spread`` times the spacing."""
        self._spread = spread
        self.box.setSpacing(round(self._spacing * spread))

    spread = Property(float, lambda self: self._spread, _set_spread)

    def _side_by_side_width(self) -> int:
        shown = [widget for widget in self.buttons if not widget.isHidden()]
        return sum(widget.sizeHint().width() for widget in shown) + self.box.spacing() * max(len(shown) - 1, 0)

    def minimumSizeHint(self) -> QSize:
        least = max((widget.minimumSizeHint().width() for widget in self.buttons if not widget.isHidden()), default=0)
        return QSize(least, self.box.minimumSize().height())

    def sizeHint(self) -> QSize:
        return QSize(self._side_by_side_width(), self.box.sizeHint().height())

    def stacked(self) -> bool:
        return self.box.direction() == QBoxLayout.Direction.TopToBottom

    def fit(self, width: int) -> None:
        direction = QBoxLayout.Direction.LeftToRight
        if self._side_by_side_width() > width:
            direction = QBoxLayout.Direction.TopToBottom
        if direction != self.box.direction():
            self.box.setDirection(direction)
            self.updateGeometry()

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.LayoutRequest:  # a button's words changed: do they still fit?
            self.fit(self.width())
        return super().event(event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.fit(event.size().width())
