"""The booking client against a real hall over HTTP: the port's values, its refusals, the slip's QR."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, time

import pytest

from devices.words import Words
from devtools.ports import free_port
from hall.server import Hall
from hall.tokens import Role, create_token
from kiosk.hallclient import HallClient, HallRefused, HallUnreachable
from kiosk.hallclient.booking import BookingClient
from kiosk.station.booking_port import LIMIT_REACHED, NOT_FOUND, SLOT_TAKEN, BookableItem, Slot
from tests.support.hall import served

MONDAY = date(2026, 11, 23)  # the test hall's clock: Monday 10:00
TUESDAY = date(2026, 11, 24)
PENSION = "339900-002-JF-00301-001"  # one place per 30-minute slot (config/hall.toml)
ID_NUMBER = "11010119900307123X"
OTHER_ID = "110101198001011234"
PHONE = "13800138000"


@pytest.fixture
def booking(hall: Hall) -> Iterator[BookingClient]:
    token = create_token(hall.sessions, "kiosk-01", Role.KIOSK)
    with served(hall.app) as url, HallClient(url, token) as client:
        yield BookingClient(client)


def slot_at(booking: BookingClient, day: date, start: time) -> Slot:
    (found,) = [s for d in booking.slots(PENSION, day, day) for s in d.slots if s.start == start]
    return found


def test_items_and_slots_come_as_the_ports_values(booking: BookingClient) -> None:
    items = {item.code: item for item in booking.items()}
    assert items[PENSION] == BookableItem(
        PENSION,
        Words("职工基本养老保险待遇申领", "Claiming an employee's basic pension"),
        Words("示例市人力资源和社会保障局", "Example City Human Resources and Social Security Bureau"),
        "A",
        10,
    )
    days = booking.slots(PENSION, MONDAY, TUESDAY)
    assert [d.day for d in days] == [MONDAY, TUESDAY]
    first = days[0].slots[0]  # 10:00 now, booked until 30 minutes before: 10:30 is the first
    assert (first.start, first.end, first.free, first.key) == (time(10, 30), time(11, 0), 1, "2026-11-23T10:30")
    assert days[1].slots[0].start == time(9, 0) and days[1].free == len(days[1].slots)


def test_book_find_change_cancel_and_the_refusals(booking: BookingClient) -> None:
    slot = slot_at(booking, MONDAY, time(11, 0))
    booked = booking.book(PENSION, slot, id_number=ID_NUMBER, phone=PHONE)
    assert (booked.day, booked.start, booked.end, booked.status) == (MONDAY, time(11, 0), time(11, 30), "booked")
    assert booked.id_masked == "110101********123X" and booked.phone_masked == "138****8000"
    assert booked.place == Words("一楼C区", "Area C, floor 1") and booked.qr_text.startswith(booked.code + "-")
    assert slot_at(booking, MONDAY, time(11, 0)).free == 0

    with pytest.raises(HallRefused) as taken:
        booking.book(PENSION, slot, id_number=OTHER_ID, phone=PHONE)
    assert taken.value.code == SLOT_TAKEN and "已约满" in taken.value.message.zh
    with pytest.raises(HallRefused) as limit:
        booking.book(PENSION, slot_at(booking, MONDAY, time(11, 30)), id_number=ID_NUMBER, phone=PHONE)
    assert limit.value.code == LIMIT_REACHED

    assert booking.find(qr_text=booked.qr_text) == [booked]
    assert booking.find(id_number=ID_NUMBER) == [booked]
    assert booking.find(id_number=OTHER_ID) == []
    assert booking.find(qr_text=booked.code) == []  # the bare code is not the slip

    moved = booking.change(booked, slot_at(booking, TUESDAY, time(9, 0)), id_number=ID_NUMBER)
    assert (moved.code, moved.day, moved.start) == (booked.code, TUESDAY, time(9, 0))
    assert slot_at(booking, MONDAY, time(11, 0)).free == 1  # the old place is free again
    cancelled = booking.cancel(moved)
    assert cancelled.status == "cancelled" and slot_at(booking, TUESDAY, time(9, 0)).free == 1
    with pytest.raises(HallRefused) as again:
        booking.cancel(moved)
    assert again.value.code == "not_open"
    with pytest.raises(HallRefused) as stranger:
        booking.cancel(moved, id_number=OTHER_ID)
    assert stranger.value.code == NOT_FOUND


def test_a_bad_phone_is_refused_in_both_languages(booking: BookingClient) -> None:
    with pytest.raises(HallRefused) as refused:
        booking.book(PENSION, slot_at(booking, MONDAY, time(11, 0)), id_number=ID_NUMBER, phone="12345")
    assert refused.value.code == "bad_phone" and refused.value.message.zh.startswith("手机号码有误")
    assert refused.value.message.en.startswith("The phone number is not right")


def test_a_hall_that_is_not_there_is_unavailable() -> None:
    with HallClient(f"http://127.0.0.1:{free_port()}", "t", timeout_s=1) as client, pytest.raises(HallUnreachable):
        BookingClient(client).items()
