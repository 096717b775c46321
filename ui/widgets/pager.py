"""上一页 · 2 / 3 · 下一页 under a list shown a page at a time (the guide, the notices, the bookable items); hidden
when the list fits one page, and each end's button disabled at that end."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout

from ui.i18n import translate
from ui.widgets.basics import button, label, set_text


class Pager:
    def __init__(self, previous: Callable[[], None], following: Callable[[], None]) -> None:
        self.row = QHBoxLayout()
        self.previous = button("secondary", previous)
        self.label = label("body", data=True)
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.next = button("secondary", following)
        for widget in (self.previous, self.label, self.next):
            self.row.addWidget(widget, 1)

    def show(self, page: int, pages: int) -> None:
        """``page`` counts from 0."""
        set_text(self.previous, translate("Pager", "上一页"))
        set_text(self.next, translate("Pager", "下一页"))
        set_text(self.label, f"{page + 1} / {pages}")
        self.previous.setEnabled(page > 0)
        self.next.setEnabled(page < pages - 1)
        for widget in (self.previous, self.label, self.next):
            widget.setVisible(pages > 1)  # no pager for a single page


class ReaderBar:
    """上一屏 · 下一屏 · 打印 under a long text read a screen at a time (a service guide, a notice)."""

    def __init__(self, scroll: Callable[[int], None], print_it: Callable[[], None]) -> None:
        self.row = QHBoxLayout()
        self.up = button("secondary", lambda: scroll(-1))
        self.down = button("secondary", lambda: scroll(1))
        self.print_button = button("primary", print_it)
        self.row.addWidget(self.up, 1)
        self.row.addWidget(self.down, 1)
        self.row.addWidget(self.print_button, 2)

    def show(self, print_label: str) -> None:
        set_text(self.up, translate("Reader", "上一屏"))
        set_text(self.down, translate("Reader", "下一屏"))
        set_text(self.print_button, print_label)
