"""Every UI string has its English in kiosk_en.ts, the shipped .qm is built from it, the flows' words come in
both languages, and Chinese renders with real glyphs (no missing-glyph boxes)."""

from __future__ import annotations

import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QFontInfo, QImage, QPainter, QRawFont
from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot

import kiosk.flows.booking
import kiosk.flows.booking_labels
import kiosk.flows.booking_manage
import kiosk.flows.booking_words
import kiosk.flows.card
import kiosk.flows.check_in
import kiosk.flows.filing_materials
import kiosk.flows.filing_steps
import kiosk.flows.filing_submit
import kiosk.flows.filing_work
import kiosk.flows.guide
import kiosk.flows.machine
import kiosk.flows.offers
import kiosk.flows.progress
import kiosk.flows.rate
import kiosk.flows.take_number
from devices.words import Words
from kiosk.flows.screens import default_registry
from tests.ui.conftest import settle
from ui.app import KioskUi
from ui.i18n import QM_FILE, TS_FILE
from ui.i18n.build import release, update
from ui.theme import Theme


def is_cjk(character: str) -> bool:
    return "\u3400" <= character <= "\u9fff" or "\U00020000" <= character <= "\U0002ffff"


def messages(ts_file: Path) -> list[ET.Element]:
    return list(ET.parse(ts_file).getroot().iter("message"))


def test_every_ui_string_has_its_english(tmp_path: Path) -> None:
    fresh = tmp_path / "kiosk_en.ts"
    shutil.copyfile(TS_FILE, fresh)
    update(fresh)  # what pyside6-lupdate finds in ui/ now
    found = messages(fresh)
    assert len(found) > 100
    missing = [m.findtext("source") for m in found if m.find("translation").get("type") == "unfinished"]  # type: ignore[union-attr]
    gone = [m.findtext("source") for m in found if m.find("translation").get("type") == "vanished"]  # type: ignore[union-attr]
    assert not missing, f"untranslated (fill them in {TS_FILE}): {missing}"
    assert not gone, f"strings no longer in the code (run python -m ui.i18n.build): {gone}"
    assert fresh.read_text(encoding="utf-8") == TS_FILE.read_text(encoding="utf-8"), "run python -m ui.i18n.build"


def test_the_shipped_qm_is_built_from_the_ts(tmp_path: Path) -> None:
    built = tmp_path / "kiosk_en.qm"
    release(TS_FILE, built)
    assert built.read_bytes() == QM_FILE.read_bytes(), "run python -m ui.i18n.build"


FLOW_MODULES = [
    kiosk.flows.card, kiosk.flows.check_in, kiosk.flows.guide, kiosk.flows.machine, kiosk.flows.offers,
    kiosk.flows.rate, kiosk.flows.take_number, kiosk.flows.filing_steps, kiosk.flows.filing_materials,
    kiosk.flows.filing_submit, kiosk.flows.filing_work, kiosk.flows.progress, kiosk.flows.booking_labels,
    kiosk.flows.booking_words, kiosk.flows.booking, kiosk.flows.booking_manage,
]  # fmt: skip


def flow_words() -> list[Words]:
    found: list[Words] = []
    for module in FLOW_MODULES:
        for value in vars(module).values():
            if isinstance(value, Words):
                found.append(value)
            elif isinstance(value, dict):
                found.extend(v for v in value.values() if isinstance(v, Words))
    for _name, tile in default_registry().tiles():
        found.extend([tile.title, tile.hint])
    return found


def test_the_flows_words_are_chinese_and_english() -> None:
    words = flow_words()
    assert len(words) > 25
    for pair in words:
        assert any(is_cjk(c) for c in pair.zh), pair
        assert pair.en and not any(is_cjk(c) for c in pair.en), pair


def glyph_image(font: QFont, character: str) -> bytes:
    image = QImage(96, 96, QImage.Format.Format_Grayscale8)
    image.fill(QColor("white"))
    painter = QPainter(image)
    painter.setFont(font)
    painter.setPen(QColor("black"))
    painter.drawText(image.rect(), Qt.AlignmentFlag.AlignCenter, character)
    painter.end()
    return bytes(image.constBits())  # type: ignore[arg-type]


@pytest.mark.usefixtures("qapp")
def test_every_chinese_character_of_the_ui_has_a_real_glyph() -> None:
    font = Theme().font()
    font.setPixelSize(64)
    assert "CJK" in QFontInfo(font).family(), QFontInfo(font).family()
    raw = QRawFont.fromFont(font)
    sources = [m.findtext("source") or "" for m in messages(TS_FILE)]
    sources += [pair.zh for pair in flow_words()]
    characters = sorted({c for text in sources for c in text if is_cjk(c)})
    assert len(characters) > 300
    missing = [c for c in characters if not raw.supportsCharacter(ord(c))]
    assert not missing, f"no glyph for {missing}"
    # A missing glyph draws the same empty box for every character: the drawings must all differ, and differ from
    # what the font draws for a character it does not have (a private-use code point).
    sample = characters[:: max(1, len(characters) // 40)]
    drawings = {glyph_image(font, c) for c in sample}
    assert len(drawings) == len(sample)
    assert glyph_image(font, "\ue000") not in drawings


def test_the_labels_on_screen_use_a_font_that_has_their_characters(qtbot: QtBot, kiosk_ui: KioskUi) -> None:
    settle(qtbot, kiosk_ui)
    labels = [label for label in kiosk_ui.window.findChildren(QLabel) if label.isVisible() and label.text()]
    assert labels
    for label in labels:
        raw = QRawFont.fromFont(label.font())
        lacking = [c for c in label.text() if is_cjk(c) and not raw.supportsCharacter(ord(c))]
        assert not lacking, (label.text(), QFontInfo(label.font()).family())
    assert QApplication.font().families()[0] == "Noto Sans CJK SC"
