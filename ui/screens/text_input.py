"""Text fields of the filing and progress screens. A kiosk has no keyboard: each field declares here, in one place,
which on-screen keyboard it needs, so the keyboard attaches to every field the same way."""

from __future__ import annotations

from typing import Literal

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit

from common.hallapi.forms import FieldType

InputMode = Literal["chinese", "letters", "numeric", "id_number"]
INPUT_MODE = "input_mode"  # the Qt property holding a field's mode

# The keyboard a form field's type needs: digits for numbers, phones and dates, the ID keypad (digits and X).
MODE_BY_TYPE: dict[FieldType, InputMode] = {
    "text": "chinese",
    "number": "numeric",
    "phone": "numeric",
    "date": "numeric",
    "id_number": "id_number",
}


def text_input(mode: InputMode, *, max_length: int = 200) -> QLineEdit:
    """A line edit for the citizen's text, with its input mode recorded (``input_mode(edit)``)."""
    edit = QLineEdit()
    edit.setProperty(INPUT_MODE, mode)
    edit.setMaxLength(max_length)
    edit.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
    edit.setClearButtonEnabled(False)
    return edit


def input_mode(edit: QLineEdit) -> InputMode:
    mode = edit.property(INPUT_MODE)
    assert mode in ("chinese", "letters", "numeric", "id_number"), mode
    return mode  # type: ignore[no-any-return]


def set_input_mode(edit: QLineEdit, mode: InputMode) -> None:
    """A field reused for another type (the form shows one field at a time) changes its keyboard."""
    edit.setProperty(INPUT_MODE, mode)
