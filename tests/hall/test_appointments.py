"""Appointments over HTTP on SQLite and PostgreSQL: recording, the check-in window, `Y` tickets, used once."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Iterator
from datetime import datetime
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select, text

from hall.models import Ticket
from hall.server import Hall
from hall.tokens import Role, create_token
from tests.support.clocks import FrozenClock
from tests.support.hall import SHANGHAI, served

MONDAY = (2026, 11, 23)
ID_NUMBER = "11010119900307123X"
OTHER_ID = "110101198001011234"


def at(hour: int, minute: int = 0, day: tuple[int, int, int] = MONDAY) -> datetime:
    return datetime(*day, hour, minute, tzinfo=SHANGHAI)


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock(at(8, 0))


@pytest.fixture
def client(hall: Hall) -> Iterator[TestClient]:
    with TestClient(hall.app) as test_client:
        yield test_client


def auth(hall: Hall, role: Role) -> dict[str, str]:
    return {"Authorization": f"Bearer {create_token(hall.sessions, f'{role.value}-{uuid.uuid4().hex[:6]}', role)}"}


def book(client: TestClient, hall: Hall, **change: Any) -> dict[str, Any]:
    body = {"code": "YY20261123001", "date": "2026-11-23", "slot_start": "10:00", "slot_end": "10:30",
            "category": "A", "id_number": ID_NUMBER, **change}  # fmt: skip
    reply = client.post("/api/v1/appointments", json=body, headers=auth(hall, Role.STAFF))
    assert reply.status_code == 201, reply.text
    return dict(reply.json())


def check_in(client: TestClient, hall: Hall, **body: str) -> httpx.Response:
    reply: httpx.Response = client.post("/api/v1/appointments/check-in", json=body, headers=auth(hall, Role.KIOSK))
    return reply


def test_an_appointment_is_recorded_without_the_id_number(client: TestClient, hall: Hall) -> None:
    made = book(client, hall)
    assert (made["status"], made["category"], made["slot_start"], made["ticket_id"]) == ("booked", "A", "10:00", None)
    assert made["check_in_opens"] == "2026-11-23T09:30:00+08:00"  # local time, with its offset
    assert made["check_in_closes"] == "2026-11-23T10:45:00+08:00"
    with hall.engine.connect() as connection:
        rows = " ".join(str(r) for r in connection.execute(text("SELECT * FROM appointment")))
    assert ID_NUMBER not in rows and ID_NUMBER[:-1] not in rows
    assert client.get("/api/v1/appointments/YY20261123001", headers=auth(hall, Role.KIOSK)).json()["status"] == "booked"


def test_recording_refuses_what_cannot_be_booked(client: TestClient, hall: Hall) -> None:
    staff = auth(hall, Role.STAFF)
    book(client, hall)
    body = {"code": "YY20261123001", "date": "2026-11-23", "slot_start": "10:00", "slot_end": "10:30",
            "category": "A", "id_number": ID_NUMBER}  # fmt: skip
    cases = [
        ({}, 409, "duplicate_appointment"),
        ({"code": "NEW-1", "category": "Q"}, 422, "unknown_category"),
        ({"code": "NEW-1", "slot_end": "09:30"}, 422, "bad_slot"),
        ({"code": "NEW-1", "date": "2026-11-22"}, 422, "past_date"),
        ({"code": "NEW-1", "date": "9999-12-31", "slot_end": "23:59"}, 422, "too_far_ahead"),
        ({"code": "NEW-1", "slot_start": "25:00"}, 422, "invalid_request"),
        ({"code": "NEW-1", "date": "2026-02-30"}, 422, "invalid_request"),
        ({"code": "NEW-1", "id_number": "123"}, 422, "invalid_request"),
        ({"code": "a b"}, 422, "invalid_request"),
    ]
    for change, status, error in cases:
        reply = client.post("/api/v1/appointments", json={**body, **change}, headers=staff)
        assert (reply.status_code, reply.json()["error"]) == (status, error), change
    assert client.post("/api/v1/appointments", json=body, headers=auth(hall, Role.KIOSK)).status_code == 403


def test_check_in_inside_the_window_gives_a_y_ticket_with_appointment_priority(
    client: TestClient, hall: Hall, clock: FrozenClock
) -> None:
    book(client, hall)
    clock.moment = at(9, 40)
    walk_in = hall.queue.take_number("A", "kiosk").ticket
    clock.moment = at(9, 45)
    reply = check_in(client, hall, code="YY20261123001")
    assert reply.status_code == 201
    done = reply.json()
    assert done["ticket"]["number"] == "Y001" and done["ticket"]["category"] == "Y"
    assert (done["appointment"]["status"], done["appointment"]["category"]) == ("checked_in", "A")
    assert done["appointment"]["ticket_id"] == done["ticket"]["id"]
    called = hall.queue.call_next(1)  # window 1 serves V, Y and A: the appointment goes before the earlier walk-in
    assert called is not None and called.number == "Y001" and called.appointment
    assert hall.queue.call_next(1).id == walk_in.id  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("hour", "minute", "status", "error"),
    [(9, 29, 409, "too_early"), (9, 30, 201, None), (10, 45, 201, None), (10, 46, 409, "too_late")],
)
def test_the_check_in_window_is_30_minutes_before_to_15_after_the_slot(
    client: TestClient, hall: Hall, clock: FrozenClock, hour: int, minute: int, status: int, error: str | None
) -> None:
    book(client, hall)
    clock.moment = at(hour, minute)
    reply = check_in(client, hall, code="YY20261123001")
    assert reply.status_code == status
    if error:
        assert reply.json()["error"] == error
        assert ("09:30" if error == "too_early" else "10:45") in reply.json()["message"]


def test_a_late_appointment_expires_and_another_days_is_not_today(
    client: TestClient, hall: Hall, clock: FrozenClock
) -> None:
    book(client, hall)
    book(client, hall, code="TUESDAY-1", date="2026-11-24")
    clock.moment = at(11, 0)
    assert check_in(client, hall, code="YY20261123001").json()["error"] == "too_late"
    staff = auth(hall, Role.STAFF)
    assert client.get("/api/v1/appointments/YY20261123001", headers=staff).json()["status"] == "expired"
    tuesday = check_in(client, hall, code="TUESDAY-1")
    assert tuesday.status_code == 409 and tuesday.json()["error"] == "not_today" and "2026-11-24" in tuesday.text
    clock.moment = at(10, 0, day=(2026, 11, 25))
    assert check_in(client, hall, code="TUESDAY-1").json()["error"] == "not_today"
    assert client.get("/api/v1/appointments/TUESDAY-1", headers=staff).json()["status"] == "expired"


def test_an_appointment_is_used_once_and_a_cancelled_one_not_at_all(
    client: TestClient, hall: Hall, clock: FrozenClock
) -> None:
    book(client, hall)
    book(client, hall, code="CANCEL-ME")
    clock.moment = at(10, 0)
    assert check_in(client, hall, code="YY20261123001").status_code == 201
    again = check_in(client, hall, code="YY20261123001")
    assert again.status_code == 409 and again.json()["error"] == "already_checked_in" and "Y001" in again.text
    assert client.post("/api/v1/appointments/CANCEL-ME/cancel", headers=auth(hall, Role.STAFF)).status_code == 200
    cancelled = check_in(client, hall, code="CANCEL-ME")
    assert cancelled.status_code == 409 and cancelled.json()["error"] == "appointment_cancelled"
    unknown = check_in(client, hall, code="NO-SUCH-CODE")
    assert unknown.status_code == 404 and unknown.json()["error"] == "unknown_appointment"


def test_check_in_by_id_card_finds_todays_appointment(client: TestClient, hall: Hall, clock: FrozenClock) -> None:
    book(client, hall, code="TOMORROW-1", date="2026-11-24")
    book(client, hall, code="TODAY-1", slot_start="14:00", slot_end="14:30")
    clock.moment = at(13, 45)
    reply = check_in(client, hall, id_number=ID_NUMBER.lower())
    assert reply.status_code == 201 and reply.json()["appointment"]["code"] == "TODAY-1"
    assert check_in(client, hall, id_number=ID_NUMBER).json()["error"] == "already_checked_in"
    nobody = check_in(client, hall, id_number=OTHER_ID)
    assert nobody.status_code == 404 and nobody.json()["error"] == "unknown_appointment"
    assert check_in(client, hall).json()["error"] == "bad_check_in"
    assert check_in(client, hall, code="TODAY-1", id_number=ID_NUMBER).json()["error"] == "bad_check_in"


def test_when_no_ticket_can_be_issued_the_appointment_stays_usable(
    client: TestClient, hall: Hall, clock: FrozenClock
) -> None:
    book(client, hall, slot_start="09:00", slot_end="09:30")
    clock.moment = at(8, 45)  # inside the check-in window, but the `Y` queue opens at 09:00
    closed = check_in(client, hall, code="YY20261123001")
    assert closed.status_code == 409 and closed.json()["error"] == "category_closed"
    clock.moment = at(9, 0)
    assert check_in(client, hall, code="YY20261123001").status_code == 201


@pytest.mark.e2e
def test_two_kiosks_checking_in_one_appointment_at_once_get_one_ticket(hall: Hall, clock: FrozenClock) -> None:
    with TestClient(hall.app) as client:
        book(client, hall)
    clock.moment = at(10, 0)
    headers, kiosks = auth(hall, Role.KIOSK), 6
    barrier, replies = threading.Barrier(kiosks), []
    with served(hall.app) as base_url:

        def post() -> None:
            with httpx.Client(base_url=base_url, timeout=30) as http:
                barrier.wait(timeout=30)
                replies.append(http.post("/api/v1/appointments/check-in", json={"code": "YY20261123001"},
                                         headers=headers))  # fmt: skip

        threads = [threading.Thread(target=post) for _ in range(kiosks)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
    assert sorted(r.status_code for r in replies) == [201] + [409] * (kiosks - 1)
    assert {r.json()["error"] for r in replies if r.status_code == 409} == {"already_checked_in"}
    with hall.sessions() as session:
        assert session.scalar(select(func.count()).select_from(Ticket).where(Ticket.category == "Y")) == 1


@pytest.mark.parametrize(
    "body",
    [{"code": 7}, {"code": "x"}, {"id_number": "1234"}, {"code": "ABCD-1", "extra": 1}, {"code": "Ä" * 40}],
)
def test_bad_check_in_bodies_get_the_json_error_shape(client: TestClient, hall: Hall, body: dict[str, Any]) -> None:
    reply = client.post("/api/v1/appointments/check-in", json=body, headers=auth(hall, Role.KIOSK))
    assert reply.status_code == 422 and set(reply.json()) == {"error", "message"}


def test_taking_a_number_with_an_appointment_code_checks_it_in(
    client: TestClient, hall: Hall, clock: FrozenClock
) -> None:
    book(client, hall)
    clock.moment = at(9, 45)
    kiosk = auth(hall, Role.KIOSK)
    body = {"category": "Y", "channel": "kiosk", "appointment_code": "YY20261123001"}
    taken = client.post("/api/v1/tickets", json=body, headers=kiosk)
    assert taken.status_code == 201 and taken.json()["number"] == "Y001"
    again = client.post("/api/v1/tickets", json=body, headers=kiosk)
    assert again.status_code == 409 and again.json()["error"] == "already_checked_in"
    unknown = client.post("/api/v1/tickets", json={**body, "appointment_code": "NOPE0000"}, headers=kiosk)
    assert unknown.status_code == 404 and unknown.json()["error"] == "unknown_appointment"
