"""A keyboard-wedge scanner's burst is still a scan while the on-screen keyboard is up and a text field has focus."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot

from kiosk.flows.check_in import CheckInFlow, CheckInStep
from kiosk.flows.screens import CHECK_IN
from kiosk.station.services import StationServices
from tests.ui.conftest import settle, visible_texts
from ui.app import KioskUi
from ui.keyboard.widget import KeyboardMode, OnScreenKeyboard


@pytest.fixture
def station_config(station_config: Path) -> Iterator[Path]:
    """The shipped station with a keyboard-wedge scanner in place of the serial one."""
    text = station_config.read_text(encoding="utf-8")
    section = text.index("[devices.scanner]")
    start = text.index('url = "sim://"', section)
    station_config.write_text(text[:start] + 'url = "keyboard://"' + text[start + len('url = "sim://"') :])
    yield station_config


def test_a_scan_reaches_the_screen_past_a_focused_field(
    qtbot: QtBot, kiosk_ui: KioskUi, services: StationServices
) -> None:
    assert services.devices.key_scanner() is not None
    kiosk_ui.ui.go(CHECK_IN)
    settle(qtbot, kiosk_ui)
    flow = kiosk_ui.kiosk.flow
    assert isinstance(flow, CheckInFlow)
    screen = kiosk_ui.window.screens[CHECK_IN]
    field = QLineEdit()
    keyboard = OnScreenKeyboard()
    screen.column.addWidget(field)
    screen.column.addWidget(keyboard)
    keyboard.attach(field, KeyboardMode.CHINESE)
    qtbot.waitUntil(lambda: keyboard.isVisible() and field.hasFocus())
    for letter in "ni":
        qtbot.mouseClick(keyboard.letters.letters[letter], Qt.MouseButton.LeftButton)

    QTest.keyClicks(field, "NOSUCHAPPT1")  # as fast as a scanner types, into the focused field
    QTest.keyClick(field, Qt.Key.Key_Return)

    settle(qtbot, kiosk_ui, lambda: flow.message is not None)
    assert flow.step is CheckInStep.CHOOSE  # the hall looked the code up and refused it, on screen
    shown = "".join(visible_texts(kiosk_ui.window)).replace("\n", "")  # the refusal box: a sentence a line
    assert flow.message is not None and flow.message.zh in shown
    assert field.text() == "" and keyboard.composer.letters == "ni"  # neither the field nor the pinyin took it
    qtbot.mouseClick(keyboard.bar.buttons[0], Qt.MouseButton.LeftButton)
    assert field.text() == "你"  # and the keyboard still types
