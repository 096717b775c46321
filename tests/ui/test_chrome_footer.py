"""The footer: the language and elder-mode switches and help within a seated person's reach, on every screen, in
portrait and landscape; the help control's overlay."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from pytestqt.qtbot import QtBot

from kiosk.flows.help import HOW_TO
from kiosk.flows.navigation import HOME
from kiosk.flows.screens import GUIDE, TAKE_NUMBER
from kiosk.station.services import StationServices
from tests.ui.conftest import MovableClock, find_button, settle, shown_ui, tap, visible_texts
from ui.app import KioskUi
from ui.theme import MIN_TOUCH_PX

REACH = 0.55  # every control's top edge lies below 55 % of the window's height: the lower part a seated person reaches


@pytest.fixture(params=["portrait", "landscape"])
def any_ui(
    request: pytest.FixtureRequest, qtbot: QtBot, services: StationServices, clock: MovableClock
) -> Iterator[KioskUi]:
    with shown_ui(qtbot, services, clock, request.param) as made:
        yield made


@pytest.mark.parametrize("elder", [False, True], ids=["zh", "elder"])
@pytest.mark.parametrize("screen", [HOME, TAKE_NUMBER, GUIDE])
def test_the_switches_and_help_are_within_reach(qtbot: QtBot, any_ui: KioskUi, screen: str, elder: bool) -> None:
    window, footer = any_ui.window, any_ui.window.footer
    if elder:
        tap(qtbot, footer.elder)
    if screen != HOME:
        any_ui.ui.go(screen)
    settle(qtbot, any_ui)
    controls = [footer.help, footer.language, footer.elder]
    if screen != HOME:
        controls += [footer.back, footer.home]
    for control in controls:
        assert control.isVisible(), control.text()
        top = control.mapTo(window, control.rect().topLeft()).y()
        assert top >= REACH * window.height(), f"{control.text()} at {top} of {window.height()}"
        assert control.height() >= MIN_TOUCH_PX and control.width() >= MIN_TOUCH_PX
        assert control.mapTo(window, control.rect().bottomRight()).y() < window.height()
    hotline = footer.hotline
    assert hotline.isVisible() and "12345" in hotline.text()
    assert not window.header.frame.findChildren(type(footer.help)), "nothing to tap in the header"


@pytest.mark.parametrize("screen", [HOME, TAKE_NUMBER])
def test_help_says_the_hotline_the_desk_and_how_to(qtbot: QtBot, kiosk_ui: KioskUi, screen: str) -> None:
    window = kiosk_ui.window
    if screen != HOME:
        kiosk_ui.ui.go(screen)
        settle(qtbot, kiosk_ui)
    tap(qtbot, window.footer.help)
    assert window.help.isVisible()
    texts = visible_texts(window.help)
    assert "服务热线 12345" in texts
    assert "请到服务台咨询（一层大厅入口右侧）" in texts  # the shipped config says where the desk is
    assert HOW_TO[screen].zh in texts
    tap(qtbot, find_button(window.help, "知道了"))
    assert not window.help.isVisible()
    assert kiosk_ui.kiosk.screen == screen, "help leaves the citizen where they were"


def test_help_speaks_the_citizens_language(qtbot: QtBot, kiosk_ui: KioskUi) -> None:
    window = kiosk_ui.window
    tap(qtbot, window.footer.language)
    tap(qtbot, window.footer.help)
    texts = visible_texts(window.help)
    assert "Hotline 12345" in texts
    assert "Please ask at the help desk (right of the ground-floor entrance)" in texts
    assert HOW_TO[HOME].en in texts
    assert not any("\u4e00" <= char <= "\u9fff" for text in texts for char in text)
    tap(qtbot, find_button(window.help, "OK"))
    assert not window.help.isVisible()


def test_a_tap_beside_the_help_card_closes_it_and_presses_nothing(qtbot: QtBot, kiosk_ui: KioskUi) -> None:
    window = kiosk_ui.window
    kiosk_ui.ui.go(GUIDE)
    settle(qtbot, kiosk_ui)
    tap(qtbot, window.footer.help)
    spot = window.footer.home.mapTo(window, window.footer.home.rect().center())
    assert window.childAt(spot) is window.help
    qtbot.mouseClick(window.help, Qt.MouseButton.LeftButton, pos=spot)
    assert not window.help.isVisible()
    assert kiosk_ui.kiosk.screen == GUIDE


def test_the_footer_fits_in_english_elder_mode(qtbot: QtBot, any_ui: KioskUi) -> None:
    """The longest words and the largest type: every control whole on the glass, none over another."""
    window, footer = any_ui.window, any_ui.window.footer
    tap(qtbot, footer.language)
    tap(qtbot, footer.elder)
    any_ui.ui.go(TAKE_NUMBER)
    settle(qtbot, any_ui)
    rects = []
    for control in [*footer.controls(), footer.hotline]:
        rect = control.geometry().translated(control.mapTo(window, control.rect().topLeft()) - control.pos())
        assert window.rect().contains(rect), (control.text(), rect)
        assert control.width() >= control.sizeHint().width() or control is footer.hotline, control.text()
        assert all(not rect.intersects(other) for other in rects), control.text()
        rects.append(rect)
    assert footer.elder.text() == "Standard mode" and footer.language.text() == "中文"


def test_the_switches_and_help_keep_their_place_on_every_screen(qtbot: QtBot, any_ui: KioskUi) -> None:
    """Found once, found always: home (no way back) and a flow screen put them in the same place."""
    window, footer = any_ui.window, any_ui.window.footer

    def places() -> list[QRect]:
        return [QRect(c.mapTo(window, QPoint(0, 0)), c.size()) for c in (footer.help, footer.language, footer.elder)]

    at_home = places()
    for screen in (TAKE_NUMBER, GUIDE):
        any_ui.ui.go(screen)
        settle(qtbot, any_ui)
        assert places() == at_home, screen
