"""A number in two taps from home: 取号, then the category, and the ticket is printed. The ID card is asked for
only where the category needs it (the green channel), never as the default."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from kiosk.flows.navigation import HOME
from kiosk.flows.take_number import TakeNumberFlow, TakeStep
from kiosk.station.services import StationServices
from tests.ui.conftest import find_button, settle, tap, visible_texts
from tests.ui.ticket_support import hold_hall_clock, simulator
from ui.app import KioskUi

TWO_TAPS = 2
WITH_THE_CARD = 4  # 取号, the category, 同意并读卡 (consent), 确认取号 (whose card it is)


class Taps:
    def __init__(self, qtbot: QtBot) -> None:
        self.qtbot, self.count = qtbot, 0

    def __call__(self, widget: QWidget) -> None:
        tap(self.qtbot, widget)
        self.count += 1


def test_every_open_category_gives_a_printed_number_in_two_taps_the_card_only_where_needed(
    qtbot: QtBot, kiosk_ui: KioskUi, services: StationServices
) -> None:
    hold_hall_clock(services)  # Monday 10:00: every staffed category is open
    printer = simulator(services, "printer")
    categories = _open_categories(qtbot, kiosk_ui)
    assert len(categories) >= 4, categories  # A, B, S and the green channel V
    counted: dict[str, int] = {}
    for printed, (prefix, (name, needs_id)) in enumerate(categories.items(), start=1):
        counted[prefix] = _taps_to_a_ticket(qtbot, kiosk_ui, services, prefix, name, needs_id=needs_id)
        assert len(printer.wait_for_receipts(printed, timeout=10)) == printed
    assert counted == {prefix: WITH_THE_CARD if needs_id else TWO_TAPS for prefix, (_, needs_id) in categories.items()}


def _taps_to_a_ticket(
    qtbot: QtBot, kiosk_ui: KioskUi, services: StationServices, prefix: str, name: str, *, needs_id: bool
) -> int:
    """From home to this category's ticket on screen, as a citizen taps; the number of taps."""
    window, kiosk = kiosk_ui.window, kiosk_ui.kiosk
    kiosk_ui.ui.home()
    settle(qtbot, kiosk_ui, lambda: kiosk.screen == HOME)
    taps = Taps(qtbot)
    taps(find_button(window, "取号"))
    settle(qtbot, kiosk_ui, lambda: isinstance(kiosk.flow, TakeNumberFlow) and kiosk.flow.step is TakeStep.CHOOSE)
    assert not any("刷身份证取号" in text for text in visible_texts(window)), "no card choice by default"
    taps(find_button(window, name))
    flow = kiosk.flow
    assert isinstance(flow, TakeNumberFlow)
    if needs_id:
        reader = simulator(services, "id_reader")
        assert flow.step is TakeStep.CONSENT and "个人信息保护提示" in visible_texts(window)
        reader.place(0)
        taps(find_button(window, "同意并读卡"))
        settle(qtbot, kiosk_ui, lambda: flow.step is TakeStep.CONFIRM)
        reader.remove()
        taps(find_button(window, "确认取号"))
    settle(qtbot, kiosk_ui, lambda: flow.step is TakeStep.DONE)
    ticket = kiosk.session.ticket
    assert ticket is not None and ticket.category == prefix and ticket.printed
    assert ticket.number in visible_texts(window)
    return taps.count


def _open_categories(qtbot: QtBot, kiosk_ui: KioskUi) -> dict[str, tuple[str, bool]]:
    """prefix -> (its name on the button, needs the ID card), for the categories open now."""
    kiosk_ui.ui.go("take_number")
    settle(qtbot, kiosk_ui, lambda: isinstance(kiosk_ui.kiosk.flow, TakeNumberFlow))
    flow = kiosk_ui.kiosk.flow
    assert isinstance(flow, TakeNumberFlow)
    return {c.prefix: (c.name_zh, c.needs_id) for c in flow.categories if c.open}
