"""On-screen input (a kiosk has no keyboard): a numeric keypad for PINs and a letter keyboard for pinyin initials."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from PySide6.QtWidgets import QGridLayout, QPushButton, QWidget

from ui.widgets.basics import button, set_text

ERASE = "⌫"
LETTER_ROWS = ("QWERTYUIOP", "ASDFGHJKL", "ZXCVBNM")


class NumericKeypad(QWidget):
    """1-9, then erase, 0, confirm; ``on_key`` gets a digit, ``on_erase`` and ``on_enter`` the others."""

    def __init__(
        self, on_key: Callable[[str], None], on_erase: Callable[[], None], on_enter: Callable[[], None]
    ) -> None:
        super().__init__()
        grid = QGridLayout(self)
        grid.setSpacing(16)
        grid.setContentsMargins(0, 0, 0, 0)
        for index, digit in enumerate("123456789"):
            key = button("key", partial(on_key, digit), data=True)
            key.setText(digit)
            grid.addWidget(key, index // 3, index % 3)
        erase = button("key", on_erase, data=True)
        erase.setText(ERASE)
        zero = button("key", lambda: on_key("0"), data=True)
        zero.setText("0")
        self.enter = button("primary", on_enter)
        grid.addWidget(erase, 3, 0)
        grid.addWidget(zero, 3, 1)
        grid.addWidget(self.enter, 3, 2)

    def set_enter_text(self, text: str) -> None:
        set_text(self.enter, text)


class LetterKeyboard(QWidget):
    """A QWERTY letter board: pinyin initials are typed as letters (身份证 -> s f z)."""

    def __init__(self, on_letter: Callable[[str], None], on_erase: Callable[[], None]) -> None:
        super().__init__()
        grid = QGridLayout(self)
        grid.setSpacing(10)
        grid.setContentsMargins(0, 0, 0, 0)
        self.keys: list[QPushButton] = []
        for row, letters in enumerate(LETTER_ROWS):
            for column, letter in enumerate(letters):
                key = button("key", partial(on_letter, letter), data=True)
                key.setText(letter)
                # Rows are offset by half a key, as on a real keyboard: each key spans two grid columns.
                grid.addWidget(key, row, column * 2 + row, 1, 2)
                self.keys.append(key)
        erase = button("key", on_erase, data=True)
        erase.setText(ERASE)
        grid.addWidget(erase, 2, 2 * len(LETTER_ROWS[2]) + 2, 1, 3)
