"""A refusal on screen: what happened (large), when it works again and what to do now, and the hotline with its
number. The words come from common/refusals.py (or the hall's answer, worded there too)."""

from __future__ import annotations

from PySide6.QtWidgets import QBoxLayout

from common.refusals import hotline_words
from devices.words import Words
from ui.context import UiContext
from ui.widgets.basics import frame, label, set_text, show_text


def split_first(text: str) -> tuple[str, str]:
    """The first sentence (what happened) and the rest (when, what now), a sentence a line."""
    for mark, keep in (("。", "。"), (". ", ".")):
        sentences = [part.strip() for part in text.split(mark) if part.strip()]
        if len(sentences) > 1:
            ended = [part if part.endswith(keep) else part + keep for part in sentences]
            return ended[0], "\n".join(ended[1:])
    return text, ""


class RefusalBox:
    """A card: the refusal's first sentence as a heading, the rest below it, then the hotline and its number."""

    def __init__(self, column: QBoxLayout) -> None:
        self.frame, inner = frame("card", margins=40, spacing=20)
        self.what, self.rest, self.hotline = label("subtitle"), label("body"), label("body")
        for widget in (self.what, self.rest, self.hotline):
            inner.addWidget(widget)
        column.addWidget(self.frame)

    def render(self, ui: UiContext, message: Words | None) -> None:
        """Shows ``message`` (hidden when None)."""
        self.frame.setVisible(message is not None)
        if message is None:
            return
        what, rest = split_first(ui.words(message))
        set_text(self.what, what)
        show_text(self.rest, rest)
        set_text(self.hotline, ui.words(hotline_words(ui.kiosk.settings.help_hotline)))

    def text(self) -> str:
        return "\n".join(w.text() for w in (self.what, self.rest, self.hotline) if w.isVisible() and w.text())
