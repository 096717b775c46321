"""A grid of buttons made once and reused: each render sets the texts; extra buttons hide.

Long texts (a category with its hours, a guide item with its summary) go in ``TextButton``s, whose lines wrap
instead of widening the screen.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Property, QEvent, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPaintEvent, QResizeEvent
from PySide6.QtWidgets import QGridLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from ui.theme import MIN_TOUCH_PX
from ui.widgets.basics import DATA, button, label, set_text, show_text
from ui.widgets.laid_out import LaidOutButton

WRAPPED_ROLES = frozenset({"choice", "level"})


class TextButton(LaidOutButton):
    """A button whose text is a wrapping headline and an optional second line (``"headline\\ndetail"``).

    A list card ("choice") has a coloured bar down its left edge. The bar is painted here, inside the card's
    rounded outline: a style sheet's thicker left border draws notches where it meets the rounded corners. The
    style sheet sets its colours and size (``qproperty-accent``, ``qproperty-accentOff``, ``qproperty-bar``,
    ``qproperty-radius``).
    """

    def __init__(self, role: str, *, data: bool = False) -> None:
        self._accent, self._accent_off = QColor(), QColor()
        self._bar, self._radius = 0, 0
        super().__init__(floor=MIN_TOUCH_PX)
        self.setProperty("role", role)
        self.setProperty(DATA, data)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.head, self.detail = label(f"{role}-head", data=data), label(f"{role}-detail", data=data)
        column = QVBoxLayout(self)
        vertical = 28 if role == "level" else 18
        column.setContentsMargins(36, vertical, 28, vertical)
        column.setSpacing(4)
        for widget in (self.head, self.detail):
            widget.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
            column.addWidget(widget)

    def set_lines(self, text: str) -> None:
        head, _, detail = text.partition("\n")
        set_text(self.head, head)
        show_text(self.detail, detail)

    def lines(self) -> str:
        return "\n".join(text for text in (self.head.text(), self.detail.text()) if text)

    def labels(self) -> list[QLabel]:
        return [self.head, self.detail]

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if self._bar <= 0:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        outline = QPainterPath()
        outline.addRoundedRect(QRectF(self.rect()), self._radius, self._radius)
        painter.setClipPath(outline)
        painter.fillRect(QRect(0, 0, self._bar, self.height()), self._accent if self.isEnabled() else self._accent_off)
        painter.end()

    def _set_accent(self, color: QColor) -> None:
        self._accent = QColor(color)

    def _set_accent_off(self, color: QColor) -> None:
        self._accent_off = QColor(color)

    def _set_bar(self, width: int) -> None:
        self._bar = width

    def _set_radius(self, radius: int) -> None:
        self._radius = radius

    accent = Property(QColor, lambda self: self._accent, _set_accent)
    accentOff = Property(QColor, lambda self: self._accent_off, _set_accent_off)
    bar = Property(int, lambda self: self._bar, _set_bar)
    radius = Property(int, lambda self: self._radius, _set_radius)


class ButtonGrid(QWidget):
    def __init__(
        self, role: str, on_click: Callable[[int], None], columns: int = 1, *, data: bool = False, spacing: int = 20
    ) -> None:
        super().__init__()
        self._role, self._on_click, self._columns, self._data = role, on_click, columns, data
        self.setProperty("role", "grid")
        self._layout = QGridLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._spacing, self._spread = spacing, 1.0
        self._layout.setSpacing(spacing)
        self.buttons: list[QPushButton] = []
        self._placed = columns  # the columns used now: fewer than asked when one-line buttons do not fit

    # -- one-line buttons that do not fit side by side take fewer columns (never a page wider than the screen) --
    def _fits(self) -> bool:
        return self._role not in WRAPPED_ROLES

    def _widest(self) -> int:
        return max((b.sizeHint().width() for b in self.buttons if not b.isHidden()), default=0)

    def _columns_for(self, width: int) -> int:
        columns = self._columns
        if self._fits() and width > 0:
            widest, gap = self._widest(), self._layout.spacing()
            while columns > 1 and columns * widest + (columns - 1) * gap > width:
                columns -= 1
        return columns

    def _place(self, columns: int) -> None:
        if columns != self._placed:
            self._placed = columns
            for index, widget in enumerate(self.buttons):
                self._layout.addWidget(widget, index // columns, index % columns)

    def minimumSizeHint(self) -> QSize:
        least = super().minimumSizeHint()
        if not self._fits():
            return least
        narrowest = max((b.minimumSizeHint().width() for b in self.buttons if not b.isHidden()), default=0)
        return QSize(narrowest, least.height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._place(self._columns_for(event.size().width()))

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.LayoutRequest and self._fits():  # a button's words changed
            self._place(self._columns_for(self.width()))
        return super().event(event)

    def _set_spread(self, spread: float) -> None:
        """More room between the buttons (elder mode): the style sheet's ``qproperty-spread`` times the spacing."""
        self._spread = spread
        self._layout.setSpacing(round(self._spacing * spread))

    spread = Property(float, lambda self: self._spread, _set_spread)

    def set_columns(self, columns: int) -> None:
        if columns != self._columns:
            self._columns = columns
            self._place(self._columns_for(self.width()))

    def _make(self, index: int) -> QPushButton:
        if self._role in WRAPPED_ROLES:
            widget: QPushButton = TextButton(self._role, data=self._data)
            widget.clicked.connect(lambda _checked=False: self._on_click(index))
            return widget
        return button(self._role, lambda: self._on_click(index), data=self._data)

    def show_items(
        self, texts: list[str], *, enabled: list[bool] | None = None, checked: list[bool] | None = None
    ) -> None:
        while len(self.buttons) < len(texts):
            index = len(self.buttons)
            widget = self._make(index)
            self._layout.addWidget(widget, index // self._placed, index % self._placed)
            self.buttons.append(widget)
        for index, widget in enumerate(self.buttons):
            visible = index < len(texts)
            if visible:
                if isinstance(widget, TextButton):
                    widget.set_lines(texts[index])
                else:
                    set_text(widget, texts[index])
                widget.setEnabled(enabled[index] if enabled is not None else True)
                widget.setCheckable(checked is not None)
                if checked is not None:
                    widget.setChecked(checked[index])
            widget.setVisible(visible)
