"""The payment screens' UI: the real station's UI with a payment port, and the steps a test walks."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from pytestqt.qtbot import QtBot

from kiosk.flows.payment import PAYMENT_SCREEN, PaymentFlow
from kiosk.station.payment_port import PaymentPort
from kiosk.station.services import StationServices
from tests.ui.conftest import MovableClock, settle, shown_ui
from ui.app import KioskUi


@contextmanager
def payment_ui(qtbot: QtBot, services: StationServices, clock: MovableClock, payment: PaymentPort) -> Iterator[KioskUi]:
    """The kiosk's UI on the station, with ``payment`` as its payment port, shown once home has loaded."""
    with shown_ui(qtbot, services, clock, with_disclosure=False, payment=payment) as made:
        yield made


def open_payment(qtbot: QtBot, kiosk_ui: KioskUi) -> PaymentFlow:
    kiosk_ui.ui.go(PAYMENT_SCREEN)
    settle(qtbot, kiosk_ui)
    flow = kiosk_ui.kiosk.flow
    assert isinstance(flow, PaymentFlow)
    return flow


def scan(qtbot: QtBot, kiosk_ui: KioskUi, text: str, until: Callable[[], bool]) -> None:
    """The simulated scanner reads ``text``; ``until`` says the screen has taken it."""
    scanner = kiosk_ui.kiosk.context.devices.simulators()["scanner"]
    scanner.send_code(text)  # type: ignore[attr-defined]
    settle(qtbot, kiosk_ui, until)
