"""Taking a number on the real UI: the virtual printer gets the ticket; paper out shows the number and why;
a double tap takes one number; a walk-away clears the ID card read and goes home."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from kiosk.flows.navigation import HOME
from kiosk.flows.take_number import TakeNumberFlow, TakeStep
from kiosk.station.services import StationServices
from tests.ui.conftest import MovableClock, find_button, settle, tap, visible_texts
from tests.ui.ticket_support import hold_hall_clock
from ui.app import KioskUi

SELF_SERVICE = "自助服务"  # open around the clock in the shipped hall config


def printer(services: StationServices) -> Any:
    return services.devices.simulators()["printer"]


def open_take_number(qtbot: QtBot, kiosk_ui: KioskUi) -> TakeNumberFlow:
    tap(qtbot, find_button(kiosk_ui.window, "取号"))
    settle(qtbot, kiosk_ui, lambda: isinstance(kiosk_ui.kiosk.flow, TakeNumberFlow))
    flow = kiosk_ui.kiosk.flow
    assert isinstance(flow, TakeNumberFlow) and flow.step is TakeStep.CHOOSE
    return flow


def test_taking_a_number_prints_the_ticket(qtbot: QtBot, kiosk_ui: KioskUi, services: StationServices) -> None:
    flow = open_take_number(qtbot, kiosk_ui)
    tap(qtbot, find_button(kiosk_ui.window, SELF_SERVICE))
    settle(qtbot, kiosk_ui, lambda: flow.step is TakeStep.DONE)
    ticket = kiosk_ui.kiosk.session.ticket
    assert ticket is not None and ticket.printed
    assert ticket.number in visible_texts(kiosk_ui.window)
    assert "请取走排队小票，留意叫号" in visible_texts(kiosk_ui.window)
    # The screen says what the paper says: where to wait, the wait in the paper's words, valid today only.
    texts = visible_texts(kiosk_ui.window)
    assert "请到24小时自助服务区等候叫号" in texts
    assert "您前面没有人等候\n无需等候" in texts and not any("0 分钟" in text for text in texts)
    assert any(text.startswith("当日有效（") for text in texts)
    receipts = printer(services).wait_for_receipts(1, timeout=10)
    assert len(receipts) == 1 and not receipts[0].truncated
    assert services.printed_dir is not None and list(services.printed_dir.glob("*.png"))


def test_paper_out_mid_flow_shows_the_number_and_the_reason(
    qtbot: QtBot, kiosk_ui: KioskUi, services: StationServices
) -> None:
    flow = open_take_number(qtbot, kiosk_ui)
    printer(services).set_condition(paper_out=True)  # the paper runs out while the citizen chooses
    tap(qtbot, find_button(kiosk_ui.window, SELF_SERVICE))
    settle(qtbot, kiosk_ui, lambda: flow.step is TakeStep.DONE)
    ticket = kiosk_ui.kiosk.session.ticket
    assert ticket is not None and not ticket.printed
    texts = visible_texts(kiosk_ui.window)
    assert ticket.number in texts
    assert any("缺纸" in text and "请记住您的号码" in text for text in texts), texts
    # The device bar says so too once the printer's state has been read.
    settle(qtbot, kiosk_ui, lambda: not kiosk_ui.kiosk.offers.can_print)
    assert any(text.startswith("打印机：") for text in visible_texts(kiosk_ui.window))


def test_a_double_tap_takes_one_number(qtbot: QtBot, kiosk_ui: KioskUi, services: StationServices) -> None:
    flow = open_take_number(qtbot, kiosk_ui)
    category = find_button(kiosk_ui.window, SELF_SERVICE)
    tap(qtbot, category)
    if category.isVisible():  # the second tap of a double tap lands before the screen changes
        tap(qtbot, category)
    settle(qtbot, kiosk_ui, lambda: flow.step is TakeStep.DONE)
    assert len(services.hall.recent_tickets()) == 1
    assert len(printer(services).wait_for_receipts(1, timeout=10)) == 1


def test_a_walk_away_clears_the_id_card_read_and_goes_home(
    qtbot: QtBot, kiosk_ui: KioskUi, services: StationServices, clock: MovableClock
) -> None:
    hold_hall_clock(services)  # a working day: the green channel is open
    flow = open_take_number(qtbot, kiosk_ui)
    tap(qtbot, find_button(kiosk_ui.window, "绿色通道"))
    assert "个人信息保护提示" in visible_texts(kiosk_ui.window), "consent is asked before any card is read"
    card = services.devices.simulators()["id_reader"].place(0)  # type: ignore[attr-defined]
    tap(qtbot, find_button(kiosk_ui.window, "同意并读卡"))
    settle(qtbot, kiosk_ui, lambda: flow.step is TakeStep.CONFIRM)
    texts = visible_texts(kiosk_ui.window)
    assert card.masked_id in texts and card.id_number not in " ".join(texts)
    clock.advance(kiosk_ui.kiosk.idle.timeout_s - 5)
    qtbot.waitUntil(kiosk_ui.window.countdown.frame.isVisible, timeout=5_000)
    clock.advance(10)
    qtbot.waitUntil(lambda: kiosk_ui.kiosk.screen == HOME, timeout=5_000)
    settle(qtbot, kiosk_ui)
    assert kiosk_ui.kiosk.session.identity is None and not kiosk_ui.kiosk.session.holds_data
    every_label = [label.text() for label in kiosk_ui.window.findChildren(QLabel)]
    assert not any(card.masked_id in text or "张*例" in text for text in every_label), "nothing of theirs stays"
    assert services.hall.recent_tickets() == []
