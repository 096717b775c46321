"""Text fields of the filing and progress screens. A kiosk has no keyboard: each field declares here, in one place,
which on-screen keyboard it needs, so the keyboard attaches to every field the same way."""

from __future__ import annotations

from typing import Literal

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit

from common.hallapi.forms import FieldType, FormField
from ui.keyboard.widget import KeyboardMode, OnScreenKeyboard

# The on-screen keyboard's modes (ui/keyboard's KeyboardMode values): pinyin with candidates; Latin letters with
# digits and punctuation; the number pad; the number pad with X (an ID number's check character).
InputMode = Literal["chinese", "letters", "phone", "id_number"]
MODES: tuple[InputMode, ...] = ("chinese", "letters", "phone", "id_number")
INPUT_MODE = "input_mode"  # the Qt property holding a field's mode

# The keyboard a form field's type needs. A date is typed as 1990-03-07: its hyphens are on the letters board, not
# on the number pad.
MODE_BY_TYPE: dict[FieldType, InputMode] = {
    "text": "chinese",
    "number": "phone",
    "phone": "phone",
    "date": "letters",
    "id_number": "id_number",
}


def field_mode(spec: FormField) -> InputMode:
    """A form field's keyboard. A text field whose pattern names no Chinese characters is a code (出生医学证明编号
    ``[A-Z][0-9]{9}``): typed on the letters board, not through pinyin."""
    if spec.type == "text" and spec.pattern is not None and not any("\u3400" <= c <= "\u9fff" for c in spec.pattern):
        return "letters"
    return MODE_BY_TYPE[spec.type]


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
    assert mode in MODES, mode
    return mode  # type: ignore[no-any-return]


def set_input_mode(edit: QLineEdit, mode: InputMode) -> None:
    """A field reused for another type (the form shows one field at a time) changes its keyboard."""
    edit.setProperty(INPUT_MODE, mode)


def show_keyboard(keyboard: OnScreenKeyboard, edit: QLineEdit | None) -> None:
    """The keyboard types into ``edit`` with the keys its mode needs; None (no text field on the page) hides it."""
    if edit is None:
        if keyboard.field is not None:
            keyboard.detach()
        return
    mode = KeyboardMode(input_mode(edit))
    keyboard.bind(edit, mode)  # a tap on the field brings the keyboard back after its done key hid it
    keyboard.attach(edit, mode)
