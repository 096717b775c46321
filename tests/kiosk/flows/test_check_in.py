"""Appointment check-in: a QR scan on the choosing step, or the ID card after consent."""

from __future__ import annotations

from common.refusals import hall_offline
from devices.identity import CardResult
from devices.state import DeviceState
from kiosk.flows.check_in import NO_WAY_IN, CheckInFlow, CheckInStep
from kiosk.flows.machine import Kiosk
from kiosk.flows.screens import CHECK_IN
from tests.kiosk.flows.conftest import CARD, FakeDevices, FakeHall, refresh_offers, run


def open_check_in(kiosk: Kiosk) -> CheckInFlow:
    run(kiosk, kiosk.go(CHECK_IN))
    assert isinstance(kiosk.flow, CheckInFlow)
    return kiosk.flow


def test_scanning_the_appointment_code_checks_in(kiosk: Kiosk, hall: FakeHall) -> None:
    flow = open_check_in(kiosk)
    run(kiosk, kiosk.scanned("APPT-123\n"))
    assert flow.step is CheckInStep.DONE and hall.checked_in == [("APPT-123", None)]
    assert kiosk.session.ticket is not None


def test_a_second_scan_while_checking_in_is_ignored(kiosk: Kiosk, hall: FakeHall) -> None:
    open_check_in(kiosk)
    job = kiosk.scanned("APPT-1")
    assert kiosk.scanned("APPT-1") is None
    assert job is not None
    run(kiosk, kiosk.deliver(job, job.work()))
    assert kiosk.scanned("APPT-2") is None  # the screen now shows the ticket
    assert hall.checked_in == [("APPT-1", None)]


def test_an_unknown_code_says_so_and_another_can_be_scanned(kiosk: Kiosk, hall: FakeHall) -> None:
    flow = open_check_in(kiosk)
    run(kiosk, kiosk.scanned("unknown"))
    assert flow.step is CheckInStep.CHOOSE and flow.message is not None and flow.message.zh == "未找到预约"
    run(kiosk, kiosk.scanned("APPT-9"))
    assert flow.step is CheckInStep.DONE


def test_by_id_card_after_consent(kiosk: Kiosk, hall: FakeHall) -> None:
    flow = open_check_in(kiosk)
    flow.use_id_card()
    assert flow.step is CheckInStep.CONSENT
    assert kiosk.scanned("APPT-1") is None  # not while the privacy notice shows
    run(kiosk, kiosk.track(flow.agree()))
    assert hall.checked_in == [(None, CARD.id_number)] and kiosk.session.identity is None


def test_with_neither_scanner_nor_reader_it_sends_the_citizen_to_a_window(
    kiosk: Kiosk, hall: FakeHall, devices: FakeDevices
) -> None:
    devices.scanner = devices.reader = DeviceState.FAULT
    refresh_offers(kiosk, hall, devices)
    flow = open_check_in(kiosk)
    assert flow.message == NO_WAY_IN
    flow.use_id_card()
    assert flow.step is CheckInStep.CHOOSE


def test_no_card_in_time_offers_the_qr_code_as_the_way_on(kiosk: Kiosk, hall: FakeHall, devices: FakeDevices) -> None:
    devices.card = CardResult.no_card()
    flow = open_check_in(kiosk)
    flow.use_id_card()
    run(kiosk, kiosk.track(flow.agree()))
    assert flow.step is CheckInStep.READ_FAILED and flow.message is not None
    assert "扫描预约二维码" in flow.message.zh and "scan your appointment QR code" in flow.message.en
    devices.scanner = DeviceState.FAULT
    refresh_offers(kiosk, hall, devices)
    run(kiosk, kiosk.track(flow.agree()))
    assert flow.message is not None and "二维码" not in flow.message.zh, "no way through a scanner that is out"


def test_the_hall_away_says_where_to_go_instead(kiosk: Kiosk, hall: FakeHall) -> None:
    flow = open_check_in(kiosk)
    hall.online = False
    run(kiosk, kiosk.scanned("APPT-1"))
    assert flow.step is CheckInStep.CHOOSE and flow.message == hall_offline().words()
