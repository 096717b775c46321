"""A crashed worker, a scan on the wrong screen, a scan on the right one, keys and close requests."""

from __future__ import annotations

import logging
import re
from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from kiosk.flows.check_in import CheckInFlow, CheckInStep
from kiosk.flows.guide import GuideFlow
from kiosk.flows.jobs import Job
from kiosk.flows.navigation import ERROR, HOME
from kiosk.flows.screens import CHECK_IN, GUIDE
from kiosk.station.services import StationServices
from tests.ui.conftest import find_button, settle, tap, visible_texts
from ui.app import KioskUi

CLOCK = re.compile(r"\d{1,2}:\d{2}")


def scanner(services: StationServices) -> Any:
    return services.devices.simulators()["scanner"]


def crash() -> None:
    raise RuntimeError("the driver fell over")


def test_a_crashed_worker_shows_a_polite_error_then_home(
    qtbot: QtBot, kiosk_ui: KioskUi, caplog: pytest.LogCaptureFixture
) -> None:
    kiosk_ui.ui.go(GUIDE)
    settle(qtbot, kiosk_ui)
    with caplog.at_level(logging.ERROR):
        kiosk_ui.ui.act(lambda: Job("print_guide", crash, lambda _result: None))
        settle(qtbot, kiosk_ui, lambda: kiosk_ui.kiosk.screen == ERROR)
    texts = visible_texts(kiosk_ui.window)
    assert any(text.startswith("抱歉，系统出了点问题") for text in texts)
    assert not any("Traceback" in text or "driver fell over" in text for text in texts)
    assert "the driver fell over" in caplog.text and "Traceback" in caplog.text
    tap(qtbot, find_button(kiosk_ui.window, "返回首页"))
    settle(qtbot, kiosk_ui)
    assert kiosk_ui.kiosk.screen == HOME


def test_a_scan_on_a_screen_that_does_not_expect_one_is_ignored(
    qtbot: QtBot, kiosk_ui: KioskUi, services: StationServices
) -> None:
    kiosk_ui.ui.go(GUIDE)
    settle(qtbot, kiosk_ui)
    flow = kiosk_ui.kiosk.flow
    assert isinstance(flow, GuideFlow)
    before = texts_but_the_clock(kiosk_ui)
    scanner(services).send_code("APPT-20261122-0001")
    qtbot.wait(500)
    settle(qtbot, kiosk_ui)
    assert kiosk_ui.kiosk.flow is flow and texts_but_the_clock(kiosk_ui) == before


def texts_but_the_clock(kiosk_ui: KioskUi) -> list[str]:
    """What the screen shows, less the header's clock (a minute may turn while the test waits)."""
    return [text for text in visible_texts(kiosk_ui.window) if not CLOCK.fullmatch(text)]


def test_a_scan_on_check_in_asks_the_hall(qtbot: QtBot, kiosk_ui: KioskUi, services: StationServices) -> None:
    kiosk_ui.ui.go(CHECK_IN)
    settle(qtbot, kiosk_ui)
    flow = kiosk_ui.kiosk.flow
    assert isinstance(flow, CheckInFlow)
    scanner(services).send_code("NOSUCHAPPT1")
    settle(qtbot, kiosk_ui, lambda: flow.message is not None)
    assert flow.step is CheckInStep.CHOOSE  # refused by the hall, said on screen, another scan welcome
    shown = "".join(visible_texts(kiosk_ui.window)).replace("\n", "")  # the refusal box: a sentence a line
    assert flow.message is not None and flow.message.zh in shown


def test_escape_and_close_requests_are_ignored(qtbot: QtBot, kiosk_ui: KioskUi) -> None:
    window = kiosk_ui.window
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    qtbot.keyClick(window, Qt.Key.Key_F4, Qt.KeyboardModifier.AltModifier)
    assert window.close() is False
    assert window.isVisible()
    assert window.contextMenuPolicy() is Qt.ContextMenuPolicy.NoContextMenu
