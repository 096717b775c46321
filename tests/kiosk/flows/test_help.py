"""The help control: the hotline with its number, the desk and where it is, how to use the screen; it closes on
"OK", on leaving the screen and on a walk-away reset."""

from __future__ import annotations

import dataclasses

from kiosk.flows.help import GENERAL, HOW_TO, help_text
from kiosk.flows.machine import Kiosk
from kiosk.flows.navigation import HOME
from kiosk.flows.screens import GUIDE, TAKE_NUMBER, default_registry
from tests.kiosk.flows.conftest import run
from tests.support.clocks import SteppedClock


def test_every_screen_with_a_tile_says_how_to_use_it() -> None:
    for name, _tile in default_registry().tiles():
        assert name in HOW_TO, name
    assert HOW_TO[HOME].zh and HOW_TO[HOME].en
    assert help_text("technician", "12345").how_to == GENERAL


def test_it_names_the_hotline_and_the_desk_with_its_place_when_known() -> None:
    plain = help_text(GUIDE, "12345")
    assert plain.hotline.zh == "服务热线 12345" and plain.hotline.en == "Hotline 12345"
    assert plain.desk.zh == "请到服务台咨询" and plain.desk.en == "Please ask at the help desk"
    placed = help_text(GUIDE, "0571-12345", "一层大厅入口右侧", "right of the ground-floor entrance")
    assert placed.desk.zh == "请到服务台咨询（一层大厅入口右侧）"
    assert placed.desk.en == "Please ask at the help desk (right of the ground-floor entrance)"
    assert "0571-12345" in placed.hotline.zh


def test_help_opens_over_the_screen_and_closes(kiosk: Kiosk) -> None:
    run(kiosk, kiosk.go(TAKE_NUMBER))
    kiosk.settings = dataclasses.replace(kiosk.settings, help_desk="一层大厅入口右侧")
    kiosk.show_help()
    assert kiosk.help_open and kiosk.screen == TAKE_NUMBER
    assert kiosk.help.how_to == HOW_TO[TAKE_NUMBER]
    assert "一层大厅入口右侧" in kiosk.help.desk.zh
    kiosk.close_help()
    assert not kiosk.help_open and kiosk.screen == TAKE_NUMBER


def test_help_closes_when_the_screen_changes_or_the_citizen_walks_away(kiosk: Kiosk, clock: SteppedClock) -> None:
    kiosk.show_help()
    run(kiosk, kiosk.go(GUIDE))
    assert not kiosk.help_open
    kiosk.show_help()
    clock.advance(kiosk.idle.timeout_s + 1)
    run(kiosk, kiosk.tick())
    assert kiosk.screen == HOME and not kiosk.help_open
