"""Appointment booking on the real station: the embedded hall (its clock held on a working Monday 10:00), the
simulated ID card reader, printer and scanner, the real UI tapped through with pytest-qt.

The loop the issue asks for: book, print the slip, read the QR code back from the printed picture, and check in
with it on the check-in screen for a Y ticket. Then a time taken by another kiosk while the citizen reads the
confirm page, the per-person limit, cancel and change from the slip's QR, and a bad phone number."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

import pytest
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from common.refusals import hall_offline_paused
from drivers.camera.decoders import decode_image_file
from kiosk.flows.booking import BookingFlow
from kiosk.flows.booking_manage import BookingStep
from kiosk.flows.check_in import CheckInFlow, CheckInStep
from kiosk.flows.flow import KioskSettings
from kiosk.hallclient import HallClient
from kiosk.hallclient.booking import BookingClient
from kiosk.printing.booking_slip import day_words, span
from kiosk.station.services import StationServices
from tests.support.clocks import FrozenClock
from tests.ui.conftest import MovableClock, find_button, settle, tap, text_of, visible_texts
from tests.ui.ticket_support import hold_hall_clock, simulator
from ui.app import PORTRAIT, KioskUi
from ui.screens.booking import BookingScreen

ITEM = "居民身份证换领（有效期满）"  # category Y, 20-minute slots, two windows: two places a slot
FIRST_TIME = "10:40-11:00"  # Monday 10:00, booked at least 30 minutes ahead: 10:40 is the first
PHONE = "13812345678"


@pytest.fixture
def hall_clock(services: StationServices) -> FrozenClock:
    return hold_hall_clock(services)


@pytest.fixture
def booking_ui(
    qtbot: QtBot, services: StationServices, clock: MovableClock, hall_clock: FrozenClock
) -> Iterator[KioskUi]:
    """The real UI with the station's booking port; its day is the hall's."""
    settings = replace(KioskSettings.from_config(services.config), card_timeout_s=5)
    made = KioskUi(
        hall=services.hall, devices=services.devices, technician=services.technician, settings=settings,
        clock=clock, wall_clock=hall_clock, booking=services.booking,
    )  # fmt: skip
    made.window.resize(PORTRAIT)
    made.show(kiosk_mode=False)
    qtbot.waitUntil(lambda: made.runner.pending == 0 and made.kiosk.offers.hall_online, timeout=10_000)
    yield made
    made.close()


def flow_of(kiosk_ui: KioskUi) -> BookingFlow:
    flow = kiosk_ui.kiosk.flow
    assert isinstance(flow, BookingFlow)
    return flow


def at(qtbot: QtBot, kiosk_ui: KioskUi, step: BookingStep) -> BookingFlow:
    settle(qtbot, kiosk_ui, lambda: isinstance(kiosk_ui.kiosk.flow, BookingFlow) and flow_of(kiosk_ui).step is step)
    return flow_of(kiosk_ui)


def open_booking(qtbot: QtBot, kiosk_ui: KioskUi) -> None:
    tap(qtbot, find_button(kiosk_ui.window, "预约办理"))
    at(qtbot, kiosk_ui, BookingStep.START)


def to_slots(qtbot: QtBot, kiosk_ui: KioskUi) -> BookingFlow:
    open_booking(qtbot, kiosk_ui)
    tap(qtbot, find_button(kiosk_ui.window, "新预约"))
    at(qtbot, kiosk_ui, BookingStep.ITEM)
    tap(qtbot, find_button(kiosk_ui.window, ITEM))
    return at(qtbot, kiosk_ui, BookingStep.SLOTS)


def type_phone(qtbot: QtBot, kiosk_ui: KioskUi, digits: str) -> None:
    for digit in digits:
        tap(qtbot, find_button(kiosk_ui.window, digit))
    tap(qtbot, find_button(kiosk_ui.window, "下一步"))
    settle(qtbot, kiosk_ui)


def to_confirm(
    qtbot: QtBot, kiosk_ui: KioskUi, services: StationServices, card: int = 0, *, on_slots: bool = False
) -> BookingFlow:
    if not on_slots:
        to_slots(qtbot, kiosk_ui)
    tap(qtbot, find_button(kiosk_ui.window, FIRST_TIME))
    at(qtbot, kiosk_ui, BookingStep.CONSENT)
    tap(qtbot, find_button(kiosk_ui.window, "同意并读卡"))
    simulator(services, "id_reader").place(card)
    at(qtbot, kiosk_ui, BookingStep.PHONE)
    simulator(services, "id_reader").remove()
    type_phone(qtbot, kiosk_ui, PHONE)
    return at(qtbot, kiosk_ui, BookingStep.CONFIRM)


def book(
    qtbot: QtBot, kiosk_ui: KioskUi, services: StationServices, card: int = 0, *, on_slots: bool = False
) -> BookingFlow:
    to_confirm(qtbot, kiosk_ui, services, card, on_slots=on_slots)
    tap(qtbot, find_button(kiosk_ui.window, "确认预约"))
    return at(qtbot, kiosk_ui, BookingStep.DONE)


def test_a_slip_booked_here_checks_in_by_its_printed_qr_code(
    qtbot: QtBot, booking_ui: KioskUi, services: StationServices, hall_clock: FrozenClock
) -> None:
    to_slots(qtbot, booking_ui)
    assert "选择日期（节假日不办理）" in visible_texts(booking_ui.window)
    times = [text.split("\n")[0] for text in _buttons(booking_ui) if text[:2].isdigit() and ":" in text[:3]]
    assert times[0] == FIRST_TIME  # the times already too near are not offered
    flow = book(qtbot, booking_ui, services, on_slots=True)
    made = flow.booking
    assert made is not None and made.code in visible_texts(booking_ui.window)
    assert "预约凭证已打印，请在出纸口取走" in visible_texts(booking_ui.window)
    assert booking_ui.kiosk.session.identity is None

    [slip] = simulator(services, "printer").wait_for_receipts(1, timeout=10)
    assert slip.path is not None and not slip.truncated
    [code] = decode_image_file(slip.path)  # the QR code as a scanner reads it off the paper
    assert code.text == made.qr_text

    tap(qtbot, find_button(booking_ui.window, "完成"))
    settle(qtbot, booking_ui, lambda: booking_ui.kiosk.screen == "home")
    hall_clock.advance(minutes=40)  # 10:40, the appointment's time: check-in is open
    tap(qtbot, find_button(booking_ui.window, "预约签到"))
    settle(qtbot, booking_ui, lambda: isinstance(booking_ui.kiosk.flow, CheckInFlow))
    simulator(services, "scanner").send_code(code.text)
    check_in = booking_ui.kiosk.flow
    assert isinstance(check_in, CheckInFlow)
    settle(qtbot, booking_ui, lambda: check_in.step is CheckInStep.DONE)
    ticket = booking_ui.kiosk.session.ticket
    assert ticket is not None and ticket.number.startswith("Y")
    assert ticket.number in visible_texts(booking_ui.window)


def test_a_time_taken_by_another_kiosk_meanwhile_offers_the_next_ones(
    qtbot: QtBot, booking_ui: KioskUi, services: StationServices
) -> None:
    flow = to_confirm(qtbot, booking_ui, services)
    slot, item = flow.slot, flow.item
    assert slot is not None and item is not None
    embedded = services.embedded
    assert embedded is not None
    other = HallClient(services.config.hall.url, embedded.kiosk_token)  # a second kiosk, its own connection
    try:
        reader = simulator(services, "id_reader")
        for identity in reader.identities[1:3]:  # the slot's two places go to two other people
            BookingClient(other).book(item.code, slot, id_number=identity.id_number, phone="13900001111")
    finally:
        other.close()

    tap(qtbot, find_button(booking_ui.window, "确认预约"))
    flow = at(qtbot, booking_ui, BookingStep.SLOTS)
    texts = visible_texts(booking_ui.window)
    assert "您选的时段刚刚被别人约满了。" in texts and "请从下面选择其他时段。" in texts and "可预约的最近时段" in texts
    full = find_button(booking_ui.window, FIRST_TIME)  # shown as full, not hidden
    assert text_of(full) == f"{FIRST_TIME}\n已约满" and not full.isEnabled()
    alternative = flow.picker.alternatives[0]
    assert alternative.free > 0 and alternative.key > slot.key
    screen = booking_ui.window.findChild(BookingScreen)
    assert screen is not None
    offered = screen.slots_page.instead.buttons[0]
    assert text_of(offered) == f"{span(alternative.start, alternative.end)}\n{day_words(alternative.day).zh}"
    tap(qtbot, offered)
    at(qtbot, booking_ui, BookingStep.CONFIRM)  # the card and the phone are kept
    tap(qtbot, find_button(booking_ui.window, "确认预约"))
    flow = at(qtbot, booking_ui, BookingStep.DONE)
    assert flow.booking is not None and flow.booking.start == alternative.start


def _buttons(kiosk_ui: KioskUi) -> list[str]:
    return [text_of(b) for b in kiosk_ui.window.findChildren(QPushButton) if b.isVisible()]


def test_the_limit_names_the_appointment_and_manage_cancels_it(
    qtbot: QtBot, booking_ui: KioskUi, services: StationServices
) -> None:
    first = book(qtbot, booking_ui, services).booking
    assert first is not None
    tap(qtbot, find_button(booking_ui.window, "完成"))
    settle(qtbot, booking_ui, lambda: booking_ui.kiosk.screen == "home")
    to_confirm(qtbot, booking_ui, services)
    tap(qtbot, find_button(booking_ui.window, "确认预约"))
    flow = at(qtbot, booking_ui, BookingStep.LIMIT)
    texts = visible_texts(booking_ui.window)
    assert "您已有这个事项的预约。" in texts and f"预约码：{first.code}" in texts
    assert "您可以点“管理这个预约”取消或改约，或到服务台咨询。" in texts

    tap(qtbot, find_button(booking_ui.window, "管理这个预约"))
    at(qtbot, booking_ui, BookingStep.MANAGE)
    tap(qtbot, find_button(booking_ui.window, "取消预约"))
    at(qtbot, booking_ui, BookingStep.CANCEL_CONFIRM)
    assert any("确定要取消这个预约吗" in text for text in visible_texts(booking_ui.window))
    tap(qtbot, find_button(booking_ui.window, "确定取消"))
    flow = at(qtbot, booking_ui, BookingStep.CANCELLED)
    assert flow.chosen is not None and flow.chosen.status == "cancelled"
    assert services.booking is not None and services.booking.find(qr_text=first.qr_text) == []


def test_change_by_the_slips_qr_moves_it_and_prints_a_new_slip(
    qtbot: QtBot, booking_ui: KioskUi, services: StationServices
) -> None:
    first = book(qtbot, booking_ui, services).booking
    assert first is not None
    tap(qtbot, find_button(booking_ui.window, "完成"))
    settle(qtbot, booking_ui, lambda: booking_ui.kiosk.screen == "home")
    open_booking(qtbot, booking_ui)
    tap(qtbot, find_button(booking_ui.window, "我的预约"))
    at(qtbot, booking_ui, BookingStep.FIND)
    simulator(services, "scanner").send_code(first.qr_text)
    at(qtbot, booking_ui, BookingStep.MANAGE)
    tap(qtbot, find_button(booking_ui.window, "改约"))
    at(qtbot, booking_ui, BookingStep.SLOTS)
    tap(qtbot, find_button(booking_ui.window, "11:00-11:20"))
    at(qtbot, booking_ui, BookingStep.CONFIRM)
    assert any("原预约时间" in text and "新预约时间" in text for text in visible_texts(booking_ui.window))
    tap(qtbot, find_button(booking_ui.window, "确认改约"))
    flow = at(qtbot, booking_ui, BookingStep.DONE)
    moved = flow.booking
    assert moved is not None and moved.start.strftime("%H:%M") == "11:00"
    assert len(simulator(services, "printer").wait_for_receipts(2, timeout=10)) == 2
    assert services.booking is not None
    [found] = services.booking.find(qr_text=moved.qr_text)
    assert found.start == moved.start


@pytest.mark.parametrize(
    ("typed", "says"),
    [("138123", "手机号码应为 11 位数字，您输入了 6 位。请核对后重新输入。"),
     ("12812345678", "这不是有效的手机号码：应以 13 至 19 开头。请核对后重新输入。")],
)  # fmt: skip
def test_a_bad_phone_number_says_what_to_do(
    qtbot: QtBot, booking_ui: KioskUi, services: StationServices, typed: str, says: str
) -> None:
    to_slots(qtbot, booking_ui)
    tap(qtbot, find_button(booking_ui.window, FIRST_TIME))
    at(qtbot, booking_ui, BookingStep.CONSENT)
    tap(qtbot, find_button(booking_ui.window, "同意并读卡"))
    simulator(services, "id_reader").place(0)
    at(qtbot, booking_ui, BookingStep.PHONE)
    type_phone(qtbot, booking_ui, typed)
    assert flow_of(booking_ui).step is BookingStep.PHONE
    assert says in visible_texts(booking_ui.window)


def test_with_the_hall_away_booking_is_paused_on_home(qtbot: QtBot, booking_ui: KioskUi) -> None:
    kiosk = booking_ui.kiosk
    kiosk.set_offers(replace(kiosk.offers, hall_online=False))
    settle(qtbot, booking_ui)
    tile = find_button(booking_ui.window, "预约办理")
    assert not tile.isEnabled()
    assert text_of(tile).split("\n")[-1] == hall_offline_paused().zh
