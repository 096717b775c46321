"""Helpers of the take-number, card and check-in tests on the real UI: the embedded hall's clock held at a moment
(its categories open or closed by their hours, whatever the day the tests run), and the real station's devices."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import replace
from datetime import datetime
from typing import Any

import httpx
import pytest
from pytestqt.qtbot import QtBot

from hall.tokens import Role, create_token
from kiosk.flows.flow import KioskSettings
from kiosk.station.services import StationServices
from tests.support.clocks import FrozenClock
from tests.support.hall import MONDAY_10AM
from tests.ui.conftest import MovableClock
from ui.app import PORTRAIT, KioskUi


def hold_hall_clock(services: StationServices, moment: datetime = MONDAY_10AM) -> FrozenClock:
    """The embedded hall's queue and appointments take their time from this clock from now on."""
    embedded = services.embedded
    assert embedded is not None and embedded.hall is not None, "the tests run the embedded hall"
    clock = FrozenClock(moment)
    embedded.hall.queue.clock = clock
    return clock


def simulator(services: StationServices, kind: str) -> Any:
    return services.devices.simulators()[kind]


CARD_WAIT_S = 1.0  # the wait for an ID card in these tests: a timeout without waiting half a minute


@pytest.fixture
def short_wait_ui(qtbot: QtBot, services: StationServices, clock: MovableClock) -> Iterator[KioskUi]:
    """The real UI over the station, waiting ``CARD_WAIT_S`` for an ID card."""
    settings = replace(KioskSettings.from_config(services.config), card_timeout_s=CARD_WAIT_S)
    made = KioskUi(
        hall=services.hall, devices=services.devices, technician=services.technician, settings=settings, clock=clock
    )
    made.window.resize(PORTRAIT)
    made.show(kiosk_mode=False)
    qtbot.waitUntil(lambda: made.runner.pending == 0 and made.kiosk.offers.hall_online, timeout=10_000)
    yield made
    made.close()


def without(kiosk_ui: KioskUi, **devices_out: bool) -> None:
    """The kiosk's offers with these devices out (``can_read_id=False`` ...), as a device fault would make them."""
    kiosk = kiosk_ui.kiosk
    kiosk.set_offers(replace(kiosk.offers, **devices_out))


def staff_token(services: StationServices) -> str:
    embedded = services.embedded
    assert embedded is not None and embedded.hall is not None
    return create_token(embedded.hall.sessions, f"staff-{uuid.uuid4().hex[:6]}", Role.STAFF)


def book(services: StationServices, code: str, day: str, slot: tuple[str, str], category: str = "A") -> None:
    """An appointment booked as the hall's booking system does (a staff token, the real API)."""
    embedded = services.embedded
    assert embedded is not None
    body = {"code": code, "date": day, "slot_start": slot[0], "slot_end": slot[1], "category": category,
            "id_number": "990303195801150015"}  # fmt: skip
    headers = {"Authorization": f"Bearer {staff_token(services)}"}
    answer = httpx.post(f"{embedded.url}/api/v1/appointments", json=body, headers=headers, timeout=5)
    assert answer.status_code == 201, answer.text
