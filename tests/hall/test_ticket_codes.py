"""Ratings only by the person served: the signed code on the ticket is the one credential, over real HTTP."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from urllib.parse import urlsplit

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from common import signedcode
from hall.codes import TICKET
from hall.ratings import Rating
from hall.server import Hall
from hall.tokens import Role, create_token
from tests.hall.test_events import EventReader
from tests.support.hall import served


@pytest.fixture
def client(hall: Hall) -> Iterator[TestClient]:
    with TestClient(hall.app) as test_client:
        yield test_client


def bearer(hall: Hall, name: str, role: Role) -> dict[str, str]:
    return {"Authorization": f"Bearer {create_token(hall.sessions, name, role)}"}


def take(client: TestClient, hall: Hall, category: str = "A") -> dict[str, str]:
    answer = client.post(
        "/api/v1/tickets", json={"category": category}, headers=bearer(hall, f"k{uuid.uuid4().hex[:6]}", Role.KIOSK)
    )
    assert answer.status_code == 201, answer.text
    ticket: dict[str, str] = answer.json()
    return ticket


def code_of(ticket: dict[str, str]) -> str:
    path = urlsplit(ticket["qr"]).path
    assert path.startswith("/q/")
    return path.removeprefix("/q/")


def rating_paths(page: str) -> set[str]:
    return set(re.findall(r'href="(/r/[^"?]+)', page))


def test_the_ticket_qr_holds_a_signed_code_not_the_ticket_id(client: TestClient, hall: Hall) -> None:
    ticket = take(client, hall)
    code = code_of(ticket)
    assert ticket["id"] not in ticket["qr"] and len(ticket["qr"]) <= 100  # fits a QR code on an 80 mm ticket
    assert hall.app.state.hall.codes.ticket_of(code) == uuid.UUID(ticket["id"])
    page = client.get(f"/q/{code}")
    assert page.status_code == 200 and "A001" in page.text and not rating_paths(page.text)  # still waiting


def test_viewing_the_ticket_page_never_mints_a_credential(client: TestClient, hall: Hall) -> None:
    ticket = take(client, hall)
    code = code_of(ticket)
    assert hall.queue.call_next(2) is not None
    first, second = client.get(f"/q/{code}"), client.get(f"/q/{code}")
    assert first.status_code == second.status_code == 200
    assert rating_paths(first.text) == rating_paths(second.text) == {f"/r/{code}"}  # the same credential, no new one


def test_ticket_ids_read_from_the_event_stream_open_no_rating(hall: Hall) -> None:
    # A display's stream carries no ticket id at all (tests/hall/test_event_streams.py); a kiosk's does.
    kiosk = bearer(hall, "kiosk-01", Role.KIOSK)
    pads = bearer(hall, "pads", Role.PADS)
    with served(hall.app) as base, httpx.Client(base_url=base, timeout=10) as client:
        with client.stream("GET", "/api/v1/events", headers=bearer(hall, "kiosk-02", Role.KIOSK)) as stream:
            reader = EventReader(stream)
            reader.next(1)
            for _ in range(3):
                client.post("/api/v1/tickets", json={"category": "A"}, headers=kiosk)
            client.post("/api/v1/windows/2/call-next", headers=pads)
            client.post("/api/v1/windows/2/complete", headers=pads)
            events = reader.next(5)
        ids = {str(data["ticket_id"]) for _, _, data in events}
        assert len(ids) == 3
        for ticket_id in ids:
            status = client.get(f"/q/{ticket_id}")
            assert status.status_code in (200, 404) and not rating_paths(status.text) and "/r/" not in status.text
            assert client.get(f"/r/{ticket_id}").status_code == 404
            assert client.post(f"/r/{ticket_id}", data={"level": "1", "reasons": "其他"}).status_code == 404
    with hall.sessions() as session:
        assert session.scalars(select(Rating)).all() == []


def test_forged_and_respelled_ticket_codes_are_refused(client: TestClient, hall: Hall) -> None:
    ticket = take(client, hall)
    code = code_of(ticket)
    assert hall.queue.call_next(2) is not None
    key_id = code.partition(".")[0]
    forged = signedcode.sign(TICKET, key_id, signedcode.derive(b"x" * 32, TICKET), uuid.UUID(ticket["id"]).bytes)
    respelled = signedcode.respellings(code)
    assert len(respelled) == 15
    for bad in [forged, *respelled, "0" + code, code + "A"]:
        assert hall.app.state.hall.codes.ticket_of(bad) is None, bad
        assert client.get(f"/r/{bad}").status_code == 404, bad
        page = client.get(f"/q/{bad}")
        assert page.status_code == 404 and not rating_paths(page.text)
    assert client.get(f"/r/{code}").status_code == 200


def test_a_code_rates_once_and_a_replay_is_refused(client: TestClient, hall: Hall) -> None:
    code = code_of(take(client, hall))
    assert hall.queue.call_next(2) is not None and hall.queue.complete(2) is not None
    assert client.post(f"/r/{code}", data={"level": "5"}).status_code == 200
    replay = client.post(f"/r/{code}", data={"level": "1", "reasons": "其他"})
    assert replay.status_code == 409 and "已评价" in replay.text
    assert client.get(f"/q/{code}").status_code == 200 and not rating_paths(client.get(f"/q/{code}").text)
    with hall.sessions() as session:
        assert [r.level for r in session.scalars(select(Rating))] == [5]


def test_a_no_show_ticket_cannot_be_rated_anywhere(client: TestClient, hall: Hall) -> None:
    ticket = take(client, hall)
    code = code_of(ticket)
    assert hall.queue.call_next(2) is not None and hall.queue.no_show(2) is not None
    assert not rating_paths(client.get(f"/q/{code}").text)
    page = client.get(f"/r/{code}")
    assert page.status_code == 409 and "办理" in page.text
    assert client.post(f"/r/{code}", data={"level": "5"}).status_code == 409
    pads = bearer(hall, "pads", Role.PADS)
    refused = client.post(
        "/api/v1/ratings", json={"ticket_id": ticket["id"], "level": 5, "channel": "pad"}, headers=pads
    )
    assert refused.status_code == 409 and refused.json()["error"] == "not_served"
    kiosk = bearer(hall, "kiosk-02", Role.KIOSK)
    by_code = client.post("/api/v1/ratings", json={"ticket_code": code, "level": 5, "channel": "kiosk"}, headers=kiosk)
    assert by_code.status_code == 409 and by_code.json()["error"] == "not_served"


def test_the_kiosk_rates_with_the_code_it_scanned_not_a_bare_id(client: TestClient, hall: Hall) -> None:
    ticket = take(client, hall)
    code = code_of(ticket)
    assert hall.queue.call_next(2) is not None and hall.queue.complete(2) is not None
    kiosk = bearer(hall, "kiosk-02", Role.KIOSK)
    bare = client.post(
        "/api/v1/ratings", json={"ticket_id": ticket["id"], "level": 5, "channel": "kiosk"}, headers=kiosk
    )
    assert bare.status_code == 403 and bare.json()["error"] == "ticket_code_required"
    forged = client.post(
        "/api/v1/ratings",
        json={"ticket_code": code[:-1] + ("Q" if code[-1] != "Q" else "g"), "level": 5, "channel": "kiosk"},
        headers=kiosk,
    )
    assert forged.status_code == 404 and forged.json()["error"] == "unknown_ticket"
    rated = client.post("/api/v1/ratings", json={"ticket_code": code, "level": 4, "channel": "kiosk"}, headers=kiosk)
    assert rated.status_code == 201 and rated.json()["ticket_id"] == ticket["id"]
    again = client.post("/api/v1/ratings", json={"ticket_code": code, "level": 4, "channel": "kiosk"}, headers=kiosk)
    assert again.status_code == 409 and again.json()["error"] == "already_rated"


def test_only_the_answer_that_issues_a_ticket_carries_its_code(client: TestClient, hall: Hall) -> None:
    ticket = take(client, hall)
    code = code_of(ticket)
    pads = bearer(hall, "pads", Role.PADS)
    seen = [
        client.get(f"/api/v1/tickets/{ticket['id']}", headers=bearer(hall, name, role)).json()
        for name, role in (
            ("kiosk-09", Role.KIOSK),
            ("w3", Role.STAFF),
            ("lead", Role.SUPERVISOR),
        )
    ]
    assert client.get(f"/api/v1/tickets/{ticket['id']}", headers=bearer(hall, "tv", Role.DISPLAY)).status_code == 403
    seen.append(client.post("/api/v1/windows/2/call-next", headers=pads).json()["ticket"])
    seen.append(client.post("/api/v1/windows/2/complete", headers=pads).json()["ticket"])
    for answer in seen:
        assert answer["id"] == ticket["id"] and code not in answer["qr"]
        path = urlsplit(answer["qr"]).path
        assert client.get(path).status_code == 200 and not rating_paths(client.get(path).text)
        assert client.get(path.replace("/q/", "/r/", 1)).status_code == 404
    assert rating_paths(client.get(f"/q/{code}").text) == {f"/r/{code}"}  # the printed code still rates
