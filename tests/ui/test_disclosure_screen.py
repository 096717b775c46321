"""政务公开 on the real station (its embedded hall, the simulated printer): a citizen browses once, the hall goes
away, and the next citizen still browses the kept copy, marked with its day, searches by pinyin initials, reads a
notice whose markup shows as text, and prints it."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
from pytestqt.qtbot import QtBot

from drivers.sim.printer import VirtualPrinter
from hall.tokens import Role, create_token
from kiosk.flows.disclosure import DisclosureFlow, DisclosureView
from kiosk.flows.screens import DISCLOSURE
from kiosk.station.services import StationServices
from tests.hall.test_disclosure import MARKUP_BODY, MARKUP_TITLE, notice
from tests.ui.conftest import MovableClock, find_button, settle, shown_ui, tap, text_of, visible_texts
from ui.app import KioskUi
from ui.screens.disclosure import DisclosureScreen


def publish(services: StationServices, **changes: Any) -> None:
    embedded = services.embedded
    assert embedded is not None
    token = create_token(embedded.hall.sessions, f"supervisor-{uuid.uuid4().hex[:8]}", Role.SUPERVISOR)
    answer = httpx.post(
        f"{services.config.hall.url}/api/v1/disclosure/notices",
        json=notice(**changes),
        headers={"Authorization": f"Bearer {token}"},
    )
    assert answer.status_code == 201, answer.text


def flow_of(kiosk_ui: KioskUi) -> DisclosureFlow:
    flow = kiosk_ui.kiosk.flow
    assert isinstance(flow, DisclosureFlow)
    return flow


def open_disclosure(qtbot: QtBot, kiosk_ui: KioskUi) -> DisclosureScreen:
    kiosk_ui.ui.go(DISCLOSURE)
    settle(qtbot, kiosk_ui, lambda: flow_of(kiosk_ui).view is not DisclosureView.LOADING)
    screen = kiosk_ui.window.screens[DISCLOSURE]
    assert isinstance(screen, DisclosureScreen)
    return screen


def test_browse_search_read_and_print_a_notice_with_the_hall_away(
    qtbot: QtBot, services: StationServices, clock: MovableClock
) -> None:
    publish(services, title=MARKUP_TITLE, body=MARKUP_BODY, pinned=True)
    publish(services, title="关于启用新版自助终端的公告")
    printer = services.devices.simulators()["printer"]
    assert isinstance(printer, VirtualPrinter)
    with shown_ui(qtbot, services, clock) as kiosk_ui:
        # A first citizen looks: the kiosk keeps what the hall gave.
        tap(qtbot, find_button(kiosk_ui.window, "政务公开"))
        settle(qtbot, kiosk_ui, lambda: flow_of(kiosk_ui).view is DisclosureView.SECTIONS)
        assert flow_of(kiosk_ui).stale is None
        tap(qtbot, find_button(kiosk_ui.window, "首页"))
        settle(qtbot, kiosk_ui)

        embedded = services.embedded
        assert embedded is not None
        embedded.stop()
        settle(qtbot, kiosk_ui, lambda: not kiosk_ui.kiosk.offers.hall_online, timeout=15_000)

        # The next one: the kept copy, marked with its day.
        tap(qtbot, find_button(kiosk_ui.window, "政务公开"))
        settle(qtbot, kiosk_ui, lambda: flow_of(kiosk_ui).view is DisclosureView.SECTIONS)
        screen = kiosk_ui.window.screens[DISCLOSURE]
        assert isinstance(screen, DisclosureScreen)
        assert screen.stale.isVisible() and screen.stale.text().startswith("以下为 ")
        assert screen.stale.text().endswith("的内容，大厅网络恢复后更新")
        tap(qtbot, find_button(kiosk_ui.window, "通知公告"))
        settle(qtbot, kiosk_ui)
        listed = [text_of(b) for b in screen.items.buttons if b.isVisible()]
        assert listed[0].startswith("【置顶】" + MARKUP_TITLE) and "关于启用新版自助终端的公告" in listed[1]

        # Search by the pinyin initials of 启用新版 (qyxb): one found.
        tap(qtbot, screen.search_button)
        settle(qtbot, kiosk_ui)
        for letter in "QYXB":
            tap(qtbot, next(key for key in screen.keyboard.keys if key.text() == letter))
        settle(qtbot, kiosk_ui)
        found = [text_of(b) for b in screen.results.buttons if b.isVisible()]
        assert len(found) == 1 and found[0].startswith("关于启用新版自助终端的公告")
        tap(qtbot, find_button(kiosk_ui.window, "返回"))
        settle(qtbot, kiosk_ui)

        # Read the pinned one: its markup is text on screen.
        tap(qtbot, screen.items.buttons[0])
        settle(qtbot, kiosk_ui)
        assert flow_of(kiosk_ui).view is DisclosureView.NOTICE
        assert screen.reader.heading.text() == MARKUP_TITLE
        assert any("<script>alert('x')</script>" in text for text in visible_texts(screen))

        tap(qtbot, screen.print_button)
        settle(qtbot, kiosk_ui, lambda: flow_of(kiosk_ui).message is not None)
        assert screen.print_message.text() == "已打印，请在出纸口取走"
        [receipt] = printer.wait_for_receipts(1)
        assert receipt.image.height > 600 and not receipt.truncated


def test_the_tables_read_in_english(qtbot: QtBot, services: StationServices, clock: MovableClock) -> None:
    with shown_ui(qtbot, services, clock) as kiosk_ui:
        screen = open_disclosure(qtbot, kiosk_ui)
        tap(qtbot, kiosk_ui.window.footer.language)
        settle(qtbot, kiosk_ui)
        tap(qtbot, find_button(kiosk_ui.window, "Window staff"))
        settle(qtbot, kiosk_ui)
        texts = visible_texts(screen)
        assert "Window 1" in texts and any("Name: 李明 · Staff no. 1001" in t for t in texts)
        tap(qtbot, find_button(kiosk_ui.window, "Back"))
        settle(qtbot, kiosk_ui)
        tap(qtbot, find_button(kiosk_ui.window, "Fee schedules"))
        settle(qtbot, kiosk_ui)
        assert any(t.startswith("Fee: ") for t in visible_texts(screen))
