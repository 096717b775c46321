"""The on-screen keyboard as a citizen taps it: pinyin and candidates, letters, the number pad, elder mode, English."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QRawFont, QRegularExpressionValidator
from PySide6.QtWidgets import QLineEdit, QPushButton, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from ui.app import application
from ui.i18n import Translations
from ui.keyboard.engine.lexicon import SHIPPED
from ui.keyboard.widget import KeyboardMode, OnScreenKeyboard
from ui.theme import Theme, stylesheet


class Form:
    """A line edit with the keyboard under it, 1080 px wide as on the kiosk's portrait screen."""

    def __init__(self, qtbot: QtBot, theme: Theme) -> None:
        self.host = QWidget()
        self.host.setStyleSheet(stylesheet(theme))
        column = QVBoxLayout(self.host)
        self.field = QLineEdit()
        self.other = QLineEdit()
        column.addWidget(self.field)
        column.addWidget(self.other)
        column.addStretch(1)
        self.keyboard = OnScreenKeyboard(theme=theme)
        column.addWidget(self.keyboard)
        qtbot.addWidget(self.host)
        self.host.resize(1080, 1200)
        self.host.show()
        self.qtbot = qtbot

    def tap(self, button: QPushButton) -> None:
        assert button.isVisible() and button.isEnabled(), f"cannot tap {button.text()!r}"
        self.qtbot.mouseClick(button, Qt.MouseButton.LeftButton)

    def type_letters(self, letters: str) -> None:
        for letter in letters:
            self.tap(self.keyboard.letters.letters[letter])

    def candidates(self) -> list[str]:
        return [b.text() for b in self.keyboard.bar.buttons if b.isVisible()]

    def pick(self, text: str) -> None:
        shown = self.candidates()
        assert text in shown, f"{text} not among {shown}"
        self.tap(self.keyboard.bar.buttons[shown.index(text)])


@pytest.fixture
def form(qtbot: QtBot) -> Form:
    application()
    return Form(qtbot, Theme())


@pytest.fixture
def english() -> Iterator[Translations]:
    translations = Translations()
    translations.apply("en")
    yield translations
    translations.apply("zh_CN")


def test_typing_zhang_and_tapping_zhang_puts_it_in_the_field(form: Form) -> None:
    edits: list[str] = []
    form.keyboard.edited.connect(edits.append)
    form.keyboard.attach(form.field, KeyboardMode.CHINESE)
    assert form.keyboard.isVisible() and form.field.hasFocus()
    form.type_letters("zhang")
    assert form.keyboard.bar.pinyin.text() == "zhang" and form.field.text() == ""
    form.pick("张")
    assert form.field.text() == "张" and edits == ["张"]
    assert form.keyboard.bar.pinyin.text() == "" and form.candidates() == []


def test_a_phrase_and_a_name_of_two_syllables(form: Form) -> None:
    form.keyboard.attach(form.field, KeyboardMode.CHINESE)
    form.type_letters("beijingshi")
    assert form.keyboard.bar.pinyin.text() == "bei'jing'shi"
    form.pick("北京市")
    form.type_letters("zhangsan")
    assert form.candidates()[0] == "张三"
    form.tap(form.keyboard.letters.space)  # space takes the first candidate
    assert form.field.text() == "北京市张三"


def test_paging_through_candidates(form: Form) -> None:
    form.keyboard.attach(form.field, KeyboardMode.CHINESE)
    form.type_letters("shi")
    bar = form.keyboard.bar
    first = form.candidates()
    assert first[0] == "是" and not bar.previous.isEnabled() and bar.next.isEnabled()
    form.tap(bar.next)
    second = form.candidates()
    assert second and not set(second) & set(first) and bar.previous.isEnabled()
    form.pick(second[0])
    assert form.field.text() == second[0]
    form.type_letters("shi")
    assert form.candidates() == first  # a new word starts on the first page


def test_erase_takes_pinyin_letters_before_the_fields_text(form: Form) -> None:
    form.keyboard.attach(form.field, KeyboardMode.CHINESE)
    form.type_letters("zhang")
    form.pick("张")
    form.type_letters("sa")
    erase = form.keyboard.letters.erase
    form.tap(erase)
    assert form.keyboard.bar.pinyin.text() == "s" and form.field.text() == "张"
    form.tap(erase)
    assert form.keyboard.bar.pinyin.text() == "" and form.field.text() == "张"
    form.tap(erase)
    assert form.field.text() == ""


def test_letters_upper_case_digits_and_punctuation(form: Form) -> None:
    keyboard = form.keyboard
    keyboard.attach(form.field, KeyboardMode.LETTERS)
    assert not keyboard.bar.isVisible() and not keyboard.letters.script.isVisible()
    form.type_letters("ab")
    form.tap(keyboard.letters.shift)
    form.type_letters("c")
    form.tap(keyboard.letters.symbols)
    marks = {b.text(): b for b in keyboard.letters.marks}
    form.tap(marks["7"])
    form.tap(marks["@"])
    assert form.field.text() == "abC7@"


def test_chinese_mode_switches_to_latin_letters_and_full_width_punctuation(form: Form) -> None:
    keyboard = form.keyboard
    keyboard.attach(form.field, KeyboardMode.CHINESE)
    form.tap(keyboard.letters.symbols)
    assert "，" in [b.text() for b in keyboard.letters.marks]
    form.tap(keyboard.letters.symbols)
    form.tap(keyboard.letters.script)
    form.type_letters("abc")
    assert form.field.text() == "abc" and not keyboard.bar.isVisible()


def test_the_id_number_pad_types_digits_and_x_into_a_validated_field(form: Form) -> None:
    form.field.setValidator(QRegularExpressionValidator(r"\d{0,17}[\dX]?"))
    form.keyboard.attach(form.field, KeyboardMode.ID_NUMBER)
    pad = form.keyboard.pad
    assert pad.isVisible() and not form.keyboard.letters.isVisible()
    for digit in "11010519491231002":
        form.tap(pad.digits[digit])
    form.tap(pad.x_key)
    form.tap(pad.digits["5"])  # one past the eighteen the field takes: refused by its validator
    assert form.field.text() == "11010519491231002X"
    form.tap(pad.erase)
    assert form.field.text() == "11010519491231002"
    finished: list[bool] = []
    form.keyboard.finished.connect(lambda: finished.append(True))
    form.tap(pad.done)
    assert finished == [True]


def test_a_phone_number_has_no_x_and_choice_fields_hide_the_keyboard(form: Form) -> None:
    form.keyboard.attach(form.field, KeyboardMode.PHONE)
    assert not form.keyboard.pad.x_key.isEnabled() and form.keyboard.pad.x_key.text() == ""
    form.keyboard.attach(None, None)
    assert not form.keyboard.isVisible()


def test_a_bound_field_brings_its_keyboard_when_tapped(form: Form) -> None:
    form.keyboard.bind(form.field, KeyboardMode.CHINESE)
    form.keyboard.bind(form.other, KeyboardMode.PHONE)
    form.other.setFocus()
    form.qtbot.waitUntil(lambda: form.keyboard.mode == KeyboardMode.PHONE)
    assert form.keyboard.field is form.other and form.keyboard.pad.isVisible()
    form.field.setFocus()
    form.qtbot.waitUntil(lambda: form.keyboard.mode == KeyboardMode.CHINESE)
    form.type_letters("ni")
    form.pick("你")
    assert form.field.text() == "你" and form.other.text() == ""


def test_elder_mode_has_bigger_keys_and_text_and_fewer_candidates(qtbot: QtBot) -> None:
    application()
    normal, elder = Form(qtbot, Theme()), Form(qtbot, Theme(elder=True))
    for made in (normal, elder):
        made.keyboard.attach(made.field, KeyboardMode.CHINESE)
        made.type_letters("shi")
    for pick in (
        lambda f: f.keyboard.letters.letters["q"],
        lambda f: f.keyboard.bar.buttons[0],
        lambda f: f.keyboard.letters.done,
    ):
        small, big = pick(normal), pick(elder)
        assert big.height() > small.height() and big.font().pixelSize() > small.font().pixelSize()
    assert len(elder.candidates()) < len(normal.candidates())
    for made in (normal, elder):  # rows of keys, one under another, none over another
        rows = [made.keyboard.letters.letters[k].geometry() for k in "qaz"]
        assert rows[0].bottom() < rows[1].top() and rows[1].bottom() < rows[2].top()
    for made in (normal, elder):
        made.keyboard.attach(made.field, KeyboardMode.ID_NUMBER)
    assert elder.keyboard.pad.digits["1"].height() > normal.keyboard.pad.digits["1"].height()
    # It fits the portrait screen between the screens' margins, and never widened its window.
    assert elder.keyboard.minimumSizeHint().width() <= 1080 - 2 * 48
    assert elder.host.width() == 1080


def test_captions_follow_the_language(form: Form, english: Translations) -> None:
    keyboard = form.keyboard
    keyboard.attach(form.field, KeyboardMode.CHINESE)
    form.qtbot.waitUntil(lambda: keyboard.letters.done.text() == "Done")
    assert keyboard.letters.space.text() == "Space" and keyboard.letters.symbols.text() == "Symbols"
    assert keyboard.bar.hint.text() == "Type pinyin, then tap the character"
    english.apply("zh_CN")
    form.qtbot.waitUntil(lambda: keyboard.letters.done.text() == "完成")
    assert keyboard.letters.space.text() == "空格" and keyboard.pad.done.text() == "完成"


def test_a_tap_on_the_field_brings_the_keyboard_back(form: Form) -> None:
    form.keyboard.bind(form.field, KeyboardMode.CHINESE)
    form.qtbot.mouseClick(form.field, Qt.MouseButton.LeftButton)
    form.qtbot.waitUntil(form.keyboard.isVisible)
    form.keyboard.detach()  # e.g. a choice field came and went; the line edit kept the focus
    assert form.field.hasFocus() and not form.keyboard.isVisible()
    form.qtbot.mouseClick(form.field, Qt.MouseButton.LeftButton)
    assert form.keyboard.isVisible() and form.keyboard.field is form.field


def test_a_field_deleted_with_its_page_takes_the_keyboard_away(form: Form) -> None:
    form.keyboard.bind(form.other, KeyboardMode.PHONE)
    form.keyboard.attach(form.field, KeyboardMode.CHINESE)
    form.type_letters("ni")
    form.field.deleteLater()
    form.qtbot.waitUntil(lambda: not form.keyboard.isVisible())
    assert form.keyboard.field is None and not form.keyboard.composer.composing
    form.other.setFocus()
    form.qtbot.waitUntil(form.keyboard.isVisible)
    form.tap(form.keyboard.pad.digits["1"])
    assert form.other.text() == "1"


@pytest.mark.usefixtures("qapp")
def test_every_character_the_keyboard_offers_has_a_glyph() -> None:
    font = Theme().font()
    raw = QRawFont.fromFont(font)
    offered = {c for c in SHIPPED.read_text(encoding="utf-8") if ord(c) > 0x2FFF}
    assert len(offered) > 20_000
    missing = sorted(f"U+{ord(c):04X}" for c in offered if not raw.supportsCharacter(ord(c)))
    assert not missing, f"candidates that would show as boxes: {missing[:20]}"


def test_english_captions_fit_their_keys_in_elder_mode(qtbot: QtBot, english: Translations) -> None:
    elder = Form(qtbot, Theme(elder=True))
    keyboard = elder.keyboard
    for mode, symbols in [(KeyboardMode.CHINESE, False), (KeyboardMode.LETTERS, True), (KeyboardMode.ID_NUMBER, False)]:
        keyboard.attach(elder.field, mode)
        if symbols:
            elder.tap(keyboard.letters.symbols)
        qtbot.waitUntil(lambda: keyboard.letters.done.text() == "Done")
        shown = [b for b in keyboard.findChildren(QPushButton) if b.isVisible() and b.text()]
        clipped = [b.text() for b in shown if b.width() < b.sizeHint().width()]  # its text and padding
        assert not clipped, f"{mode}: captions cut off: {clipped}"
