"""The technician's door on the real UI: five quick taps on the hall's name, the PIN keypad, the lockout, and
what it leaves in the kiosk's audit log."""

from __future__ import annotations

import logging
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from pytestqt.qtbot import QtBot

from kiosk.flows.navigation import HOME, TECHNICIAN
from kiosk.flows.technician import TechStep
from kiosk.station.services import StationServices
from kiosk.store import AuditTrail
from tests.ui.conftest import find_button, open_door, settle, tap, visible_texts
from ui.app import KioskUi
from ui.screens.technician import TechnicianScreen

DEMO_PIN = "246810"  # the shipped config's demo PIN (docs/station.md)


def enter(qtbot: QtBot, kiosk_ui: KioskUi, pin: str) -> None:
    for digit in pin:
        tap(qtbot, find_button(kiosk_ui.window, digit))
    tap(qtbot, find_button(kiosk_ui.window, "确定"))
    settle(qtbot, kiosk_ui)


def test_four_taps_do_not_open_it(qtbot: QtBot, kiosk_ui: KioskUi) -> None:
    for _ in range(4):
        tap(qtbot, kiosk_ui.window.header.hall)
    assert kiosk_ui.kiosk.screen == HOME


def test_the_right_pin_shows_every_device(qtbot: QtBot, kiosk_ui: KioskUi) -> None:
    flow = open_door(qtbot, kiosk_ui)
    enter(qtbot, kiosk_ui, DEMO_PIN)
    settle(qtbot, kiosk_ui, lambda: flow.status is not None)
    assert flow.step is TechStep.OPEN
    texts = visible_texts(kiosk_ui.window)
    for name in ("打印机（模拟）", "身份证阅读器（模拟）", "大厅服务"):
        assert any(text.startswith(name) for text in texts), texts
    tap(qtbot, find_button(kiosk_ui.window, "缺纸"))  # a simulator control
    settle(qtbot, kiosk_ui)
    assert flow.message is not None and flow.message.zh == "缺纸"


def test_five_wrong_pins_lock_the_door(qtbot: QtBot, kiosk_ui: KioskUi) -> None:
    flow = open_door(qtbot, kiosk_ui)
    enter(qtbot, kiosk_ui, "1111")
    assert any("还可尝试 4 次" in text for text in visible_texts(kiosk_ui.window))
    for _ in range(4):
        enter(qtbot, kiosk_ui, "1111")
    assert flow.locked_until is not None
    assert any("已锁定" in text for text in visible_texts(kiosk_ui.window))
    enter(qtbot, kiosk_ui, DEMO_PIN)
    assert flow.step is TechStep.PIN, "the right PIN waits out the lock"
    assert any("已锁定" in text for text in visible_texts(kiosk_ui.window))


def test_a_wrong_pin_the_right_one_and_a_test_page_are_in_the_kiosks_audit_log(
    qtbot: QtBot, kiosk_ui: KioskUi, services: StationServices
) -> None:
    flow = open_door(qtbot, kiosk_ui)
    enter(qtbot, kiosk_ui, "1111")
    enter(qtbot, kiosk_ui, DEMO_PIN)
    settle(qtbot, kiosk_ui, lambda: flow.status is not None)
    tap(qtbot, find_button(kiosk_ui.window, "打印测试页"))
    settle(qtbot, kiosk_ui, lambda: flow.message is not None and not flow.busy)
    trail = AuditTrail(services.station.store, services.config.station.id)
    entries = [entry.fields for entry in trail.stored()]
    assert [(e.actor, e.action, e.target, e.outcome) for e in entries] == [
        ("technician", "technician.enter", "", "wrong_pin"),
        ("technician", "technician.enter", "", "ok"),
        ("technician", "device.test_print", "printer", "ok"),
    ]
    assert {e.address for e in entries} == {f"kiosk:{services.config.station.id}"}
    assert trail.verify()[2] == []


def test_quit_is_an_outlined_button_that_asks_before_it_quits(
    qtbot: QtBot, kiosk_ui: KioskUi, monkeypatch: pytest.MonkeyPatch
) -> None:
    quits: list[bool] = []
    monkeypatch.setattr(kiosk_ui.ui, "quit", lambda: quits.append(True))
    flow = open_door(qtbot, kiosk_ui)
    enter(qtbot, kiosk_ui, DEMO_PIN)
    settle(qtbot, kiosk_ui, lambda: flow.status is not None)
    quit_button = find_button(kiosk_ui.window, "退出程序")
    assert quit_button.property("role") != "primary", "quitting is not the page's filled main button"
    tap(qtbot, quit_button)
    assert quits == [] and quit_button.text() == "确认退出"
    assert any("再点一次“确认退出”" in text for text in visible_texts(kiosk_ui.window))
    tap(qtbot, quit_button)
    assert quits == [True]


def test_the_log_lines_show_the_halls_time_not_utc(qtbot: QtBot, kiosk_ui: KioskUi, services: StationServices) -> None:
    logging.getLogger("kiosk.test").warning("a line for the technician")
    flow = open_door(qtbot, kiosk_ui)
    enter(qtbot, kiosk_ui, DEMO_PIN)
    settle(qtbot, kiosk_ui, lambda: flow.status is not None)
    zone = ZoneInfo(services.config.station.timezone)
    line = next(line for line in flow.status.log_tail if "a line for the technician" in line)  # type: ignore[union-attr]
    shown = datetime.strptime(line[:14], "%m-%d %H:%M:%S").replace(year=datetime.now(zone).year, tzinfo=zone)
    assert abs((datetime.now(zone) - shown).total_seconds()) < 120, line
    screen = kiosk_ui.window.screens[TECHNICIAN]
    assert isinstance(screen, TechnicianScreen) and "+00:00" not in screen.log.text()


def test_the_english_page_is_no_wider_than_the_glass(qtbot: QtBot, kiosk_ui: KioskUi) -> None:
    kiosk_ui.ui.act(lambda: kiosk_ui.kiosk.set_language("en"))
    flow = open_door(qtbot, kiosk_ui)
    for digit in DEMO_PIN:
        tap(qtbot, find_button(kiosk_ui.window, digit))
    tap(qtbot, find_button(kiosk_ui.window, "OK"))
    settle(qtbot, kiosk_ui, lambda: flow.status is not None)
    qtbot.wait(50)
    screen = kiosk_ui.window.screens[TECHNICIAN]
    assert isinstance(screen, TechnicianScreen)
    body = screen.open_scroll.widget()
    assert body is not None and body.minimumSizeHint().width() <= screen.open_scroll.viewport().width()
    assert find_button(kiosk_ui.window, "Push the page partly out of the frame").isVisible()
