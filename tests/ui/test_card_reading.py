"""Waiting for the ID card: a drawn picture of where the reader is, the seconds left going down, 首页 / 返回 still
enabled (leaving ends the wait); no card in time: a page that says what happened, 重新读卡, and the hotline."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from kiosk.flows.navigation import HOME
from kiosk.flows.take_number import TakeNumberFlow, TakeStep
from kiosk.station.services import StationServices
from tests.ui.conftest import MovableClock, find_button, settle, tap, visible_texts
from tests.ui.ticket_support import hold_hall_clock, simulator
from ui.app import KioskUi
from ui.screens.take_number import TakeNumberScreen


def wait_for_the_card(qtbot: QtBot, kiosk_ui: KioskUi, services: StationServices) -> TakeNumberFlow:
    hold_hall_clock(services)  # the green channel (it needs the card) is open
    tap(qtbot, find_button(kiosk_ui.window, "取号"))
    settle(qtbot, kiosk_ui, lambda: getattr(kiosk_ui.kiosk.flow, "step", None) is TakeStep.CHOOSE)
    tap(qtbot, find_button(kiosk_ui.window, "绿色通道"))
    flow = kiosk_ui.kiosk.flow
    assert isinstance(flow, TakeNumberFlow)
    tap(qtbot, find_button(kiosk_ui.window, "同意并读卡"))
    qtbot.waitUntil(lambda: flow.step is TakeStep.READING)
    return flow


def test_the_wait_shows_where_the_reader_is_and_the_seconds_left_and_home_ends_it(
    qtbot: QtBot, kiosk_ui: KioskUi, services: StationServices, clock: MovableClock
) -> None:
    wait_for_the_card(qtbot, kiosk_ui, services)
    screen = kiosk_ui.window.screens["take_number"]
    assert isinstance(screen, TakeNumberScreen)
    reading = screen.reading
    assert reading.picture.isVisible() and reading.picture.height() >= 200 and reading.bar.isVisible()
    qtbot.waitUntil(lambda: "还剩 30 秒" in reading.left.text())
    clock.advance(12)
    qtbot.waitUntil(lambda: "还剩 18 秒" in reading.left.text())
    assert 0.5 < reading.bar.share < 0.7
    footer = kiosk_ui.window.footer
    assert footer.home.isEnabled() and footer.back.isEnabled(), "the way out stays open while waiting"
    tap(qtbot, footer.home)
    settle(qtbot, kiosk_ui, lambda: kiosk_ui.kiosk.screen == HOME)
    assert kiosk_ui.runner.pending == 0 and not kiosk_ui.kiosk.session.consent  # the read ended, not timed out
    assert not reading.timer.isActive()


def test_back_ends_the_wait_and_shows_the_list_again(
    qtbot: QtBot, kiosk_ui: KioskUi, services: StationServices
) -> None:
    flow = wait_for_the_card(qtbot, kiosk_ui, services)
    tap(qtbot, kiosk_ui.window.footer.back)
    settle(qtbot, kiosk_ui, lambda: flow.step is TakeStep.CHOOSE)
    assert not any("没有读到" in text for text in visible_texts(kiosk_ui.window)), "leaving is no timeout"


def test_no_card_in_time_shows_what_to_do_and_reading_again_works(
    qtbot: QtBot, short_wait_ui: KioskUi, services: StationServices
) -> None:
    flow = wait_for_the_card(qtbot, short_wait_ui, services)
    settle(qtbot, short_wait_ui, lambda: flow.step is TakeStep.READ_FAILED)
    texts = "\n".join(visible_texts(short_wait_ui.window))
    assert "秒内没有读到身份证" in texts and "请把身份证平放在读卡区" in texts
    assert "请拨打服务热线 12345" in texts
    simulator(services, "id_reader").place(0)
    tap(qtbot, find_button(short_wait_ui.window, "重新读卡"))
    settle(qtbot, short_wait_ui, lambda: flow.step is TakeStep.CONFIRM)
    assert find_button(short_wait_ui.window, "确认取号").isEnabled()
