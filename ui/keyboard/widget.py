"""The on-screen keyboard of the kiosk's text fields (a kiosk has no keyboard): pinyin with candidates, letters,
digits and punctuation, and a large number pad for phone and ID numbers.

    keyboard = OnScreenKeyboard()               # one per screen, laid out above or below the content
    keyboard.attach(name_edit, KeyboardMode.CHINESE)   # shows itself and types into name_edit
    keyboard.bind(phone_edit, KeyboardMode.PHONE)      # attaches itself whenever phone_edit takes the focus
    keyboard.detach()                           # a choice, date or yes/no field: no keyboard

Keys are buttons that never take the focus; text goes into the field with ``QLineEdit.insert`` (which keeps the
field's validator and maximum length), and ``edited`` tells the new text. The field's platform input method is
switched off, and key presses stay with the kiosk's lockdown filter, so a keyboard-wedge scanner's burst is still a
scan while the keyboard is up and a field has the focus.
"""

from __future__ import annotations

from enum import StrEnum

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QFrame, QLineEdit, QSizePolicy, QStackedWidget, QVBoxLayout, QWidget
from shiboken6 import isValid

from ui.i18n import translate
from ui.keyboard.boards import LetterBoard, NumberPad
from ui.keyboard.candidates import CandidateBar
from ui.keyboard.engine.composer import Composer
from ui.keyboard.engine.lexicon import Lexicon, shipped_lexicon
from ui.keyboard.engine.syllables import SEPARATOR
from ui.keyboard.style import keyboard_sheet, page_size
from ui.theme import Theme
from ui.widgets.basics import set_text


class KeyboardMode(StrEnum):
    CHINESE = "chinese"  # pinyin with candidates; letters, digits and punctuation a tap away
    LETTERS = "letters"  # Latin letters, lower and upper case, digits and punctuation
    PHONE = "phone"  # the number pad
    ID_NUMBER = "id_number"  # the number pad with X, the check character of a resident ID number


PADS = {KeyboardMode.PHONE, KeyboardMode.ID_NUMBER}
IGNORED = QSizePolicy.Policy.Ignored


class OnScreenKeyboard(QFrame):
    edited = Signal(str)  # the field's whole text, after a key changed it
    finished = Signal()  # the done key

    def __init__(self, lexicon: Lexicon | None = None, theme: Theme | None = None) -> None:
        super().__init__()
        self.setProperty("role", "keyboard")
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.composer = Composer(lexicon or shipped_lexicon())
        self.field: QLineEdit | None = None
        self.mode: KeyboardMode | None = None
        self.pinyin = True  # in Chinese mode: letters compose pinyin, or go into the field as they are
        self.upper = False
        self.marks = False
        self._bound: dict[QLineEdit, KeyboardMode | None] = {}
        self._watched: set[QLineEdit] = set()
        column = QVBoxLayout(self)
        column.setContentsMargins(24, 14, 24, 18)
        column.setSpacing(12)
        self.bar = CandidateBar(self._pick, self._page)
        column.addWidget(self.bar)
        self.boards = QStackedWidget()
        self.letters = LetterBoard(self._text, self._function)
        self.pad = NumberPad(self._text, self._function)
        self.boards.addWidget(self.letters)
        self.boards.addWidget(self.pad)
        column.addWidget(self.boards)
        self._theme: Theme | None = None
        self.apply_theme(theme or Theme())
        self.hide()

    # -- the field ---------------------------------------------------------------------------------------------------
    def attach(self, field: QLineEdit | None, mode: KeyboardMode | None) -> None:
        """Type into ``field`` with the keys of ``mode``; ``None`` (a choice, date or yes/no field) hides it."""
        if field is None or mode is None:
            self.detach()
            return
        if field is not self.field or mode != self.mode:
            self.composer.clear()
            self.field, self.mode = field, mode
            self.pinyin, self.upper, self.marks = mode == KeyboardMode.CHINESE, False, False
            field.setAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled, False)  # no platform IME composes here
            self._watch(field)
        self._refresh()
        self.show()
        if not field.hasFocus():
            field.setFocus(Qt.FocusReason.OtherFocusReason)  # the cursor shows where the text goes

    def detach(self) -> None:
        self.composer.clear()
        self.bar.clear()
        self.field, self.mode = None, None
        self.hide()

    def bind(self, field: QLineEdit, mode: KeyboardMode | None) -> None:
        """Attach to ``field`` whenever it takes the focus or is tapped (also when it had the focus already)."""
        self._bound[field] = mode
        field.installEventFilter(self)
        self._watch(field)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind in {QEvent.Type.FocusIn, QEvent.Type.MouseButtonPress} and watched in self._bound:
            assert isinstance(watched, QLineEdit)
            self.attach(watched, self._bound[watched])
        return False

    def _watch(self, field: QLineEdit) -> None:
        if field not in self._watched:
            self._watched.add(field)
            field.destroyed.connect(lambda _gone=None, field=field: self._field_gone(field))

    def _field_gone(self, field: QLineEdit) -> None:
        """A field was deleted with its screen: forget it, and hide if it was the one typed into."""
        if not isValid(self):
            return  # the keyboard went first, with the same screen
        self._watched.discard(field)
        self._bound.pop(field, None)
        if field is self.field:
            self.detach()

    # -- keys --------------------------------------------------------------------------------------------------------
    def _text(self, text: str) -> None:
        if self.mode == KeyboardMode.CHINESE and self.pinyin and not self.marks and text.isalpha():
            self.composer.type(text)
            self._refresh()
            return
        if self.composer.composing:
            self._pick(0)  # punctuation after pinyin: the best candidate first, as every pinyin keyboard does
        self._insert(text)

    def _function(self, name: str) -> None:
        composer = self.composer
        if name == "erase":
            if not composer.erase() and self.field is not None and self.field.text():
                self.field.backspace()
                self.edited.emit(self.field.text())
        elif name == "space":
            if composer.composing:
                self._pick(0)
            else:
                self._insert(" ")
        elif name == "separator":
            composer.type(SEPARATOR)
        elif name == "shift":
            self.upper = not self.upper
        elif name == "symbols":
            self.marks = not self.marks
        elif name == "script":
            self._insert(composer.take_letters())
            self.pinyin, self.upper, self.marks = not self.pinyin, False, False
        elif name == "done":
            if composer.composing:
                self._insert(composer.take_letters())  # as the enter key of any pinyin keyboard: the letters
            else:
                self.finished.emit()
        self._refresh()

    def _pick(self, index: int) -> None:
        if index < len(self.composer.page_candidates()):
            self._insert(self.composer.pick(index))
        self._refresh()

    def _page(self, step: int) -> None:
        if step > 0:
            self.composer.next_page()
        else:
            self.composer.previous_page()
        self._refresh()

    def _insert(self, text: str) -> None:
        if self.field is not None and text:
            before = self.field.text()
            self.field.insert(text)
            if self.field.text() != before:
                self.edited.emit(self.field.text())

    # -- look ----------------------------------------------------------------------------------------------------------
    def apply_theme(self, theme: Theme) -> None:
        """Elder mode's bigger keys and text, fewer candidates a page; the kiosk's stylesheet with the keyboard's."""
        if theme == self._theme:
            return
        self._theme = theme
        self.composer.page_size = page_size(theme)
        self.setStyleSheet(keyboard_sheet(theme))
        self.ensurePolished()  # every key sized by the sheet before a layout first asks, even while hidden
        self._refresh()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._refresh()  # as many candidates a page as the new width holds

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._refresh()
        super().changeEvent(event)

    def _show_board(self, shown: QWidget) -> None:
        """Show one board, and size the keyboard to it alone: the number pad's tall keys leave no gaps between
        the letter rows (a stack is otherwise as tall as its tallest page)."""
        changed = False
        for page in (self.letters, self.pad):
            policy = QSizePolicy.Policy.Preferred if page is shown else IGNORED
            if page.sizePolicy().verticalPolicy() != policy:
                page.setSizePolicy(policy, policy)
                changed = True
        if changed or self.boards.currentWidget() is not shown:
            self.boards.setCurrentWidget(shown)
            self.boards.updateGeometry()

    def _refresh(self) -> None:
        """Show the composer, the board of the mode and every caption in the current language."""
        chinese = self.mode == KeyboardMode.CHINESE
        composing = chinese and self.pinyin
        self.bar.setVisible(composing)
        if composing:
            self.bar.show_composer(self.composer, translate("Keyboard", "输入拼音，点选汉字"))
        board = self.letters
        self._show_board(self.pad if self.mode in PADS else board)
        if self.mode in PADS:
            self.pad.allow_x(self.mode == KeyboardMode.ID_NUMBER)
        elif self.marks:
            board.show_marks(chinese=composing)
        else:
            board.show_letters(upper=self.upper and not composing)
        board.script.setVisible(chinese)
        board.separator.setVisible(composing and not self.marks)
        board.shift.setVisible(not composing)
        board.shift.setChecked(self.upper)
        board.symbols.setChecked(self.marks)
        set_text(board.script, translate("Keyboard", "英文") if self.pinyin else translate("Keyboard", "拼音"))
        set_text(board.symbols, translate("Keyboard", "字母") if self.marks else translate("Keyboard", "符号"))
        set_text(board.shift, translate("Keyboard", "大写"))
        set_text(board.space, translate("Keyboard", "空格"))
        set_text(board.done, translate("Keyboard", "完成"))
        set_text(self.pad.done, translate("Keyboard", "完成"))
