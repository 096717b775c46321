"""The candidate bar: the pinyin typed so far, one page of characters and words to tap, and the page keys."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from PySide6.QtWidgets import QFrame, QHBoxLayout, QPushButton, QVBoxLayout

from ui.keyboard.engine.composer import Composer
from ui.widgets.basics import button, label, set_text

MOST_ON_A_PAGE = 7
PREVIOUS, NEXT = "◀", "▶"


class CandidateBar(QFrame):
    def __init__(self, on_pick: Callable[[int], None], on_page: Callable[[int], None]) -> None:
        super().__init__()
        self.setProperty("role", "candidates")
        column = QVBoxLayout(self)
        column.setContentsMargins(14, 8, 14, 10)
        column.setSpacing(6)
        self.pinyin = label("pinyin", data=True, wrap=False)  # the citizen's letters: wiped with the screen
        self.hint = label("keyboard-hint", wrap=False)
        head = QHBoxLayout()
        head.addWidget(self.pinyin)
        head.addWidget(self.hint, 1)
        column.addLayout(head)
        row = QHBoxLayout()
        row.setSpacing(8)
        self.buttons: list[QPushButton] = []
        for index in range(MOST_ON_A_PAGE):
            made = button("candidate", partial(on_pick, index), data=True)
            row.addWidget(made)
            self.buttons.append(made)
        for made in self.buttons:
            made.hide()
        policy = self.buttons[0].sizePolicy()
        policy.setRetainSizeWhenHidden(True)  # the bar keeps its height while nothing is typed
        self.buttons[0].setSizePolicy(policy)
        row.addStretch(1)
        self.previous = button("page", lambda: on_page(-1))
        self.previous.setText(PREVIOUS)
        self.next = button("page", lambda: on_page(1))
        self.next.setText(NEXT)
        row.addWidget(self.previous)
        row.addWidget(self.next)
        column.addLayout(row)

    def show_composer(self, composer: Composer, hint: str) -> None:
        self.buttons[0].ensurePolished()  # the stylesheet's font, not the application's, even before it is shown
        metrics = self.buttons[0].fontMetrics()
        floor = self.buttons[0].minimumSizeHint().width()
        pad = 2 * self.buttons[0].style().pixelMetric(self.buttons[0].style().PixelMetric.PM_ButtonMargin) + 40
        margins = self.contentsMargins().left() + self.contentsMargins().right()
        chrome = self.previous.sizeHint().width() + self.next.sizeHint().width() + margins + 24
        composer.fit(lambda text: max(floor, metrics.horizontalAdvance(text) + pad) + 8, self.width() - chrome)
        shown = composer.page_candidates() if composer.composing else []
        set_text(self.pinyin, composer.preedit())
        set_text(self.hint, "" if composer.composing else hint)
        for index, made in enumerate(self.buttons):
            text = shown[index].text if index < len(shown) else ""
            set_text(made, text)
            first = index == 0 and composer.page == 0
            if made.property("first") != first:
                made.setProperty("first", first)
                made.style().unpolish(made)  # a property the stylesheet selects on takes effect on a new polish
                made.style().polish(made)
            made.setVisible(bool(text))
        paged = composer.composing and composer.page_count > 1
        self.previous.setVisible(paged)
        self.next.setVisible(paged)
        self.previous.setEnabled(composer.page > 0)
        self.next.setEnabled(composer.page < composer.page_count - 1)

    def clear(self) -> None:
        self.pinyin.clear()
        for made in self.buttons:
            made.setText("")
            made.setVisible(False)
