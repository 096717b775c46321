"""Banners never move a target under a finger: on the real window, every visible button keeps its place on the
glass when the walk-away countdown, the hall-unreachable or a device's warning, or a wrong PIN appears."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from kiosk.flows.navigation import TECHNICIAN
from kiosk.flows.screens import GUIDE, TAKE_NUMBER
from kiosk.flows.take_number import TakeNumberFlow, TakeStep
from kiosk.station.services import StationServices
from tests.ui.conftest import MovableClock, find_button, open_door, settle, tap
from ui.app import KioskUi

Rects = dict[QPushButton, QRect]


def button_rects(kiosk_ui: KioskUi) -> Rects:
    """Where every visible button of the page and its footer is on the glass (the floating parts left out)."""
    window = kiosk_ui.window
    floating = (window.warnings, window.countdown, window.help)
    return {
        widget: QRect(widget.mapToGlobal(QPoint(0, 0)), widget.size())
        for widget in window.findChildren(QPushButton)
        if widget.isVisible() and not any(part.isAncestorOf(widget) for part in floating)
    }


def open_screen(qtbot: QtBot, kiosk_ui: KioskUi, screen: str, elder: bool) -> None:
    if elder:
        tap(qtbot, kiosk_ui.window.footer.elder)
    kiosk_ui.ui.go(screen)
    if screen == TAKE_NUMBER:
        flow = kiosk_ui.kiosk.flow
        assert isinstance(flow, TakeNumberFlow)
        settle(qtbot, kiosk_ui, lambda: flow.step is TakeStep.CHOOSE)
    settle(qtbot, kiosk_ui)


def countdown(qtbot: QtBot, kiosk_ui: KioskUi, clock: MovableClock, services: StationServices) -> None:
    idle = kiosk_ui.kiosk.idle
    clock.advance(idle.timeout_s - idle.countdown_s + 1)
    qtbot.waitUntil(kiosk_ui.window.countdown.isVisible, timeout=5_000)


def hall_away(qtbot: QtBot, kiosk_ui: KioskUi, clock: MovableClock, services: StationServices) -> None:
    kiosk = kiosk_ui.kiosk
    kiosk.set_offers(dataclasses.replace(kiosk.offers, hall_online=False))
    qtbot.waitUntil(kiosk_ui.window.hall_banner.text.isVisible, timeout=5_000)


def printer_out(qtbot: QtBot, kiosk_ui: KioskUi, clock: MovableClock, services: StationServices) -> None:
    services.devices.simulators()["printer"].set_condition(paper_out=True)  # type: ignore[attr-defined]
    qtbot.waitUntil(kiosk_ui.window.device_banner.text.isVisible, timeout=10_000)
    assert "缺纸" in kiosk_ui.window.device_banner.text.text()


BANNERS: dict[str, Callable[[QtBot, KioskUi, MovableClock, StationServices], None]] = {
    "countdown": countdown,
    "hall": hall_away,
    "printer": printer_out,
}


@pytest.mark.parametrize("elder", [False, True], ids=["zh", "elder"])
@pytest.mark.parametrize("screen", [TAKE_NUMBER, GUIDE])
@pytest.mark.parametrize("banner", sorted(BANNERS))
def test_a_banner_moves_no_button(
    qtbot: QtBot,
    kiosk_ui: KioskUi,
    clock: MovableClock,
    services: StationServices,
    banner: str,
    screen: str,
    elder: bool,
) -> None:
    open_screen(qtbot, kiosk_ui, screen, elder)
    before = button_rects(kiosk_ui)
    assert len(before) >= 6, "the page's buttons and the footer's"
    BANNERS[banner](qtbot, kiosk_ui, clock, services)
    qtbot.wait(50)
    after = button_rects(kiosk_ui)
    assert after == before


@pytest.mark.parametrize("elder", [False, True], ids=["zh", "elder"])
def test_a_wrong_pin_moves_no_key(qtbot: QtBot, kiosk_ui: KioskUi, elder: bool) -> None:
    if elder:
        tap(qtbot, kiosk_ui.window.footer.elder)
    flow = open_door(qtbot, kiosk_ui)
    for digit in "1111":
        tap(qtbot, find_button(kiosk_ui.window, digit))
    before = button_rects(kiosk_ui)
    tap(qtbot, find_button(kiosk_ui.window, "确定"))
    settle(qtbot, kiosk_ui, lambda: flow.message is not None)
    assert kiosk_ui.window.screens[TECHNICIAN].pin_message.isVisible()  # type: ignore[attr-defined]
    assert button_rects(kiosk_ui) == before


def test_the_countdown_takes_the_tap_that_was_meant_for_the_page(
    qtbot: QtBot, kiosk_ui: KioskUi, clock: MovableClock, services: StationServices
) -> None:
    """A tap on the dimmed page only says "still here": it presses nothing beneath."""
    open_screen(qtbot, kiosk_ui, GUIDE, elder=False)
    countdown(qtbot, kiosk_ui, clock, services)
    window = kiosk_ui.window
    home = window.footer.home
    centre = home.mapTo(window, home.rect().center())
    assert window.childAt(centre) is window.countdown
    qtbot.mouseClick(window.countdown, Qt.MouseButton.LeftButton, pos=window.countdown.mapFrom(window, centre))
    qtbot.waitUntil(lambda: not window.countdown.isVisible(), timeout=2_000)
    assert kiosk_ui.kiosk.screen == GUIDE


def test_the_warnings_cover_the_header_and_let_its_taps_through(qtbot: QtBot, kiosk_ui: KioskUi) -> None:
    # Home says the hall is away in its own card; every other screen says it in the strip.
    kiosk_ui.ui.act(lambda: kiosk_ui.kiosk.go(GUIDE))
    settle(qtbot, kiosk_ui)
    hall_away(qtbot, kiosk_ui, MovableClock(), None)  # type: ignore[arg-type]
    window = kiosk_ui.window
    strip = window.warnings.geometry()
    assert strip.top() == 0 and strip.height() >= window.header.frame.height()
    assert strip.width() == window.width()
    hall = window.header.hall
    spot = hall.mapTo(window, hall.rect().center())
    assert window.childAt(spot) is hall, "a tap there goes through the strip to the hall's name"
    for _ in range(5):
        tap(qtbot, hall)  # the technician's door still opens
    settle(qtbot, kiosk_ui)
    assert kiosk_ui.kiosk.screen == TECHNICIAN
