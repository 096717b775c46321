"""What shows over the page without moving it: warnings over the header, and overlays (the walk-away countdown,
help) over the whole window.

None of these is in a layout: each floats above the window's parts, placed by the window when it resizes, so a
button never moves under a finger when one appears or goes (docs/ui.md, "Banners overlay").
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPaintEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from ui.theme import MIN_TOUCH_PX, Theme
from ui.widgets.basics import button, frame, label, set_text

SCRIM = QColor(0, 0, 0, 150)


def overlay_sheet(theme: Theme) -> str:
    """The look of the floating parts, added to the window's stylesheet."""
    p, px = theme.palette, theme.px
    border = 3 if theme.elder else 1
    return f"""
QWidget#Warnings {{ background: {p.warn_bg}; border-bottom: {border + 2}px solid #e0a23a; }}
QFrame[role="overlay-card"] {{ background: {p.surface}; border: {border + 1}px solid {p.line}; border-radius: 24px; }}
QLabel[role="overlay-title"] {{ font-size: {px(44)}px; font-weight: 700; color: {p.primary}; }}
QLabel[role="overlay-big"] {{ font-size: {px(40)}px; font-weight: 700; }}
"""


def footer_sheet(theme: Theme) -> str:
    """The footer's buttons: the touch minimum (80 px, larger in elder mode) and no more, so two rows stay low."""
    return f"""
QFrame[role="footer"] QPushButton {{ min-height: {theme.px(MIN_TOUCH_PX)}px; padding: 0 {theme.px(24)}px; }}
"""


class Banner:
    """One line of warning words in the warning strip; hidden while it has none."""

    def __init__(self, role: str = "warn") -> None:
        self.text: QLabel = label(f"{role}-text")
        self.frame = self.text
        self.frame.setVisible(False)

    def show(self, text: str) -> None:
        set_text(self.text, text)
        self.text.setVisible(bool(text))


class WarningStrip(QWidget):
    """The hall unreachable and devices out of order: a warm strip laid over the header (the hall's name and the
    clock give way to it), never pushing the page down. Taps go through it (the technician's hidden door is the
    hall's name beneath)."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self._host = parent
        self.setObjectName("Warnings")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        column = self._column = QVBoxLayout(self)
        column.setContentsMargins(40, 16, 40, 16)
        column.setSpacing(6)
        column.addStretch(1)
        self.hall, self.devices = Banner(), Banner()
        for banner in (self.hall, self.devices):
            column.addWidget(banner.text)
        column.addStretch(1)
        self.setVisible(False)

    def show_words(self, hall: str, devices: str) -> None:
        self.hall.show(hall)
        self.devices.show(devices)
        self.setVisible(bool(hall or devices))

    def place(self, top_height: int) -> None:
        """Cover the header (``top_height``), or more when the words need it."""
        width = self._host.width()
        self._column.activate()
        height = max(top_height, self.heightForWidth(width) if self.hasHeightForWidth() else self.sizeHint().height())
        self.setGeometry(0, 0, width, height)
        self.raise_()


class Overlay(QWidget):
    """A card over the whole window, the page dimmed behind it. A tap on the dimmed page only closes it
    (``on_outside``); nothing beneath is pressed by a tap that was meant for the card."""

    def __init__(self, parent: QWidget, on_outside: Callable[[], None] | None = None, *, lower: bool = True) -> None:
        super().__init__(parent)
        self._host = parent
        self._on_outside = on_outside
        outer = QVBoxLayout(self)
        outer.setContentsMargins(48, 48, 48, 48)
        # The card sits in the lower middle, within a seated person's reach.
        outer.addStretch(3 if lower else 1)
        self.card: QFrame
        self.card, inner = frame("overlay-card", margins=48, spacing=28)
        self.column: QVBoxLayout = inner  # type: ignore[assignment]
        outer.addWidget(self.card)
        outer.addStretch(2 if lower else 1)
        self.setVisible(False)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), SCRIM)
        painter.end()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        event.accept()
        if self._on_outside is not None and not self.card.geometry().contains(event.position().toPoint()):
            self._on_outside()

    def open(self) -> None:
        self.setGeometry(self._host.rect())
        if not self.isVisible():
            self.setVisible(True)
        self.raise_()

    def close_overlay(self) -> None:
        if self.isVisible():
            self.setVisible(False)


class CountdownOverlay(Overlay):
    """The last seconds before a walk-away reset: how long is left and one big "continue". Any tap continues."""

    def __init__(self, parent: QWidget, on_continue: Callable[[], None]) -> None:
        super().__init__(parent, on_continue)
        self.frame = self  # the part that shows or hides
        self.text: QLabel = label("overlay-big")
        self.text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.column.addWidget(self.text)
        row = QHBoxLayout()
        self.button: QPushButton = button("primary", on_continue)
        row.addWidget(self.button)
        self.column.addLayout(row)

    def display(self, text: str, button_text: str = "") -> None:
        set_text(self.text, text)
        set_text(self.button, button_text)
        if text:
            self.open()
        else:
            self.close_overlay()
