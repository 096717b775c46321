"""Each token owns only what it reports or files: a device report only for its own source, a display reads only
what a display shows, a kiosk files and opens phone sessions only for itself (on SQLite and PostgreSQL)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import update

from hall.models import ApiToken
from hall.server import Hall
from hall.tokens import Role, create_token
from tests.support.filings import filing_body

KIOSK_DEVICES = {"devices": [{"device": "printer", "kind": "printer", "name": "打印机", "state": "ready"}]}
BROKEN = {"devices": [{**KIOSK_DEVICES["devices"][0], "state": "fault", "reasons": ["paper_out"]}]}


def auth(hall: Hall, name: str, role: Role, source: str | None = None) -> dict[str, str]:
    return {"Authorization": f"Bearer {create_token(hall.sessions, name, role, source=source)}"}


@pytest.fixture
def client(hall: Hall) -> Iterator[TestClient]:
    with TestClient(hall.app) as opened:
        yield opened


def states(client: TestClient, hall: Hall) -> list[tuple[str, str, str]]:
    supervisor = auth(hall, f"boss-{uuid.uuid4().hex[:6]}", Role.SUPERVISOR)
    seen = client.get("/api/v1/devices", headers=supervisor).json()["devices"]
    return [(d["source"], d["device"], d["state"]) for d in seen]


def test_a_display_token_cannot_mark_a_kiosk_ready_or_erase_it(client: TestClient, hall: Hall) -> None:
    kiosk = auth(hall, "kiosk-01", Role.KIOSK)
    display = auth(hall, "tv-1", Role.DISPLAY)
    assert client.put("/api/v1/devices/kiosk-01", json=BROKEN, headers=kiosk).status_code == 200
    for body in (KIOSK_DEVICES, {"devices": []}):
        refused = client.put("/api/v1/devices/kiosk-01", json=body, headers=display)
        assert refused.status_code == 403, refused.text
        assert refused.json()["error"] == "not_your_source"
        assert "tv-1" in refused.json()["message"] and "kiosk-01" in refused.json()["message"]
    assert states(client, hall) == [("kiosk-01", "printer", "fault")]
    # Its own source it reports as before.
    assert client.put("/api/v1/devices/tv-1", json=KIOSK_DEVICES, headers=display).status_code == 200


def test_pads_report_only_for_the_controller_they_are_bound_to(client: TestClient, hall: Hall) -> None:
    pads = auth(hall, "pads", Role.PADS, source="hall-devices")
    assert client.put("/api/v1/devices/hall-devices", json=KIOSK_DEVICES, headers=pads).status_code == 200
    assert client.put("/api/v1/devices/pads", json=KIOSK_DEVICES, headers=pads).status_code == 403


def test_a_token_made_before_binding_is_bound_by_its_first_report(client: TestClient, hall: Hall) -> None:
    old = auth(hall, "old-pads", Role.PADS)
    with hall.sessions.begin() as session:  # as a token made before tokens were bound to a source
        session.execute(update(ApiToken).where(ApiToken.name == "old-pads").values(source=None))
    first = client.put("/api/v1/devices/hall-devices", json=KIOSK_DEVICES, headers=old)
    assert first.status_code == 200, first.text
    with hall.sessions() as session:
        assert session.get(ApiToken, "old-pads").source == "hall-devices"  # type: ignore[union-attr]
    assert client.put("/api/v1/devices/kiosk-09", json=KIOSK_DEVICES, headers=old).status_code == 403
    assert client.put("/api/v1/devices/hall-devices", json={"devices": []}, headers=old).status_code == 200


def test_an_unbound_kiosk_token_is_bound_by_its_first_filing_too(client: TestClient, hall: Hall) -> None:
    old = auth(hall, "old-kiosk", Role.KIOSK)
    with hall.sessions.begin() as session:
        session.execute(update(ApiToken).where(ApiToken.name == "old-kiosk").values(source=None))
    assert client.post("/api/v1/filings", json=filing_body(kiosk_id="kiosk-05"), headers=old).status_code == 201
    refused = client.put("/api/v1/devices/old-kiosk", json=KIOSK_DEVICES, headers=old)
    assert refused.status_code == 403 and refused.json()["error"] == "not_your_source"
    assert client.put("/api/v1/devices/kiosk-05", json=KIOSK_DEVICES, headers=old).status_code == 200


def test_a_display_reads_only_what_the_display_shows(client: TestClient, hall: Hall) -> None:
    display = auth(hall, "tv-1", Role.DISPLAY)
    kiosk = auth(hall, "kiosk-01", Role.KIOSK)
    ticket = client.post("/api/v1/tickets", json={"category": "A"}, headers=kiosk).json()
    for path in ("/api/v1/queue", "/api/v1/display/info"):
        assert client.get(path, headers=display).status_code == 200, path
    for path in (
        f"/api/v1/tickets/{ticket['id']}",
        "/api/v1/catalog",
        "/api/v1/catalog/339900-001-QR-00201-001",
        "/api/v1/ratings/reasons",
        "/api/v1/appointments/ABCD-1234",
        "/api/v1/filings",
        f"/api/v1/upload-sessions/{uuid.uuid4()}",
    ):
        refused = client.get(path, headers=display)
        assert refused.status_code in (403, 405), (path, refused.text)
        if refused.status_code == 403:
            assert refused.json()["error"] == "forbidden"
    # The kiosk still reads its ticket.
    assert client.get(f"/api/v1/tickets/{ticket['id']}", headers=kiosk).status_code == 200


def test_a_kiosk_files_only_under_its_own_kiosk_id(client: TestClient, hall: Hall) -> None:
    kiosk = auth(hall, "kiosk-01", Role.KIOSK)
    refused = client.post("/api/v1/filings", json=filing_body(kiosk_id="kiosk-02"), headers=kiosk)
    assert refused.status_code == 403 and refused.json()["error"] == "not_your_source", refused.text
    assert client.post("/api/v1/filings", json=filing_body(kiosk_id="kiosk-01"), headers=kiosk).status_code == 201
    # Its pull and its receipt key are its own too; staff read every kiosk's filings.
    others = client.get("/api/v1/filings", params={"kiosk_id": "kiosk-02"}, headers=kiosk)
    assert others.status_code == 403 and others.json()["error"] == "not_your_source"
    key = client.get("/api/v1/filings/receipt-key", params={"kiosk_id": "kiosk-02"}, headers=kiosk)
    assert key.status_code == 403 and key.json()["error"] == "not_your_source"
    staff = auth(hall, "staff-1", Role.STAFF)
    assert client.get("/api/v1/filings", params={"kiosk_id": "kiosk-02"}, headers=staff).status_code == 200


def test_a_kiosk_opens_reads_and_ends_only_its_own_phone_sessions(client: TestClient, hall: Hall) -> None:
    mine, other = auth(hall, "kiosk-01", Role.KIOSK), auth(hall, "kiosk-02", Role.KIOSK)
    sessions = "/api/v1/upload-sessions"
    foreign = client.post(sessions, json={"kiosk_id": "kiosk-02"}, headers=mine)
    assert foreign.status_code == 403 and foreign.json()["error"] == "not_your_source"
    opened: dict[str, Any] = client.post(sessions, json={"kiosk_id": "kiosk-01"}, headers=mine).json()
    where = f"{sessions}/{opened['id']}"
    for method, path in (("GET", where), ("POST", f"{where}/renew"), ("DELETE", where)):
        refused = client.request(method, path, headers=other)
        assert refused.status_code == 403 and refused.json()["error"] == "not_your_source", (method, refused.text)
    assert client.get(where, headers=mine).status_code == 200
    assert client.delete(where, headers=mine).status_code == 204


def test_a_duplicate_ticket_refusal_says_nothing_of_the_ticket_held(client: TestClient, hall: Hall) -> None:
    kiosk = auth(hall, "kiosk-01", Role.KIOSK)
    messages = set()
    for category, id_number in (("A", "110101199003071233"), ("B", "110105198506120026")):
        held = client.post("/api/v1/tickets", json={"category": category, "id_number": id_number}, headers=kiosk)
        again = client.post("/api/v1/tickets", json={"category": category, "id_number": id_number}, headers=kiosk)
        assert again.status_code == 409 and again.json()["error"] == "duplicate_ticket"
        message = again.json()["message"]
        assert held.json()["number"] not in message and held.json()["category"] not in message.split("/")[0]
        messages.add(message)
    assert len(messages) == 1  # the same words whatever ticket is held
