"""Flow screens use the screen's height: the content in the middle of the page, the primary action at the bottom,
just above the footer, in portrait and landscape (no half-empty page under a card at the top)."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from kiosk.flows.navigation import HOME
from kiosk.flows.screens import RATE, TAKE_NUMBER
from kiosk.flows.take_number import TakeNumberFlow, TakeStep
from tests.ui import test_chrome_footer
from tests.ui.conftest import find_button, settle, tap
from ui.app import KioskUi

any_ui = test_chrome_footer.any_ui  # the fixture: the window in portrait and in landscape

NEAR = 80  # px: the primary action's bottom edge is this close to the footer's top
CENTRED = 40  # px: the content's gap above and below differ by at most this


def top_and_bottom(widget: QWidget, window: QWidget) -> tuple[int, int]:
    top = widget.mapTo(window, widget.rect().topLeft()).y()
    return top, top + widget.height()


def test_the_ticket_is_centred_and_its_action_is_at_the_bottom(qtbot: QtBot, any_ui: KioskUi) -> None:
    window = any_ui.window
    tap(qtbot, window.screens[HOME].tiles[TAKE_NUMBER])  # type: ignore[attr-defined]
    flow = any_ui.kiosk.flow
    assert isinstance(flow, TakeNumberFlow)
    settle(qtbot, any_ui, lambda: flow.step is TakeStep.CHOOSE)
    tap(qtbot, find_button(window, "自助服务"))
    settle(qtbot, any_ui, lambda: flow.step is TakeStep.DONE)
    panel = window.screens[TAKE_NUMBER].ticket  # type: ignore[attr-defined]
    footer_top, _ = top_and_bottom(window.footer.frame, window)
    finish_top, finish_bottom = top_and_bottom(panel.finish, window)
    assert 0 <= footer_top - finish_bottom <= NEAR
    page_top, page_bottom = top_and_bottom(window.screens[TAKE_NUMBER].pages, window)  # type: ignore[attr-defined]
    card_top, card_bottom = top_and_bottom(panel.card, window)
    if any_ui.ui.orientation == "portrait":  # the card and its notes in the middle above 完成
        _, last_bottom = top_and_bottom(panel.after, window)
        above, below = card_top - page_top, finish_top - last_bottom
    else:  # the card in the middle of the page's height, its notes and 完成 beside it
        above, below = card_top - page_top, page_bottom - card_bottom
    assert above > 0 and abs(above - below) <= CENTRED, (above, below)


def test_the_rating_scan_card_sits_in_the_middle(qtbot: QtBot, any_ui: KioskUi) -> None:
    window = any_ui.window
    any_ui.ui.go(RATE)
    settle(qtbot, any_ui)
    screen = window.screens[RATE]
    page_top, page_bottom = top_and_bottom(screen.pages, window)  # type: ignore[attr-defined]
    card_top, card_bottom = top_and_bottom(screen.scan_title.parentWidget(), window)  # type: ignore[attr-defined]
    above, below = card_top - page_top, page_bottom - card_bottom
    assert above > 0 and below > 0
    assert abs(above - below) <= CENTRED + 2 * 28, (above, below)  # the (hidden) message's spacing below
