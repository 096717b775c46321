"""Rating the service: scan the ticket's QR; good ratings go at once; a bad one needs a reason; once per ticket."""

from __future__ import annotations

from devices.state import DeviceState
from kiosk.flows.machine import Kiosk
from kiosk.flows.offers import MISSING, Need
from kiosk.flows.rate import (
    ALREADY_RATED,
    NOT_A_TICKET,
    OLD_TICKET,
    PICK_A_REASON,
    RateFlow,
    RateStep,
    ticket_code_from,
)
from kiosk.flows.screens import RATE
from tests.kiosk.flows.conftest import FakeDevices, FakeHall, refresh_offers, run

TICKET = "1.jwwqjlt9TB6aUy9tHgt8RHn2ZPVIzyQvl6R-bg"  # a ticket's signed code (common/signedcode.py)
QR = f"http://127.0.0.1:8700/q/{TICKET}"


def open_rate(kiosk: Kiosk) -> RateFlow:
    run(kiosk, kiosk.go(RATE))
    assert isinstance(kiosk.flow, RateFlow)
    return kiosk.flow


def test_the_ticket_qr_gives_its_signed_code_and_a_bare_ticket_id_gives_nothing() -> None:
    assert ticket_code_from(QR) == TICKET
    assert ticket_code_from(f" {QR}\r\n") == TICKET
    assert ticket_code_from(QR.upper()) is None  # a code is sent as printed, never respelled
    assert ticket_code_from("http://127.0.0.1:8700/q/8f0c2a8e-5b7d-4c1e-9a53-2f6d1e0b7c44") is None  # old tickets
    assert ticket_code_from("http://127.0.0.1:8700/r/abc") is None
    assert ticket_code_from("APPT-123") is None


def test_nothing_is_rated_before_a_ticket_is_scanned(kiosk: Kiosk, hall: FakeHall) -> None:
    flow = open_rate(kiosk)
    assert flow.step is RateStep.SCAN and flow.choose(5) is None
    run(kiosk, kiosk.scanned("APPT-123"))
    assert flow.step is RateStep.SCAN and flow.message == NOT_A_TICKET and hall.ratings == []


def test_a_ticket_printed_before_signed_codes_is_sent_to_the_window_pad(kiosk: Kiosk, hall: FakeHall) -> None:
    flow = open_rate(kiosk)
    run(kiosk, kiosk.scanned("http://127.0.0.1:8700/q/8f0c2a8e-5b7d-4c1e-9a53-2f6d1e0b7c44"))
    assert flow.step is RateStep.SCAN and flow.message == OLD_TICKET and hall.ratings == []
    assert "评价器" in OLD_TICKET.zh and "pad" in OLD_TICKET.en


def test_a_good_rating_is_sent_with_one_tap(kiosk: Kiosk, hall: FakeHall) -> None:
    flow = open_rate(kiosk)
    run(kiosk, kiosk.scanned(QR))
    assert flow.step is RateStep.CHOOSE
    run(kiosk, kiosk.track(flow.choose(5)))
    assert flow.step is RateStep.THANKS and hall.ratings == [(5, [], TICKET)]
    assert kiosk.session.rating_ticket is None


def test_a_bad_rating_needs_a_reason(kiosk: Kiosk, hall: FakeHall) -> None:
    flow = open_rate(kiosk)
    run(kiosk, kiosk.scanned(QR))
    assert flow.choose(2) is None and flow.step is RateStep.REASONS
    assert flow.submit() is None and flow.message == PICK_A_REASON
    flow.toggle_reason("态度不好")
    flow.toggle_reason("等候时间长")
    flow.toggle_reason("态度不好")
    flow.toggle_reason("not on the list")
    run(kiosk, kiosk.track(flow.submit()))
    assert hall.ratings == [(2, ["等候时间长"], TICKET)]
    assert kiosk.session.rating_level is None


def test_a_ticket_is_rated_once(kiosk: Kiosk, hall: FakeHall) -> None:
    flow = open_rate(kiosk)
    run(kiosk, kiosk.scanned(QR))
    run(kiosk, kiosk.track(flow.choose(4)))
    again = open_rate(kiosk)
    run(kiosk, kiosk.scanned(QR))
    assert again.step is RateStep.SCAN and again.message == ALREADY_RATED
    assert hall.ratings == [(4, [], TICKET)]


def test_back_from_the_levels_scans_another_ticket(kiosk: Kiosk) -> None:
    flow = open_rate(kiosk)
    run(kiosk, kiosk.scanned(QR))
    kiosk.back()
    assert flow.step is RateStep.SCAN and kiosk.session.rating_ticket is None


def test_without_a_scanner_it_says_so(kiosk: Kiosk, hall: FakeHall, devices: FakeDevices) -> None:
    devices.scanner = DeviceState.FAULT
    refresh_offers(kiosk, hall, devices)
    flow = open_rate(kiosk)
    assert flow.message == MISSING[Need.SCANNER]
