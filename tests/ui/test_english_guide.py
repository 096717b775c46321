"""In English mode the header names the hall in English, and the service guide shows departments, life events,
keyword chips and the facts of each item in English wherever the catalog has English; the item's published
content stays in Chinese, with a note saying so. The real UI over the real station and its embedded hall."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from kiosk.flows.guide import BrowseBy, GuideFlow
from kiosk.flows.screens import GUIDE
from tests.ui.conftest import settle, tap, text_of
from ui.app import KioskUi
from ui.screens.guide import GuideScreen
from ui.widgets.grid import ButtonGrid


def shown(grid: ButtonGrid) -> list[str]:
    return [text_of(button) for button in grid.buttons if button.isVisible()]


def open_guide_in_english(qtbot: QtBot, kiosk_ui: KioskUi) -> GuideFlow:
    kiosk_ui.ui.go(GUIDE)
    tap(qtbot, kiosk_ui.window.header.language)
    settle(qtbot, kiosk_ui)
    flow = kiosk_ui.kiosk.flow
    assert isinstance(flow, GuideFlow)
    return flow


def test_the_header_names_the_hall_and_the_kiosk_in_english(qtbot: QtBot, kiosk_ui: KioskUi) -> None:
    header = kiosk_ui.window.header
    assert (header.hall.text(), header.station.text()) == ("示例市政务服务中心", "24小时自助服务区 1号机")
    tap(qtbot, header.language)
    settle(qtbot, kiosk_ui)
    assert header.hall.text() == "Example City Government Service Centre"
    assert header.station.text() == "24-hour self-service area, kiosk 1"


def test_departments_life_events_and_chips_are_english(qtbot: QtBot, kiosk_ui: KioskUi) -> None:
    flow = open_guide_in_english(qtbot, kiosk_ui)
    screen = kiosk_ui.window.screens[GUIDE]
    assert isinstance(screen, GuideScreen)
    groups = shown(screen.groups)
    assert "Example City Public Security Bureau" in groups and not any("示例市" in g for g in groups)

    kiosk_ui.ui.act(lambda: flow.browse(BrowseBy.LIFE_EVENT))
    events = shown(screen.groups)
    assert "IDs and certificates" in events and "Buying a home" in events

    kiosk_ui.ui.act(lambda: flow.browse(BrowseBy.SEARCH))
    chips = shown(screen.chips)
    assert "ID card" in chips and "Housing fund" in chips and not any("身份证" in chip for chip in chips)

    kiosk_ui.ui.act(lambda: flow.search_word(flow.hot_words()[0]))
    settle(qtbot, kiosk_ui)
    items = shown(screen.items)
    assert items and all("Example City Public Security Bureau" in item and "working days" in item for item in items)
    assert screen.list_title.text() == "ID card"
