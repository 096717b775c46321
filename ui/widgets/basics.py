"""Labels and buttons styled by role (see ui/theme.py), and setters that skip unchanged text."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QBoxLayout, QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from ui.wrap import keep_words, plain

# A label holding the hall's own data (a hall name, a number, an item name from the catalog) rather than the UI's
# words: it stays in the catalog's language when the UI switches. Tests skip these when comparing languages.
DATA = "data"


class TextLabel(QLabel):
    """A label whose wrapped lines keep Chinese words whole (ui/wrap.py). Its text() is the text as given; what Qt
    draws has the invisible break hints in it."""

    def setText(self, text: str) -> None:
        super().setText(keep_words(text) if self.wordWrap() else text)

    def text(self) -> str:
        return plain(super().text())

    def setWordWrap(self, on: bool) -> None:
        text = self.text()
        super().setWordWrap(on)
        if text:
            self.setText(text)


def label(role: str = "body", *, data: bool = False, wrap: bool = True, parent: QWidget | None = None) -> QLabel:
    widget = TextLabel(parent)
    widget.setProperty("role", role)
    widget.setProperty(DATA, data)
    widget.setWordWrap(wrap)
    widget.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)  # nothing to select on a kiosk
    widget.setTextFormat(Qt.TextFormat.PlainText)
    return widget


def button(role: str = "secondary", on_click: Callable[[], None] | None = None, *, data: bool = False) -> QPushButton:
    widget = QPushButton()
    widget.setProperty("role", role)
    widget.setProperty(DATA, data)
    widget.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    widget.setAutoDefault(False)
    if on_click is not None:
        widget.clicked.connect(lambda _checked=False: on_click())
    return widget


def frame(role: str, vertical: bool = True, *, margins: int = 0, spacing: int = 16) -> tuple[QFrame, QBoxLayout]:
    widget = QFrame()
    widget.setProperty("role", role)
    layout: QBoxLayout = QVBoxLayout(widget) if vertical else QHBoxLayout(widget)
    layout.setContentsMargins(margins, margins, margins, margins)
    layout.setSpacing(spacing)
    return widget, layout


def set_text(widget: QLabel | QPushButton, text: str) -> None:
    if widget.text() != text:
        widget.setText(text)


def show_text(widget: QLabel | QPushButton, text: str) -> None:
    """Set the text and show the widget only when there is some."""
    set_text(widget, text)
    widget.setVisible(bool(text))
