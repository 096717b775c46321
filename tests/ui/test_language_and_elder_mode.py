"""One tap changes every word on screen to English and back; elder mode makes every text larger."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QLabel, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from kiosk.flows.guide import BrowseBy, GuideFlow
from kiosk.flows.screens import CHECK_IN, GUIDE, RATE, TAKE_NUMBER
from tests.ui.conftest import settle, tap, text_of
from ui.app import KioskUi
from ui.widgets.basics import DATA
from ui.widgets.grid import TextButton
from ui.widgets.tile import Tile


def texts_on_screen(root: QWidget) -> dict[QWidget, str]:
    """Every visible label and button with words of the UI's own (the hall's data stays in its language)."""
    found: dict[QWidget, str] = {}
    for widget in root.findChildren(QLabel) + root.findChildren(QPushButton):
        if not widget.isVisible() or widget.property(DATA) or isinstance(widget, TextButton | Tile):
            continue  # a TextButton's or Tile's words are its labels, checked on their own
        text = text_of(widget)
        if text:
            found[widget] = text
    return found


def font_sizes(root: QWidget) -> dict[QWidget, int]:
    return {
        widget: widget.font().pixelSize()
        for widget in root.findChildren(QLabel) + root.findChildren(QPushButton)
        if widget.isVisible() and text_of(widget) and not isinstance(widget, TextButton | Tile)
    }


SCREENS = ["home", TAKE_NUMBER, CHECK_IN, GUIDE, RATE]


@pytest.mark.parametrize("screen", SCREENS)
def test_the_language_switch_changes_every_word(qtbot: QtBot, kiosk_ui: KioskUi, screen: str) -> None:
    if screen != "home":
        kiosk_ui.ui.go(screen)
    settle(qtbot, kiosk_ui)
    chinese = texts_on_screen(kiosk_ui.window)
    assert len(chinese) >= 5
    tap(qtbot, kiosk_ui.window.footer.language)
    settle(qtbot, kiosk_ui)
    english = texts_on_screen(kiosk_ui.window)
    if screen == "home":  # longer English words: home makes room by dropping the hours column (docs/ui.md)
        assert set(english) <= set(chinese), "English shows nothing Chinese does not"
    else:
        assert set(english) == set(chinese), "the same widgets show in both languages"
    same = {chinese[w]: english[w] for w in english if chinese[w] == english[w]}
    assert not same, f"not translated: {same}"
    assert all(not any("\u4e00" <= c <= "\u9fff" for c in text) for text in english.values() if text != "中文")
    tap(qtbot, kiosk_ui.window.footer.language)
    settle(qtbot, kiosk_ui)
    assert texts_on_screen(kiosk_ui.window) == chinese


def test_the_guide_search_keyboard_switches_too(qtbot: QtBot, kiosk_ui: KioskUi) -> None:
    kiosk_ui.ui.go(GUIDE)
    settle(qtbot, kiosk_ui)
    flow = kiosk_ui.kiosk.flow
    assert isinstance(flow, GuideFlow)
    kiosk_ui.ui.act(lambda: flow.browse(BrowseBy.SEARCH))
    chinese = texts_on_screen(kiosk_ui.window)
    tap(qtbot, kiosk_ui.window.footer.language)
    english = texts_on_screen(kiosk_ui.window)
    assert all(chinese[w] != english[w] for w in chinese)


@pytest.mark.parametrize("screen", SCREENS)
def test_elder_mode_makes_every_text_larger(qtbot: QtBot, kiosk_ui: KioskUi, screen: str) -> None:
    if screen != "home":
        kiosk_ui.ui.go(screen)
    settle(qtbot, kiosk_ui)
    normal = font_sizes(kiosk_ui.window)
    tap(qtbot, kiosk_ui.window.footer.elder)
    settle(qtbot, kiosk_ui)
    elder = font_sizes(kiosk_ui.window)
    common = set(normal) & set(elder)
    assert len(common) >= 5
    smaller = {text_of(w): (normal[w], elder[w]) for w in common if elder[w] <= normal[w]}
    assert not smaller, f"not larger in elder mode: {smaller}"
    assert kiosk_ui.kiosk.idle.timeout_s == kiosk_ui.kiosk.settings.elder_idle_timeout_s
