"""Every input gets a 4xx JSON answer, never a 500: repeated device ids, times without a zone or at the edges of
the calendar, event ids out of range, control characters in free text (on SQLite and PostgreSQL)."""

from __future__ import annotations

import importlib
import json
import pkgutil
import uuid
from collections.abc import Iterator
from typing import Annotated, Any, Literal, get_args, get_origin

import httpx
import pytest
from fastapi.testclient import TestClient
from pydantic import AfterValidator
from pydantic.fields import FieldInfo

from common import hallapi
from common.hallapi.base import Body, one_line, plain_text, printable
from common.hallapi.fleet import DeviceIn
from hall.server import Hall
from hall.tokens import Role, create_token
from tests.support.filings import filing_body
from tests.support.hall import served

PRINTER = {"device": "printer", "kind": "printer", "name": "打印机", "state": "ready"}


def auth(hall: Hall, role: Role, source: str | None = None) -> dict[str, str]:
    name = source or f"{role.value}-{uuid.uuid4().hex[:6]}"
    return {"Authorization": f"Bearer {create_token(hall.sessions, name, role, source=source)}"}


@pytest.fixture
def client(hall: Hall) -> Iterator[TestClient]:
    with TestClient(hall.app, raise_server_exceptions=False) as opened:
        yield opened


def refused(answer: httpx.Response, status: int = 422) -> str:
    assert answer.status_code == status, answer.text
    body: dict[str, Any] = answer.json()
    assert set(body) == {"error", "message"} and body["message"], body
    return str(body["message"])


def test_the_same_device_twice_in_one_report_is_refused(client: TestClient, hall: Hall) -> None:
    kiosk = auth(hall, Role.KIOSK, "kiosk-01")
    message = refused(client.put("/api/v1/devices/kiosk-01", json={"devices": [PRINTER, PRINTER]}, headers=kiosk))
    assert "printer" in message and "重复" in message


@pytest.mark.parametrize(
    ("last_seen", "words"),
    [
        ("2026-11-23T10:00:00", "时区"),
        ("2026-11-23 10:00", "时区"),
        ("0001-01-01T00:00:00+14:00", "范围"),
        ("9999-12-31T23:59:59-12:00", "范围"),
        ("2026-11-23T10:00:00+99:00", ""),
        ("+99999-01-01T00:00:00Z", ""),
    ],
)
def test_a_time_without_a_zone_or_past_the_calendar_is_refused(
    client: TestClient, hall: Hall, last_seen: str, words: str
) -> None:
    kiosk = auth(hall, Role.KIOSK, "kiosk-01")
    body = {"devices": [{**PRINTER, "last_seen": last_seen}]}
    message = refused(client.put("/api/v1/devices/kiosk-01", json=body, headers=kiosk))
    assert words in message
    if words == "时区":
        assert "time zone" in message and "+08:00" in message


def test_a_filing_created_without_a_zone_is_refused_in_words(client: TestClient, hall: Hall) -> None:
    kiosk = auth(hall, Role.KIOSK, "kiosk-01")
    body = filing_body(created_at="2026-11-23T10:00:00")
    assert "时区" in refused(client.post("/api/v1/filings", json=body, headers=kiosk))
    since = client.get("/api/v1/filings", params={"since": "2026-11-23T10:00:00"}, headers=kiosk)
    assert "时区" in refused(since)


def test_the_calendar_s_edges_with_a_zone_are_kept(client: TestClient, hall: Hall) -> None:
    kiosk = auth(hall, Role.KIOSK, "kiosk-01")
    for edge in ("0001-01-01T00:00:00Z", "9999-12-31T23:59:59Z", "2026-11-23T10:00:00+23:59"):
        body = {"devices": [{**PRINTER, "last_seen": edge}]}
        assert client.put("/api/v1/devices/kiosk-01", json=body, headers=kiosk).status_code == 200, edge
    seen = client.get("/api/v1/devices", headers=auth(hall, Role.SUPERVISOR))
    assert seen.status_code == 200


CONTROL = ["\x00", "\x07", "\x1b[31m", "\x7f", "\u0085", "\ud800"]


@pytest.mark.parametrize("bad", CONTROL)
def test_control_characters_in_device_text_are_refused(client: TestClient, hall: Hall, bad: str) -> None:
    kiosk = auth(hall, Role.KIOSK, "kiosk-01")
    for device in (
        {**PRINTER, "name": f"打印{bad}机"},
        {**PRINTER, "message": f"缺纸{bad}"},
        {**PRINTER, "detail": {"firmware": f"1.0{bad}"}},
        {**PRINTER, "detail": {f"fw{bad}": 1}},
    ):
        sent = json.dumps({"devices": [device]})
        headers = {**kiosk, "Content-Type": "application/json"}
        answer = client.put("/api/v1/devices/kiosk-01", content=sent, headers=headers)
        message = refused(answer)
        assert "控制字符" in message or "unicode" in message, device
    # A new line is no part of a device's name either; it is in a comment.
    line = client.put("/api/v1/devices/kiosk-01", json={"devices": [{**PRINTER, "name": "a\nb"}]}, headers=kiosk)
    refused(line)


@pytest.mark.parametrize("bad", ["\x00", "\x1b", "\ud800"])
def test_control_characters_in_every_free_text_field_are_refused(client: TestClient, hall: Hall, bad: str) -> None:
    kiosk, staff = auth(hall, Role.KIOSK, "kiosk-01"), auth(hall, Role.STAFF)
    supervisor, pads = auth(hall, Role.SUPERVISOR), auth(hall, Role.PADS, "hall-devices")
    filing = filing_body()
    ticket = client.post("/api/v1/tickets", json={"category": "A"}, headers=kiosk).json()["id"]
    assert client.post("/api/v1/windows/1/call-next", headers=staff).json()["ticket"]["id"] == ticket
    rating = {"level": 5, "channel": "kiosk", "ticket_id": ticket}
    cases: list[tuple[str, str, dict[str, Any], dict[str, str]]] = [
        ("POST", "/api/v1/upload-sessions", {"kiosk_id": "kiosk-01", "material": f"户口{bad}本"}, kiosk),
        ("POST", "/api/v1/filings", {**filing, "applicant": {**filing["applicant"], "phone": f"138{bad}"}}, kiosk),
        ("POST", "/api/v1/filings", {**filing, "form": {**filing["form"], f"x{bad}": "1"}}, kiosk),
        ("POST", "/api/v1/filings", {**filing, "form": {**filing["form"], "note": f"a{bad}b"}}, kiosk),
        ("POST", f"/api/v1/filings/{uuid.uuid4()}/reject", {"reason": f"缺{bad}件"}, staff),
        ("POST", f"/api/v1/filings/{uuid.uuid4()}/request-materials", {"materials": ["户口本"], "note": bad}, staff),
        ("POST", "/api/v1/ratings", {**rating, "comment": f"好{bad}"}, pads),  # the window's pad rates by id
        ("POST", f"/api/v1/follow-ups/{uuid.uuid4()}/close", {"note": f"已{bad}回访"}, supervisor),
    ]
    for method, path, body, headers in cases:
        sent = json.dumps(body)  # \\ud800 escaped, as a client that sends a lone surrogate does
        answer = client.request(method, path, content=sent, headers={**headers, "Content-Type": "application/json"})
        message = refused(answer)
        assert "控制字符" in message or "unicode" in message, (path, body)  # JSON cannot carry a lone surrogate
    # New lines and tabs are normal in a comment or a note.
    fine = client.post("/api/v1/ratings", json={**rating, "comment": "好\n很好\t!"}, headers=pads)
    assert fine.status_code == 201, fine.text


@pytest.mark.parametrize(
    "last_event_id", [str(2**63), str(2**64 + 1), "-1", "abc", "²", "1e3", "9" * 20, "١٢٣٤", "12 x"]
)
def test_an_event_id_out_of_range_or_junk_is_refused_before_the_stream(hall: Hall, last_event_id: str) -> None:
    display = auth(hall, Role.DISPLAY, "tv-1")
    with served(hall.app) as url:
        header = {"Last-Event-ID": last_event_id.encode()}  # sent as UTF-8 bytes, as a careless client may
        answer = httpx.get(f"{url}/api/v1/events", headers={**display, **header}, timeout=10)
        assert answer.status_code in (400, 422), answer.text
        assert answer.json()["error"] in ("bad_event_id", "invalid_request")
        after = httpx.get(f"{url}/api/v1/events", params={"after": last_event_id}, headers=display, timeout=10)
        assert after.status_code in (400, 422) and set(after.json()) == {"error", "message"}


def test_a_device_s_own_words_are_made_printable_before_they_are_sent() -> None:
    """What a kiosk reports it did not type itself (an exception's text with new lines): cleaned, not refused."""
    sent = DeviceIn(device="printer", kind="printer", name="打印机", state="fault", message=printable("a\nb\x00c"))
    assert sent.message == "a b c"


def _guarded(metadata: list[Any]) -> bool:
    """Whether a str's metadata checks its characters: the shared text types, or a pattern."""
    for item in metadata:
        if isinstance(item, AfterValidator) and item.func in {one_line, plain_text}:
            return True
        if getattr(item, "pattern", None):
            return True
        if isinstance(item, FieldInfo) and _guarded(item.metadata):
            return True
    return False


def _unguarded_strings(annotation: Any, metadata: list[Any], where: str) -> Iterator[str]:
    if annotation is str:
        if not _guarded(metadata):
            yield where
        return
    if get_origin(annotation) is Annotated:
        inner, *more = get_args(annotation)
        yield from _unguarded_strings(inner, [*metadata, *more], where)
        return
    for n, arg in enumerate(get_args(annotation)):
        if get_origin(annotation) is not Literal:
            yield from _unguarded_strings(arg, [] if n or get_origin(annotation) in {list, dict} else metadata, where)


def test_every_text_field_of_every_request_body_checks_its_characters() -> None:
    """A field added later without the shared text type (or a pattern) fails here, not in PostgreSQL."""
    for module in pkgutil.iter_modules(hallapi.__path__):
        importlib.import_module(f"common.hallapi.{module.name}")
    bodies: list[type[Body]] = []
    todo: list[type[Body]] = [Body]
    while todo:
        bodies.extend(found := todo.pop().__subclasses__())
        todo.extend(found)
    unguarded = [
        where
        for body in bodies
        for name, field in body.model_fields.items()
        for where in _unguarded_strings(field.annotation, list(field.metadata), f"{body.__name__}.{name}")
    ]
    assert len(bodies) >= 15 and unguarded == []
