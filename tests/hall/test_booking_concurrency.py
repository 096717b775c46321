"""Capacity and the per-person limits hold when kiosks book at once: real threads, each its own HTTP client, against
a real hall on SQLite and on PostgreSQL."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest
from sqlalchemy import select

from hall.appointments import Appointment
from hall.booking_models import BookingSlot
from hall.server import Hall
from hall.tokens import Role, create_token
from tests.support.hall import served

PENSION = "339900-002-JF-00301-001"  # one place per slot
CARD = "339900-002-GG-00101-002"  # three places per slot
ITEMS = [CARD, PENSION, "339900-001-QR-00101-001", "339900-005-QR-00201-001"]
ID_NUMBER = "11010119900307123X"


def id_number(n: int) -> str:
    return f"1101011990{n:07d}X"


@pytest.fixture
def url(hall: Hall) -> Iterator[str]:
    with served(hall.app) as address:
        yield address


def at_once(url: str, hall: Hall, bodies: list[tuple[str, dict[str, Any]]]) -> list[httpx.Response]:
    """POST each (path, body) from its own thread and client, all released together."""
    token = create_token(hall.sessions, f"kiosk-{uuid.uuid4().hex[:6]}", Role.KIOSK)
    start = threading.Barrier(len(bodies))
    replies: list[httpx.Response | None] = [None] * len(bodies)

    def kiosk(index: int) -> None:
        path, body = bodies[index]
        with httpx.Client(base_url=url, headers={"Authorization": f"Bearer {token}"}, timeout=60) as client:
            client.get("/api/v1/health")  # connected before the start
            start.wait()
            replies[index] = client.post(path, json=body)

    threads = [threading.Thread(target=kiosk, args=(i,)) for i in range(len(bodies))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert all(reply is not None for reply in replies)
    return [reply for reply in replies if reply is not None]


def booking(item: str, start: str, who: str, day: str = "2026-11-24") -> tuple[str, dict[str, Any]]:
    body = {"item_code": item, "date": day, "slot_start": start, "id_number": who, "phone": "13800138000"}
    return "/api/v1/appointments/book", body


def errors(replies: list[httpx.Response]) -> list[str]:
    return sorted(r.json()["error"] for r in replies if r.status_code >= 400)


def booked(hall: Hall, where: Callable[[Any], Any] = lambda q: q) -> int:
    with hall.sessions() as session:
        return len(list(session.scalars(where(select(Appointment).where(Appointment.status == "booked")))))


def test_twelve_kiosks_share_three_places(hall: Hall, url: str) -> None:
    replies = at_once(url, hall, [booking(CARD, "09:00", id_number(n)) for n in range(12)])
    assert sum(r.status_code == 201 for r in replies) == 3
    assert errors(replies) == ["slot_taken"] * 9
    assert booked(hall) == 3
    with hall.sessions() as session:
        (counter,) = session.scalars(select(BookingSlot))
    assert (counter.item_code, counter.booked) == (CARD, 3)


def test_one_card_booking_one_item_at_six_kiosks_gets_one(hall: Hall, url: str) -> None:
    starts = ["09:00", "09:30", "10:00", "10:30", "11:00", "11:30"]
    replies = at_once(url, hall, [booking(PENSION, start, ID_NUMBER) for start in starts])
    assert sum(r.status_code == 201 for r in replies) == 1
    assert errors(replies) == ["limit_reached"] * 5
    with hall.sessions() as session:
        assert sum(s.booked for s in session.scalars(select(BookingSlot))) == 1  # refused ones took no place


def test_one_card_booking_four_items_at_once_gets_the_overall_three(hall: Hall, url: str) -> None:
    replies = at_once(url, hall, [booking(item, "09:00", ID_NUMBER) for item in ITEMS])
    assert sum(r.status_code == 201 for r in replies) == 3
    assert errors(replies) == ["limit_reached"]


def test_two_changes_into_the_last_place_move_one_and_keep_the_other(hall: Hall, url: str) -> None:
    token = create_token(hall.sessions, "kiosk-setup", Role.KIOSK)
    made = []
    with httpx.Client(base_url=url, headers={"Authorization": f"Bearer {token}"}) as client:
        for n, start in enumerate(["09:00", "09:30"]):
            path, body = booking(PENSION, start, id_number(n))
            made.append(client.post(path, json=body).json())
    moves = [
        ("/api/v1/appointments/change", {"qr_text": m["qr_text"], "date": "2026-11-24", "slot_start": "14:00"})
        for m in made
    ]
    replies = at_once(url, hall, moves)
    assert sorted(r.status_code for r in replies) == [200, 409] and errors(replies) == ["slot_taken"]
    with hall.sessions() as session:
        places = {(str(s.slot_start), s.booked) for s in session.scalars(select(BookingSlot))}
        starts = sorted(str(a.slot_start) for a in session.scalars(select(Appointment)))
    assert places == {("09:00:00", 0), ("09:30:00", 1), ("14:00:00", 1)} or places == {
        ("09:00:00", 1),
        ("09:30:00", 0),
        ("14:00:00", 1),
    }
    assert "14:00:00" in starts and len(starts) == 2


def test_one_appointment_changed_at_two_kiosks_at_once_moves_once(hall: Hall, url: str) -> None:
    token = create_token(hall.sessions, "kiosk-setup", Role.KIOSK)
    with httpx.Client(base_url=url, headers={"Authorization": f"Bearer {token}"}) as client:
        path, body = booking(PENSION, "09:00", ID_NUMBER)
        mine = client.post(path, json=body).json()
    moves = [
        ("/api/v1/appointments/change", {"qr_text": mine["qr_text"], "date": "2026-11-24", "slot_start": start})
        for start in ("14:00", "15:00")
    ]
    replies = at_once(url, hall, moves)
    # Overlapping, the later one is told the appointment changed meanwhile; one after the other, both move it.
    assert errors(replies) in (["changed_meanwhile"], []) and 200 in [r.status_code for r in replies]
    with hall.sessions() as session:
        places = {str(s.slot_start): s.booked for s in session.scalars(select(BookingSlot))}
    assert places["09:00:00"] == 0 and sum(places.values()) == 1
