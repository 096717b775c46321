"""Rating the service: scan the ticket's QR; good ratings go at once; a bad one needs a reason; once per ticket."""

from __future__ import annotations

from dataclasses import replace

from devices.state import DeviceState
from devices.words import Words
from kiosk.flows.machine import Kiosk
from kiosk.flows.offers import MISSING, Need
from kiosk.flows.rate import (
    ALREADY_RATED,
    NOT_A_TICKET,
    OLD_TICKET,
    PICK_A_REASON,
    UNKNOWN_TICKET,
    RateFlow,
    RateStep,
    not_served,
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


def test_the_levels_name_the_number_service_window_and_staff_rated(kiosk: Kiosk, hall: FakeHall) -> None:
    flow = open_rate(kiosk)
    run(kiosk, kiosk.scanned(QR))

    assert hall.looked_up == [TICKET] and flow.step is RateStep.CHOOSE
    subject = {what.en: value for what, value in flow.subject()}
    assert subject["Number"].zh == "S001"
    assert (subject["Service"].zh, subject["Service"].en) == ("自助服务", "Self-service")
    assert (subject["Window"].zh, subject["Window"].en) == ("9号窗口", "Window 9")
    assert (subject["Served by"].zh, subject["Served by"].en) == ("工号 9001", "staff no. 9001")


def test_a_ticket_not_served_yet_or_rated_already_is_not_offered_the_levels(kiosk: Kiosk, hall: FakeHall) -> None:
    assert hall.rated_value is not None
    hall.rated_value = replace(hall.rated_value, served=False, window=None, staff="")
    flow = open_rate(kiosk)
    run(kiosk, kiosk.scanned(QR))
    assert flow.step is RateStep.SCAN and flow.message == not_served("S001", "12345")
    assert "12345" in flow.message.zh and "12345" in flow.message.en  # the refusal names the hotline

    hall.rated_value = replace(hall.rated_value, served=True, rated=True)
    run(kiosk, kiosk.scanned(QR))
    assert flow.step is RateStep.SCAN and flow.message == ALREADY_RATED


def test_with_the_hall_away_the_scanned_ticket_is_rated_all_the_same(kiosk: Kiosk, hall: FakeHall) -> None:
    hall.rated_value = None
    flow = open_rate(kiosk)
    run(kiosk, kiosk.scanned(QR))
    assert flow.step is RateStep.CHOOSE and flow.subject() == [(Words("评价对象", "Rating"), UNKNOWN_TICKET)]
    run(kiosk, kiosk.track(flow.choose(4)))
    assert hall.ratings == [(4, [], TICKET)]


def test_the_reasons_carry_their_english_and_send_their_chinese(kiosk: Kiosk, hall: FakeHall) -> None:
    flow = open_rate(kiosk)
    run(kiosk, kiosk.scanned(QR))
    flow.choose(1)
    assert [reason.en for reason in flow.reasons] == ["Long wait", "Unfriendly staff", "Unclear about materials"]
    flow.toggle_reason(flow.reasons[1].zh)
    run(kiosk, kiosk.track(flow.submit()))
    assert hall.ratings == [(1, ["态度不好"], TICKET)]
