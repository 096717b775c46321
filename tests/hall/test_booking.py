"""Booking at the kiosk over HTTP on SQLite and PostgreSQL: slots from the hall's hours and calendar, booking, the
per-person limits, the slip's QR at check-in, find, cancel and change, and what is stored of the person."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import datetime
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text

from hall.booking import BookingDesk
from hall.server import Hall
from hall.tokens import Role, create_token
from tests.support.clocks import FrozenClock
from tests.support.hall import SHANGHAI

PENSION = "339900-002-JF-00301-001"  # category A, window 2, one place per 30-minute slot
CARD = "339900-002-GG-00101-002"  # category A, windows 1 and 2: three places per slot
ID_RENEWAL = "339900-001-QR-00101-001"  # category Y, 20-minute slots, 5 working days ahead
HOME = "339900-005-QR-00201-001"  # category B (open on Saturday mornings), 60-minute slots
ID_NUMBER = "11010119900307123X"
OTHER_ID = "110101198001011234"
PHONE = "13912345678"


def at(day: str, hour: int, minute: int = 0) -> datetime:
    return datetime.fromisoformat(f"{day}T{hour:02d}:{minute:02d}").replace(tzinfo=SHANGHAI)


@pytest.fixture
def client(hall: Hall) -> Iterator[TestClient]:
    token = create_token(hall.sessions, f"kiosk-{uuid.uuid4().hex[:6]}", Role.KIOSK)
    with TestClient(hall.app, headers={"Authorization": f"Bearer {token}"}) as test_client:
        yield test_client


def slots(client: TestClient, item: str, **query: str) -> dict[str, list[dict[str, Any]]]:
    reply = client.get("/api/v1/appointments/slots", params={"item_code": item, **query})
    assert reply.status_code == 200, reply.text
    return {day["date"]: day["slots"] for day in reply.json()["days"]}


def book(client: TestClient, item: str = PENSION, day: str = "2026-11-23", start: str = "11:00", **change: str) -> Any:
    body = {"item_code": item, "date": day, "slot_start": start, "id_number": ID_NUMBER, "phone": PHONE, **change}
    return client.post("/api/v1/appointments/book", json=body)


def test_the_items_name_their_department_category_and_place(client: TestClient) -> None:
    items = {item["code"]: item for item in client.get("/api/v1/appointments/items").json()["items"]}
    assert list(items) == [CARD, PENSION, ID_RENEWAL, HOME]
    assert items[ID_RENEWAL] == {
        "code": ID_RENEWAL,
        "name_zh": "居民身份证换领（有效期满）",
        "name_en": "Renewing an expired resident ID card",
        "department_zh": "示例市公安局",
        "department_en": "Example City Public Security Bureau",
        "category": "Y",
        "days_ahead": 5,
        "slot_minutes": 20,
        "place_zh": "一楼C区",
        "place_en": "Area C, floor 1",
    }


def test_slots_follow_the_hours_and_skip_holidays_using_make_up_workdays(
    client: TestClient, clock: FrozenClock
) -> None:
    clock.moment = at("2026-09-30", 10)  # a Wednesday before the National Day holidays (10-01 to 10-07)
    days = slots(client, ID_RENEWAL)
    # Today, then five working days: Saturday 10-10 is a make-up workday and takes Monday's hours.
    assert list(days) == ["2026-09-30", "2026-10-08", "2026-10-09", "2026-10-10", "2026-10-12", "2026-10-13"]
    assert days["2026-09-30"][0]["start"] == "10:40"  # booked until 30 minutes before: 10:20 is too late
    assert [(s["start"], s["end"]) for s in days["2026-10-08"][:2]] == [("09:00", "09:20"), ("09:20", "09:40")]
    assert len(days["2026-10-08"]) == 24 and days["2026-10-08"][-1]["end"] == "17:00"
    assert days["2026-10-10"] == days["2026-10-08"]
    assert {s["capacity"] for s in days["2026-10-08"]} == {2}  # windows 1 and 3, one place each
    # Category B has Saturday hours: its make-up Saturday has them, the lunch break has no slots.
    home = slots(client, HOME, **{"from": "2026-10-10", "to": "2026-10-12"})
    assert [s["start"] for s in home["2026-10-10"]] == ["09:00", "10:00", "11:00"]
    assert [s["start"] for s in home["2026-10-12"]] == ["09:00", "10:00", "11:00", "13:30", "14:30", "15:30"]
    assert client.get("/api/v1/appointments/slots", params={"item_code": "NOT-AN-ITEM"}).json()["error"] == (
        "not_bookable"
    )


def test_a_booking_answers_masked_and_stores_the_phone_sealed(client: TestClient, hall: Hall) -> None:
    reply = book(client)
    assert reply.status_code == 201, reply.text
    made = reply.json()
    assert (made["item_code"], made["date"], made["slot_start"], made["slot_end"]) == (
        PENSION,
        "2026-11-23",
        "11:00",
        "11:30",
    )
    assert (made["id_masked"], made["phone_masked"], made["status"]) == ("110101********123X", "139****5678", "booked")
    assert made["qr_text"].startswith(made["code"] + "-") and len(made["qr_text"]) <= 32
    with hall.engine.connect() as connection:
        rows = " ".join(str(r) for r in connection.execute(text("SELECT * FROM appointment")))
    assert ID_NUMBER not in rows and PHONE not in rows and made["qr_text"] not in rows
    desk: BookingDesk = hall.app.state.booking
    (stored,) = desk.find(id_number=ID_NUMBER)
    assert desk.phone_of(stored) == PHONE
    assert slots(client, PENSION)["2026-11-23"][1] == {"start": "11:00", "end": "11:30", "free": 0, "capacity": 1}


def test_what_cannot_be_booked_is_refused_in_both_languages(client: TestClient) -> None:
    cases = [
        ({"start": "10:00"}, 422, "no_such_slot"),  # too soon: it starts within 30 minutes
        ({"start": "11:10"}, 422, "no_such_slot"),  # not on the half-hour grid
        ({"start": "12:30"}, 422, "no_such_slot"),  # lunch break
        ({"day": "2026-11-28"}, 422, "no_such_slot"),  # Saturday: category A is closed
        ({"day": "2027-01-05"}, 422, "no_such_slot"),  # beyond ten working days
        ({"item": "339900-006-QT-00101-001"}, 404, "not_bookable"),  # in the catalog, but not bookable
        ({"phone": "1234567"}, 422, "bad_phone"),
        ({"phone": "1380"}, 422, "bad_phone"),
        ({"id_number": "123"}, 422, "invalid_request"),
    ]
    for change, status, error in cases:
        reply = book(client, **change)
        assert (reply.status_code, reply.json()["error"]) == (status, error), change
        assert " / " in reply.json()["message"]
    assert book(client).status_code == 201  # nothing above took a place


def test_the_per_person_limits(client: TestClient) -> None:
    assert book(client).status_code == 201
    again = book(client, start="14:00")
    assert (again.status_code, again.json()["error"]) == (409, "limit_reached")
    assert again.json()["message"].startswith("您已有这个事项的预约")
    assert book(client, CARD, start="14:00").status_code == 201
    assert book(client, ID_RENEWAL, start="14:00").status_code == 201
    fourth = book(client, HOME, start="14:30")  # three open in all at most
    assert (fourth.status_code, fourth.json()["error"]) == (409, "limit_reached")
    assert "3" in fourth.json()["message"]
    assert book(client, start="14:00", id_number=OTHER_ID).status_code == 201  # another person


def test_a_full_slot_is_refused_with_the_next_free_ones(client: TestClient) -> None:
    assert book(client).status_code == 201
    taken = book(client, id_number=OTHER_ID)
    assert (taken.status_code, taken.json()["error"]) == (409, "slot_taken")
    assert taken.json()["message"].startswith("11月23日 11:00 已约满。最近可约 11月23日 11:30")
    assert [(s["date"], s["start"]) for s in taken.json()["next_free"][:2]] == [
        ("2026-11-23", "11:30"),
        ("2026-11-23", "13:30"),
    ]


def test_the_slips_qr_finds_cancels_and_checks_in_but_the_bare_code_only_checks_in(
    client: TestClient, hall: Hall, clock: FrozenClock
) -> None:
    made = book(client).json()
    qr, code = made["qr_text"], made["code"]
    find = client.post("/api/v1/appointments/find", json={"qr_text": qr}).json()["appointments"]
    assert [a["code"] for a in find] == [code]
    forged = qr[:-1] + ("A" if qr[-1] != "A" else "B")
    ticket_qr = "http://127.0.0.1:8700/q/1.SMo9cnJ9Rr6Hjz6KZ0Vq0A8sPAhZ9cZb2dVE-gA"  # scanned by mistake
    for stranger in (code, forged, f"{code}-1-AAAAAAAAAAAAAAAA", ticket_qr, "预约 X"):
        assert client.post("/api/v1/appointments/find", json={"qr_text": stranger}).json() == {"appointments": []}
        refused = client.post("/api/v1/appointments/cancel", json={"qr_text": stranger})
        assert (refused.status_code, refused.json()["error"]) == (404, "not_found")
    wrong_card = client.post("/api/v1/appointments/cancel", json={"code": code, "id_number": OTHER_ID})
    assert wrong_card.json()["error"] == "not_found"
    clock.moment = at("2026-11-23", 10, 45)
    checked = client.post("/api/v1/appointments/check-in", json={"code": qr})
    assert checked.status_code == 201, checked.text
    assert checked.json()["ticket"]["number"] == "Y001" and checked.json()["appointment"]["code"] == code
    assert client.post("/api/v1/appointments/find", json={"qr_text": qr}).json() == {"appointments": []}
    used = client.post("/api/v1/appointments/cancel", json={"qr_text": qr})
    assert (used.status_code, used.json()["error"]) == (409, "not_open")


def test_a_ticket_asked_with_the_slips_qr_checks_the_appointment_in(client: TestClient, clock: FrozenClock) -> None:
    """POST /tickets with an appointment code takes what the check-in takes: the slip's QR text as scanned."""
    made = book(client).json()
    clock.moment = at("2026-11-23", 10, 45)
    issued = client.post("/api/v1/tickets", json={"category": "A", "appointment_code": made["qr_text"]})
    assert issued.status_code == 201, issued.text
    assert issued.json()["number"] == "Y001"
    again = client.post("/api/v1/appointments/check-in", json={"code": made["qr_text"]})
    assert again.status_code == 409, "checked in once"


def test_cancel_by_qr_or_by_card_frees_the_place(client: TestClient, hall: Hall) -> None:
    first = book(client).json()
    cancelled = client.post("/api/v1/appointments/cancel", json={"qr_text": first["qr_text"]})
    assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled"
    second = book(client, id_number=OTHER_ID).json()
    by_card = client.post("/api/v1/appointments/cancel", json={"code": second["code"], "id_number": OTHER_ID})
    assert by_card.json()["status"] == "cancelled"
    third = book(client).json()  # staff cancel through the older route gives the place back too
    staff = {"Authorization": f"Bearer {create_token(hall.sessions, 'desk', Role.STAFF)}"}
    assert client.post(f"/api/v1/appointments/{third['code']}/cancel", headers=staff).status_code == 200
    assert slots(client, PENSION)["2026-11-23"][1]["free"] == 1
    assert client.post("/api/v1/appointments/find", json={"id_number": ID_NUMBER}).json() == {"appointments": []}


def test_change_moves_atomically_and_keeps_the_old_place_when_the_new_one_is_gone(client: TestClient) -> None:
    mine = book(client).json()
    assert book(client, start="13:30", id_number=OTHER_ID).status_code == 201
    full = client.post("/api/v1/appointments/change", json={"qr_text": mine["qr_text"], "date": "2026-11-23",
                                                             "slot_start": "13:30"})  # fmt: skip
    assert (full.status_code, full.json()["error"]) == (409, "slot_taken")
    day = slots(client, PENSION)["2026-11-23"]
    assert [s["free"] for s in day[1:4]] == [0, 1, 0]  # 11:00 still mine, 11:30 free, 13:30 the other's
    moved = client.post("/api/v1/appointments/change", json={"code": mine["code"], "id_number": ID_NUMBER,
                                                              "date": "2026-11-24", "slot_start": "09:00"})  # fmt: skip
    assert moved.status_code == 200, moved.text
    assert (moved.json()["code"], moved.json()["date"], moved.json()["slot_start"]) == (
        mine["code"],
        "2026-11-24",
        "09:00",
    )
    assert slots(client, PENSION)["2026-11-23"][1]["free"] == 1
    assert slots(client, PENSION)["2026-11-24"][0]["free"] == 0
