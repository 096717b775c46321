"""The keyboard's key boards: letters (pinyin or Latin) with digits and punctuation, and the large number pad."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ui.keyboard.engine.syllables import SEPARATOR
from ui.widgets.basics import button

ERASE = "⌫"
LETTER_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")
DIGITS = "1234567890"
# Punctuation for Chinese text (full width) and for Latin text; ten a row.
CHINESE_MARKS = ("，。、？！：；“”…", "（）《》—·@#%-")
LATIN_MARKS = (",.?!:;'\"()", "-_/@#&*+=%")


def key(role: str, text: str, on_click: Callable[[], None]) -> QPushButton:
    made = button(role, on_click, data=True)  # a key's caption is the character it types, in every language
    made.setText(text)
    return made


class LetterBoard(QWidget):
    """Three rows of letters (or of digits and punctuation), then the row of function keys."""

    def __init__(self, on_text: Callable[[str], None], on_function: Callable[[str], None]) -> None:
        super().__init__()
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(10)
        self.rows = QStackedWidget()
        column.addWidget(self.rows)
        self.letters: dict[str, QPushButton] = {}
        letters = QWidget()
        grid = QGridLayout(letters)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(8)
        grid.setVerticalSpacing(12)
        for row, keys in enumerate(LETTER_ROWS):
            for index, letter in enumerate(keys):
                made = key("key", letter, partial(self._letter, letter))
                # Rows are offset by half a key, as on a real keyboard: each key spans two grid columns.
                grid.addWidget(made, row, index * 2 + row, 1, 2)
                self.letters[letter] = made
        self.shift = button("function", lambda: on_function("shift"))
        self.shift.setCheckable(True)
        grid.addWidget(self.shift, 2, 0, 1, 2)
        self.erase = key("function", ERASE, lambda: on_function("erase"))
        grid.addWidget(self.erase, 2, 16, 1, 4)
        self.rows.addWidget(letters)
        marks = QWidget()
        marks_grid = QGridLayout(marks)
        marks_grid.setContentsMargins(0, 0, 0, 0)
        marks_grid.setHorizontalSpacing(8)
        marks_grid.setVerticalSpacing(12)
        self.marks: list[QPushButton] = []
        for row in range(3):
            for index in range(10):
                made = button("key", None, data=True)
                made.clicked.connect(lambda _checked=False, m=made: on_text(m.text()))
                marks_grid.addWidget(made, row, index)
                self.marks.append(made)
        self.rows.addWidget(marks)
        self._on_text = on_text
        self.upper = False
        self.show_marks(chinese=True)  # captions from the start: an empty key would ask for more width
        self.show_letters(upper=False)
        bottom = QHBoxLayout()
        bottom.setSpacing(8)
        self.script = button("function", lambda: on_function("script"))  # 拼音 <-> 英文
        self.symbols = button("function", lambda: on_function("symbols"))
        self.symbols.setCheckable(True)
        self.separator = key("function", SEPARATOR, lambda: on_function("separator"))
        self.space = button("function", lambda: on_function("space"))
        self.done = button("primary", lambda: on_function("done"))
        for made, stretch in (
            (self.script, 2),
            (self.symbols, 2),
            (self.separator, 1),
            (self.space, 5),
            (self.done, 2),
        ):
            bottom.addWidget(made, stretch)
        column.addLayout(bottom)

    def _letter(self, letter: str) -> None:
        self._on_text(letter.upper() if self.upper else letter)

    def show_letters(self, *, upper: bool) -> None:
        self.upper = upper
        for letter, made in self.letters.items():
            made.setText(letter.upper() if upper else letter)
        self.rows.setCurrentIndex(0)

    def show_marks(self, *, chinese: bool) -> None:
        rows = (DIGITS, *(CHINESE_MARKS if chinese else LATIN_MARKS))
        for made, text in zip(self.marks, "".join(rows), strict=True):
            made.setText(text)
        self.rows.setCurrentIndex(1)


class NumberPad(QWidget):
    """Large keys for phone and ID numbers: 0-9, X (the ID number's check character) when asked, erase, done."""

    def __init__(self, on_text: Callable[[str], None], on_function: Callable[[str], None]) -> None:
        super().__init__()
        outer = QHBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addStretch(1)
        pad = QWidget()
        pad.setMaximumWidth(900)
        grid = QGridLayout(pad)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(14)
        self.digits: dict[str, QPushButton] = {}
        for index, digit in enumerate("123456789"):
            self.digits[digit] = key("pad", digit, partial(on_text, digit))
            grid.addWidget(self.digits[digit], index // 3, index % 3)
        self.x_key = key("pad", "X", partial(on_text, "X"))
        self.digits["0"] = key("pad", "0", partial(on_text, "0"))
        grid.addWidget(self.x_key, 3, 0)
        grid.addWidget(self.digits["0"], 3, 1)
        self.erase = key("pad", ERASE, lambda: on_function("erase"))
        grid.addWidget(self.erase, 3, 2)
        self.done = button("pad-done", lambda: on_function("done"))
        self.done.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        grid.addWidget(self.done, 0, 3, 4, 1)
        for column, stretch in enumerate((3, 3, 3, 4)):
            grid.setColumnStretch(column, stretch)
        outer.addWidget(pad, 6)
        outer.addStretch(1)

    def allow_x(self, allowed: bool) -> None:
        # Kept in place but blank for a phone number, so the keys do not move between the two fields.
        self.x_key.setText("X" if allowed else "")
        self.x_key.setEnabled(allowed)
