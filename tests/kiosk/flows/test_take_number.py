"""Taking a number: categories, the ID card (consent first), double taps, printer faults, refusals, the hall away."""

from __future__ import annotations

from common.refusals import card_timeout, hall_offline
from devices.identity import CardResult, Rejection
from devices.state import DeviceState
from devices.words import Words
from kiosk.flows.card import masked_name
from kiosk.flows.machine import Kiosk
from kiosk.flows.screens import TAKE_NUMBER
from kiosk.flows.take_number import NEEDS_ID, TakeNumberFlow, TakeStep
from kiosk.station.ports import Refused
from tests.kiosk.flows.conftest import CARD, FakeDevices, FakeHall, refresh_offers, run


def open_take(kiosk: Kiosk) -> TakeNumberFlow:
    run(kiosk, kiosk.go(TAKE_NUMBER))
    assert isinstance(kiosk.flow, TakeNumberFlow)
    return kiosk.flow


def test_one_tap_on_a_category_takes_the_number_in_the_citizens_language(kiosk: Kiosk, hall: FakeHall) -> None:
    flow = open_take(kiosk)
    assert flow.step is TakeStep.CHOOSE and [c.prefix for c in flow.categories] == ["A", "B", "V"]
    kiosk.set_language("en")
    run(kiosk, kiosk.track(flow.choose("A")))
    assert flow.step is TakeStep.DONE and flow.message is None
    assert kiosk.session.ticket is not None and kiosk.session.ticket.number == "A001"
    assert hall.taken == [("A", None)] and hall.languages == ["en"], "no card asked for, the ticket in English"


def test_a_double_tap_takes_one_number(kiosk: Kiosk, hall: FakeHall) -> None:
    flow = open_take(kiosk)
    first = kiosk.track(flow.choose("A"))
    second = kiosk.track(flow.choose("A"))
    assert first is not None and second is None
    run(kiosk, kiosk.deliver(first, first.work()))
    assert len(hall.taken) == 1


def test_the_green_channel_reads_the_card_after_consent_and_takes_the_number_for_it(
    kiosk: Kiosk, hall: FakeHall, devices: FakeDevices
) -> None:
    flow = open_take(kiosk)
    flow.choose("V")
    assert flow.step is TakeStep.CONSENT and not kiosk.session.consent
    run(kiosk, kiosk.track(flow.agree()))
    assert flow.step is TakeStep.CONFIRM and masked_name(kiosk.session.identity.name) == "张*例"  # type: ignore[union-attr]
    run(kiosk, kiosk.track(flow.confirm()))
    assert hall.taken == [("V", CARD.id_number)]
    assert kiosk.session.identity is None, "the ID is dropped as soon as the number is taken"


def test_the_green_channel_needs_the_card_and_says_so_when_the_reader_is_out(
    kiosk: Kiosk, hall: FakeHall, devices: FakeDevices
) -> None:
    flow = open_take(kiosk)
    flow.choose("V")
    assert flow.step is TakeStep.CONSENT
    flow.decline()
    assert flow.step is TakeStep.CHOOSE and hall.taken == []
    devices.reader = DeviceState.FAULT
    refresh_offers(kiosk, hall, devices)
    assert flow.choose("V") is None
    assert flow.message == NEEDS_ID and flow.step is TakeStep.REFUSED
    assert "请到人工窗口办理" in NEEDS_ID.zh
    kiosk.back()
    assert flow.step is TakeStep.CHOOSE and flow.message is None


def test_without_a_reader_the_others_still_take_a_number_at_once(
    kiosk: Kiosk, hall: FakeHall, devices: FakeDevices
) -> None:
    devices.reader = DeviceState.OFFLINE
    refresh_offers(kiosk, hall, devices)
    flow = open_take(kiosk)
    run(kiosk, kiosk.track(flow.choose("A")))
    assert flow.step is TakeStep.DONE and hall.taken == [("A", None)]


def test_a_closed_category_says_its_hours_and_what_to_do_on_its_own_page(kiosk: Kiosk, hall: FakeHall) -> None:
    flow = open_take(kiosk)
    assert flow.choose("B") is None
    assert flow.step is TakeStep.REFUSED
    assert flow.message is not None and "09:00-12:00" in flow.message.zh and "closed" in flow.message.en
    assert "请选择其他业务" in flow.message.zh
    flow.choose_again()
    assert flow.step is TakeStep.CHOOSE


def test_paper_out_the_number_is_still_given_with_the_reason(kiosk: Kiosk, hall: FakeHall) -> None:
    hall.printer_ok = False
    flow = open_take(kiosk)
    run(kiosk, kiosk.track(flow.choose("A")))
    assert flow.step is TakeStep.DONE and kiosk.session.ticket is not None
    assert flow.message is not None and flow.message.en == "out of paper, not printed"


def test_one_ticket_per_id_refusal_is_shown_and_the_citizen_can_choose_again(kiosk: Kiosk, hall: FakeHall) -> None:
    hall.refuse = Refused("duplicate_ticket", Words("请勿重复取号", "you already have a number"))
    flow = open_take(kiosk)
    flow.choose("V")
    run(kiosk, kiosk.track(flow.agree()))
    run(kiosk, kiosk.track(flow.confirm()))
    assert flow.step is TakeStep.REFUSED and flow.message is not None and flow.message.zh == "请勿重复取号"
    assert kiosk.session.identity is None
    kiosk.back()
    assert flow.step is TakeStep.CHOOSE


def test_a_card_that_cannot_be_used_says_why_and_can_be_tried_again(kiosk: Kiosk, devices: FakeDevices) -> None:
    devices.card = CardResult.rejected(Rejection.EXPIRED, identity=CARD)
    flow = open_take(kiosk)
    flow.choose("V")
    run(kiosk, kiosk.track(flow.agree()))
    assert flow.step is TakeStep.READ_FAILED and flow.message is not None
    assert flow.message.zh.startswith("身份证已过期。请") and "重新读卡" in flow.message.zh
    assert kiosk.session.identity is None
    devices.card = CardResult.read(CARD)
    run(kiosk, kiosk.track(flow.agree()))
    assert flow.step is TakeStep.CONFIRM


def test_no_card_in_time_is_a_timeout_page_that_says_what_to_do(kiosk: Kiosk, devices: FakeDevices) -> None:
    devices.card = CardResult.no_card()
    flow = open_take(kiosk)
    flow.choose("V")
    run(kiosk, kiosk.track(flow.agree()))
    assert flow.step is TakeStep.READ_FAILED and flow.message == card_timeout(30).words()


def test_back_while_waiting_for_the_card_cancels_the_read_and_shows_the_list(
    kiosk: Kiosk, devices: FakeDevices
) -> None:
    flow = open_take(kiosk)
    flow.choose("V")
    job = kiosk.track(flow.agree())
    assert job is not None and flow.step is TakeStep.READING
    kiosk.back()
    assert devices.cancelled == 1 and kiosk.screen == TAKE_NUMBER
    devices.card = CardResult.no_card()
    run(kiosk, kiosk.deliver(job, job.work()))
    assert flow.step is TakeStep.CHOOSE and flow.message is None, "a wait the citizen ended is no timeout"
    assert not kiosk.session.consent


def test_leaving_the_screen_while_reading_cancels_the_read(kiosk: Kiosk, devices: FakeDevices) -> None:
    flow = open_take(kiosk)
    flow.choose("V")
    job = kiosk.track(flow.agree())
    assert job is not None
    run(kiosk, kiosk.home())
    assert devices.cancelled == 1
    assert kiosk.deliver(job, job.work()) is None and kiosk.session.identity is None


def test_the_hall_away_pauses_taking_numbers_with_the_reason(kiosk: Kiosk, hall: FakeHall) -> None:
    hall.online = False
    flow = open_take(kiosk)
    assert flow.step is TakeStep.PAUSED and flow.message == hall_offline().words()
    hall.online = True
    run(kiosk, kiosk.track(flow.retry()))
    assert flow.step is TakeStep.CHOOSE
