"""One way back and one way home on every screen: no two visible buttons with the same words (two 返回), no
完成 / 返回 / 首页 all going home, the footer's home says 首页 / Home."""

from __future__ import annotations

from collections import Counter
from enum import Enum

import pytest
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from kiosk.flows.guide import GuideFlow, GuideView
from kiosk.flows.navigation import ERROR, HOME, TECHNICIAN
from kiosk.flows.screens import CHECK_IN, FILING, GUIDE, PROGRESS, RATE, TAKE_NUMBER
from kiosk.flows.take_number import TakeNumberFlow, TakeStep
from tests.ui.conftest import find_button, settle, tap, text_of
from ui.app import KioskUi
from ui.screens.base import BACK, FINISH, GO_HOME, NAV
from ui.widgets.basics import DATA

SELF_SERVICE = "自助服务"  # open around the clock in the shipped hall config


def visible_buttons(kiosk_ui: KioskUi) -> list[QPushButton]:
    window = kiosk_ui.window
    floating = (window.warnings, window.countdown, window.help)
    return [
        widget
        for widget in window.findChildren(QPushButton)
        if widget.isVisible() and not any(part.isAncestorOf(widget) for part in floating)
    ]


def ways_out(kiosk_ui: KioskUi) -> tuple[int, int]:
    """How many visible buttons go back one step, and how many go home (the footer's and the screen's own)."""
    footer = kiosk_ui.window.footer
    back = home = 0
    for widget in visible_buttons(kiosk_ui):
        way = widget.property(NAV)
        if widget is footer.back or way == BACK:
            back += 1
        if widget is footer.home or way in {GO_HOME, FINISH}:
            home += 1
    return back, home


def check_no_repeats(kiosk_ui: KioskUi, where: str) -> None:
    words = Counter(
        text_of(widget) for widget in visible_buttons(kiosk_ui) if not widget.property(DATA) and text_of(widget)
    )
    repeated = {text: n for text, n in words.items() if n > 1}
    assert not repeated, f"{where}: the same button twice: {repeated}"
    back, home = ways_out(kiosk_ui)
    assert back <= 1 and home <= 1, f"{where}: {back} ways back, {home} ways home"


def every_step(qtbot: QtBot, kiosk_ui: KioskUi, screen: str) -> list[str]:
    """Show each step of the screen's flow in turn (the flow's own state set by hand) and check each."""
    kiosk = kiosk_ui.kiosk
    kiosk_ui.ui.go(screen)
    settle(qtbot, kiosk_ui)
    flow = kiosk.flow
    attribute = "view" if hasattr(flow, "view") else "step"
    steps = type(getattr(flow, attribute))
    assert issubclass(steps, Enum)
    checked = []
    for step in steps:
        if kiosk.screen != screen:
            kiosk_ui.ui.go(screen)
            settle(qtbot, kiosk_ui)
            flow = kiosk.flow
        setattr(flow, attribute, step)
        kiosk.changed()
        if kiosk.screen != screen:  # a step that cannot show without data the test did not make
            continue
        check_no_repeats(kiosk_ui, f"{screen}/{step}")
        checked.append(str(step))
    return checked


@pytest.mark.parametrize("language", ["zh_CN", "en"])
@pytest.mark.parametrize("screen", [TAKE_NUMBER, CHECK_IN, GUIDE, RATE, TECHNICIAN])
def test_no_screen_offers_the_same_way_twice(qtbot: QtBot, kiosk_ui: KioskUi, screen: str, language: str) -> None:
    kiosk_ui.ui.act(lambda: kiosk_ui.kiosk.set_language(language))  # type: ignore[arg-type]
    checked = every_step(qtbot, kiosk_ui, screen)
    assert len(checked) >= 2, checked


def test_home_and_the_error_screen_offer_no_footer_way_out(qtbot: QtBot, kiosk_ui: KioskUi) -> None:
    footer = kiosk_ui.window.footer
    assert kiosk_ui.kiosk.screen == HOME
    assert not footer.back.isVisible() and not footer.home.isVisible()
    check_no_repeats(kiosk_ui, HOME)
    kiosk_ui.ui.go(GUIDE)
    settle(qtbot, kiosk_ui)
    kiosk_ui.kiosk.fail(None, RuntimeError("a test"))
    assert kiosk_ui.kiosk.screen == ERROR
    check_no_repeats(kiosk_ui, ERROR)
    assert ways_out(kiosk_ui) == (0, 1)


def test_the_ticket_screen_has_one_way_out(qtbot: QtBot, kiosk_ui: KioskUi) -> None:
    """完成 goes home; the footer's 返回 and 首页, which would do the same, are hidden, their places kept."""
    footer = kiosk_ui.window.footer
    tap(qtbot, kiosk_ui.window.screens[HOME].tiles[TAKE_NUMBER])  # type: ignore[attr-defined]
    flow = kiosk_ui.kiosk.flow
    assert isinstance(flow, TakeNumberFlow)
    settle(qtbot, kiosk_ui, lambda: flow.step is TakeStep.CHOOSE)
    help_place = footer.help.geometry()
    tap(qtbot, find_button(kiosk_ui.window, SELF_SERVICE))
    settle(qtbot, kiosk_ui, lambda: flow.step is TakeStep.DONE)
    assert not footer.back.isVisible() and not footer.home.isVisible()
    assert ways_out(kiosk_ui) == (0, 1)
    assert footer.help.geometry() == help_place, "the footer's other buttons stay where they were"
    tap(qtbot, find_button(kiosk_ui.window, "完成"))
    settle(qtbot, kiosk_ui)
    assert kiosk_ui.kiosk.screen == HOME


def test_a_paused_service_has_one_way_out(qtbot: QtBot, kiosk_ui: KioskUi) -> None:
    """The guide paused: 再试一次 and the page's 返回 (home); the footer's 返回 and 首页 would go home too."""
    footer = kiosk_ui.window.footer
    kiosk_ui.ui.go(GUIDE)
    flow = kiosk_ui.kiosk.flow
    assert isinstance(flow, GuideFlow)
    settle(qtbot, kiosk_ui, lambda: flow.guide is not None)
    flow.view = GuideView.PAUSED
    kiosk_ui.kiosk.changed()
    assert not footer.back.isVisible() and not footer.home.isVisible()
    assert ways_out(kiosk_ui) == (0, 1)
    tap(qtbot, find_button(kiosk_ui.window, "返回"))
    settle(qtbot, kiosk_ui)
    assert kiosk_ui.kiosk.screen == HOME


def test_the_home_button_says_home(qtbot: QtBot, kiosk_ui: KioskUi) -> None:
    kiosk_ui.ui.go(GUIDE)
    settle(qtbot, kiosk_ui)
    assert kiosk_ui.window.footer.home.text() == "首页"
    tap(qtbot, kiosk_ui.window.footer.language)
    assert kiosk_ui.window.footer.home.text() == "Home"


def test_a_single_page_shows_no_pager(qtbot: QtBot, kiosk_ui: KioskUi) -> None:
    kiosk_ui.ui.go(GUIDE)
    flow = kiosk_ui.kiosk.flow
    assert isinstance(flow, GuideFlow)
    settle(qtbot, kiosk_ui, lambda: flow.guide is not None)
    screen = kiosk_ui.window.screens[GUIDE]
    sizes: dict[str, int] = {}
    for group in flow.groups():
        kiosk_ui.ui.act(lambda group=group: flow.open_group(group))
        pager = [screen.pager.previous, screen.pager.next, screen.pager.label]  # type: ignore[attr-defined]
        assert all(widget.isVisible() == (flow.pages > 1) for widget in pager), (group, flow.pages)
        sizes[group] = flow.pages
        kiosk_ui.ui.act(kiosk_ui.kiosk.back)
    assert 1 in sizes.values(), "the catalog has a department with one page"


@pytest.mark.parametrize("screen", [FILING, PROGRESS])
def test_the_filing_screens_offer_no_way_twice(qtbot: QtBot, filing_ui: KioskUi, screen: str) -> None:
    checked = every_step(qtbot, filing_ui, screen)
    assert len(checked) >= 2, checked
