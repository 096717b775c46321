"""A USB scanner that types (keyboard://): its burst of keys reaches the flows as a scan; slow typing does not."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from kiosk.flows.check_in import CheckInFlow, CheckInStep
from kiosk.flows.screens import CHECK_IN
from kiosk.station.services import StationServices
from tests.ui.conftest import settle, visible_texts
from ui.app import KioskUi


@pytest.fixture
def station_config(station_config: Path) -> Iterator[Path]:
    """The shipped station with a keyboard-wedge scanner in place of the serial one."""
    text = station_config.read_text(encoding="utf-8")
    section = text.index("[devices.scanner]")
    start = text.index('url = "sim://"', section)
    station_config.write_text(text[:start] + 'url = "keyboard://"' + text[start + len('url = "sim://"') :])
    yield station_config


def check_in_screen(qtbot: QtBot, kiosk_ui: KioskUi) -> CheckInFlow:
    kiosk_ui.ui.go(CHECK_IN)
    settle(qtbot, kiosk_ui)
    flow = kiosk_ui.kiosk.flow
    assert isinstance(flow, CheckInFlow)
    return flow


def test_a_burst_of_keys_is_a_scan(qtbot: QtBot, kiosk_ui: KioskUi, services: StationServices) -> None:
    assert services.devices.key_scanner() is not None and services.devices.can_scan()
    flow = check_in_screen(qtbot, kiosk_ui)
    QTest.keyClicks(kiosk_ui.window, "NOSUCHAPPT1")  # as fast as a scanner types
    QTest.keyClick(kiosk_ui.window, Qt.Key.Key_Return)
    settle(qtbot, kiosk_ui, lambda: flow.message is not None)
    assert flow.step is CheckInStep.CHOOSE  # the hall looked the code up and refused it, on screen
    shown = "".join(visible_texts(kiosk_ui.window)).replace("\n", "")  # the refusal box: a sentence a line
    assert flow.message is not None and flow.message.zh in shown


def test_slow_typing_is_not_a_scan(qtbot: QtBot, kiosk_ui: KioskUi) -> None:
    flow = check_in_screen(qtbot, kiosk_ui)
    QTest.keyClicks(kiosk_ui.window, "NOSUCHAPPT1", delay=80)  # a person on a service keyboard
    QTest.keyClick(kiosk_ui.window, Qt.Key.Key_Return, delay=80)
    qtbot.wait(300)
    settle(qtbot, kiosk_ui)
    assert flow.message is None and kiosk_ui.kiosk.flow is flow
