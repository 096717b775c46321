"""Strips above the screen: the walk-away countdown, the hall unreachable, devices out of order."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton

from ui.widgets.basics import button, frame, label, set_text


class Banner:
    """A rounded strip with one line of text and, optionally, one button."""

    def __init__(self, role: str, on_click: Callable[[], None] | None = None) -> None:
        self.frame, layout = frame(role, vertical=False, margins=18)
        self.text: QLabel = label(f"{role}-text")
        layout.addWidget(self.text, 1)
        self.button: QPushButton | None = None
        if on_click is not None:
            self.button = button("primary" if role != "countdown" else "secondary", on_click)
            layout.addWidget(self.button)
        assert isinstance(layout, QHBoxLayout)
        self.frame.setVisible(False)

    def show(self, text: str, button_text: str = "") -> None:
        set_text(self.text, text)
        if self.button is not None:
            set_text(self.button, button_text)
        self.frame.setVisible(bool(text))
