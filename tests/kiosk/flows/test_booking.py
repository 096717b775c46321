"""Appointment booking and managing an appointment, as plain logic over an in-memory booking port."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from kiosk.flows.booking import BookingFlow
from kiosk.flows.booking_manage import BookingStep, Mode
from kiosk.flows.booking_words import BOOKING_PAUSED, CANCELLED, NONE_FOUND, NOT_A_SLIP, PRINTED
from kiosk.flows.flow import KioskSettings
from kiosk.flows.machine import Kiosk
from kiosk.flows.offers import Offers
from kiosk.flows.screens import BOOKING, default_registry
from kiosk.station.booking_port import Slot
from tests.kiosk.flows.booking_fakes import FakeBooking
from tests.kiosk.flows.conftest import CARD, FakeDevices, FakeHall, FakeTechnician, run
from tests.support.clocks import SteppedClock

PHONE = "13812345678"


@pytest.fixture
def booking() -> FakeBooking:
    return FakeBooking()


@pytest.fixture
def booking_kiosk(hall: FakeHall, devices: FakeDevices, clock: SteppedClock, booking: FakeBooking) -> Kiosk:
    made = Kiosk(
        hall=hall, devices=devices, technician=FakeTechnician(lambda: datetime.now(UTC)), registry=default_registry(),
        settings=KioskSettings(hall_name="示例市政务服务中心"), clock=clock, offers=Offers.read(hall, devices),
        booking=booking,
    )  # fmt: skip
    run(made, made.start())
    return made


def open_booking(kiosk: Kiosk) -> BookingFlow:
    run(kiosk, kiosk.go(BOOKING))
    assert isinstance(kiosk.flow, BookingFlow) and kiosk.flow.step is BookingStep.START
    return kiosk.flow


def step(flow: BookingFlow) -> BookingStep:
    """The step now (a call between two looks may have moved it)."""
    return flow.step


def first_free(flow: BookingFlow) -> Slot:
    return next(slot for day in flow.picker.days for slot in day.slots if slot.free > 0)


def to_confirm(kiosk: Kiosk, flow: BookingFlow, code: str = "A-1") -> Slot:
    flow.book_new()
    run(kiosk, kiosk.track(flow.choose_item(code)))
    assert step(flow) is BookingStep.SLOTS
    slot = first_free(flow)
    flow.choose_slot(slot.key)
    assert step(flow) is BookingStep.CONSENT
    run(kiosk, kiosk.track(flow.agree()))
    assert step(flow) is BookingStep.PHONE
    for digit in PHONE:
        flow.key(digit)
    flow.phone_done()
    assert step(flow) is BookingStep.CONFIRM
    return slot


def test_the_tile_shows_only_on_a_kiosk_with_a_booking_port(kiosk: Kiosk, booking_kiosk: Kiosk) -> None:
    assert BOOKING not in [name for name, _ in kiosk.tiles()]
    assert BOOKING in [name for name, _ in booking_kiosk.tiles()]


def test_booking_prints_the_slip_and_forgets_the_card(booking_kiosk: Kiosk, booking: FakeBooking) -> None:
    flow = open_booking(booking_kiosk)
    slot = to_confirm(booking_kiosk, flow)
    run(booking_kiosk, booking_kiosk.track(flow.confirm()))

    assert step(flow) is BookingStep.DONE and flow.message == PRINTED
    assert flow.booking is not None and flow.booking.start == slot.start
    assert booking.printed == [(flow.booking.code, "zh_CN")]
    assert booking_kiosk.session.identity is None and flow.id_number is None and flow.phone == ""


def test_the_days_hold_full_times_shown_as_full(booking_kiosk: Kiosk, booking: FakeBooking) -> None:
    flow = open_booking(booking_kiosk)
    flow.book_new()
    run(booking_kiosk, booking_kiosk.track(flow.choose_item("A-1")))
    full = first_free(flow)
    booking.fill(full)
    assert flow.item is not None
    run(booking_kiosk, booking_kiosk.track(flow.load_slots(flow.item)))
    day = flow.picker.day
    assert day is not None and [s.free for s in day.slots if s.key == full.key] == [0]
    flow.choose_slot(full.key)
    assert step(flow) is BookingStep.SLOTS  # a full time cannot be chosen
    assert all(d.day.weekday() < 5 for d in flow.picker.days) and len(flow.picker.days) == 6


@pytest.mark.parametrize(
    ("typed", "says"),
    [("1381234567", "您输入了 10 位"), ("12812345678", "应以 13 至 19 开头"), ("", "您输入了 0 位")],
)
def test_a_bad_phone_number_is_said_plainly(booking_kiosk: Kiosk, typed: str, says: str) -> None:
    flow = open_booking(booking_kiosk)
    flow.book_new()
    run(booking_kiosk, booking_kiosk.track(flow.choose_item("A-1")))
    flow.choose_slot(first_free(flow).key)
    run(booking_kiosk, booking_kiosk.track(flow.agree()))
    for digit in typed:
        flow.key(digit)
    flow.phone_done()
    assert step(flow) is BookingStep.PHONE and flow.message is not None and says in flow.message.zh
    assert flow.message.en


def test_a_twelfth_digit_is_not_taken(booking_kiosk: Kiosk) -> None:
    flow = open_booking(booking_kiosk)
    flow.step = BookingStep.PHONE
    for digit in PHONE + "9":
        flow.key(digit)
    assert flow.phone == PHONE


def test_a_time_taken_meanwhile_offers_the_next_free_ones(booking_kiosk: Kiosk, booking: FakeBooking) -> None:
    flow = open_booking(booking_kiosk)
    slot = to_confirm(booking_kiosk, flow)
    booking.fill(slot)  # another kiosk books the last place while this citizen reads the confirm page
    run(booking_kiosk, booking_kiosk.track(flow.confirm()))

    assert step(flow) is BookingStep.SLOTS and flow.message is not None and "被别人约满" in flow.message.zh
    assert flow.picker.alternatives and all(s.free > 0 and s.key > slot.key for s in flow.picker.alternatives)
    flow.choose_slot(flow.picker.alternatives[0].key)
    assert step(flow) is BookingStep.CONFIRM  # the card and the phone are kept: nothing to type again
    run(booking_kiosk, booking_kiosk.track(flow.confirm()))
    assert step(flow) is BookingStep.DONE


def test_the_limit_names_the_appointment_and_offers_to_manage_it(booking_kiosk: Kiosk, booking: FakeBooking) -> None:
    flow = open_booking(booking_kiosk)
    to_confirm(booking_kiosk, flow)
    run(booking_kiosk, booking_kiosk.track(flow.confirm()))
    first = flow.booking
    flow = open_booking(booking_kiosk)
    to_confirm(booking_kiosk, flow)
    run(booking_kiosk, booking_kiosk.track(flow.confirm()))

    assert step(flow) is BookingStep.LIMIT and flow.chosen == first
    assert flow.message is not None and "已有" in flow.message.zh
    flow.manage_existing()
    assert step(flow) is BookingStep.MANAGE and flow.mode is Mode.MANAGE


def test_cancel_by_the_slips_qr_asks_first(booking_kiosk: Kiosk, booking: FakeBooking) -> None:
    flow = open_booking(booking_kiosk)
    to_confirm(booking_kiosk, flow)
    run(booking_kiosk, booking_kiosk.track(flow.confirm()))
    made = flow.booking
    assert made is not None
    run(booking_kiosk, booking_kiosk.home())
    flow = open_booking(booking_kiosk)
    run(booking_kiosk, booking_kiosk.scanned(made.qr_text))
    assert step(flow) is BookingStep.MANAGE and flow.chosen == made

    flow.ask_cancel()
    assert step(flow) is BookingStep.CANCEL_CONFIRM and booking.find(qr_text=made.qr_text)
    run(booking_kiosk, booking_kiosk.track(flow.cancel()))
    assert step(flow) is BookingStep.CANCELLED and flow.message == CANCELLED
    assert booking.find(qr_text=made.qr_text) == []


def test_change_by_id_card_moves_it_and_prints_a_new_slip(booking_kiosk: Kiosk, booking: FakeBooking) -> None:
    flow = open_booking(booking_kiosk)
    to_confirm(booking_kiosk, flow)
    run(booking_kiosk, booking_kiosk.track(flow.confirm()))
    made = flow.booking
    assert made is not None
    run(booking_kiosk, booking_kiosk.home())
    flow = open_booking(booking_kiosk)
    flow.manage()
    flow.use_id_card()
    run(booking_kiosk, booking_kiosk.track(flow.agree()))
    assert step(flow) is BookingStep.MANAGE and flow.id_number == CARD.id_number

    run(booking_kiosk, booking_kiosk.track(flow.change()))
    assert step(flow) is BookingStep.SLOTS and flow.mode is Mode.CHANGE
    later = next(s for d in flow.picker.days for s in d.slots if s.free > 0 and s.key > made.day.isoformat() + "T10")
    flow.choose_slot(later.key)
    assert step(flow) is BookingStep.CONFIRM
    run(booking_kiosk, booking_kiosk.track(flow.confirm()))
    assert step(flow) is BookingStep.DONE and flow.booking is not None and flow.booking.start == later.start
    assert len(booking.printed) == 2


def test_a_change_to_a_time_taken_meanwhile_keeps_the_old_one(booking_kiosk: Kiosk, booking: FakeBooking) -> None:
    flow = open_booking(booking_kiosk)
    to_confirm(booking_kiosk, flow)
    run(booking_kiosk, booking_kiosk.track(flow.confirm()))
    made = flow.booking
    assert made is not None
    run(booking_kiosk, booking_kiosk.home())
    flow = open_booking(booking_kiosk)
    run(booking_kiosk, booking_kiosk.scanned(made.qr_text))
    run(booking_kiosk, booking_kiosk.track(flow.change()))
    target = next(s for d in flow.picker.days for s in d.slots if s.free > 0 and s.start != made.start)
    flow.choose_slot(target.key)
    booking.fill(target)
    run(booking_kiosk, booking_kiosk.track(flow.confirm()))
    assert step(flow) is BookingStep.SLOTS and flow.message is not None and "原预约保持不变" in flow.message.zh
    assert booking.find(qr_text=made.qr_text) == [made]


def test_nothing_found_says_so(booking_kiosk: Kiosk) -> None:
    flow = open_booking(booking_kiosk)
    run(booking_kiosk, booking_kiosk.scanned("YY-NOTHING"))
    assert step(flow) is BookingStep.FIND and flow.message == NONE_FOUND.words()


def test_the_hall_away_pauses_booking_and_keeps_what_was_chosen(booking_kiosk: Kiosk, booking: FakeBooking) -> None:
    flow = open_booking(booking_kiosk)
    to_confirm(booking_kiosk, flow)
    booking.online = False
    run(booking_kiosk, booking_kiosk.track(flow.confirm()))
    assert step(flow) is BookingStep.CONFIRM and flow.message == BOOKING_PAUSED.words()
    booking.online = True
    run(booking_kiosk, booking_kiosk.track(flow.confirm()))
    assert step(flow) is BookingStep.DONE


def test_items_while_the_hall_is_away_pause_with_a_retry(booking_kiosk: Kiosk, booking: FakeBooking) -> None:
    booking.online = False
    run(booking_kiosk, booking_kiosk.go(BOOKING))
    flow = booking_kiosk.flow
    assert isinstance(flow, BookingFlow) and step(flow) is BookingStep.PAUSED
    booking.online = True
    run(booking_kiosk, booking_kiosk.track(flow.retry()))
    assert step(flow) is BookingStep.START


def test_items_are_found_by_pinyin_initials_or_name(booking_kiosk: Kiosk) -> None:
    flow = open_booking(booking_kiosk)
    flow.book_new()
    flow.toggle_search()
    for letter in "SFZ":
        flow.type_letter(letter)
    assert [item.code for item in flow.shown_items()] == ["A-1"]
    flow.erase()
    flow.erase()
    flow.erase()
    assert len(flow.shown_items()) == 2


def test_back_walks_the_steps_and_a_printer_fault_is_said(booking_kiosk: Kiosk, booking: FakeBooking) -> None:
    flow = open_booking(booking_kiosk)
    to_confirm(booking_kiosk, flow)
    assert booking_kiosk.back() is None and step(flow) is BookingStep.PHONE
    assert booking_kiosk.back() is None and step(flow) is BookingStep.SLOTS
    assert booking_kiosk.back() is None and step(flow) is BookingStep.ITEM
    booking.printer_ok = False
    run(booking_kiosk, booking_kiosk.track(flow.choose_item("A-1")))
    flow.choose_slot(first_free(flow).key)
    assert step(flow) is BookingStep.CONFIRM  # card and phone kept
    run(booking_kiosk, booking_kiosk.track(flow.confirm()))
    assert step(flow) is BookingStep.DONE and flow.message is not None and "缺纸" in flow.message.zh


def test_a_code_that_is_not_a_slips_is_said_plainly(booking_kiosk: Kiosk, booking: FakeBooking) -> None:
    flow = open_booking(booking_kiosk)
    run(booking_kiosk, booking_kiosk.scanned("http://hall.example/q/AbC.def"))  # a ticket's QR code
    assert step(flow) is BookingStep.FIND and flow.message == NOT_A_SLIP.words()
