"""The live event stream over real HTTP: a snapshot first, then every change once, resumable, across servers."""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Iterator

import httpx
import pytest
from sqlalchemy import text

from hall.server import Hall, build_hall
from hall.tokens import Role, create_token
from kiosk.hallclient import EventFollower, HallClient
from tests.support.hall import MONDAY_10AM, served
from tests.support.paths import SHIPPED_CONFIG


def make_hall(url: str) -> Hall:
    """A second hall on the same database, as a second server process would have."""
    return build_hall(SHIPPED_CONFIG / "hall.toml", url, clock=lambda: MONDAY_10AM)


class EventReader:
    """Reads server-sent events from one open response, message by message."""

    def __init__(self, response: httpx.Response) -> None:
        self.lines = response.iter_lines()

    def next(self, count: int) -> list[tuple[int | None, str, dict[str, object]]]:
        return read_events(self.lines, count)


def read_events(lines: Iterator[str], count: int) -> list[tuple[int | None, str, dict[str, object]]]:
    """The next ``count`` messages of an open stream as (id, event, data)."""
    events: list[tuple[int | None, str, dict[str, object]]] = []
    event_id: int | None = None
    kind = ""
    for line in lines:
        if line.startswith("id: "):
            event_id = int(line[4:])
        elif line.startswith("event: "):
            kind = line[7:]
        elif line.startswith("data: "):
            events.append((event_id, kind, json.loads(line[6:])))
            if len(events) == count:
                return events
    return events


def test_a_display_sees_a_snapshot_then_each_call_once(hall: Hall) -> None:
    display = {"Authorization": f"Bearer {create_token(hall.sessions, 'hall-display', Role.DISPLAY)}"}
    kiosk = {"Authorization": f"Bearer {create_token(hall.sessions, 'kiosk-01', Role.KIOSK)}"}
    pads = {"Authorization": f"Bearer {create_token(hall.sessions, 'pads', Role.PADS)}"}
    with served(hall.app) as base, httpx.Client(base_url=base, timeout=10) as client:
        with client.stream("GET", "/api/v1/events", headers=display) as stream:
            assert stream.headers["content-type"].startswith("text/event-stream")
            reader = EventReader(stream)
            [(_, kind, snapshot)] = reader.next(1)
            assert kind == "snapshot" and {c["prefix"] for c in snapshot["categories"]} >= {"A", "S"}  # type: ignore[index, union-attr]
            client.post("/api/v1/tickets", json={"category": "A"}, headers=kiosk)
            client.post("/api/v1/windows/2/call-next", headers=pads)
            client.post("/api/v1/windows/2/recall", headers=pads)
            events = reader.next(3)
        assert [(kind, data["number"], data["window"], data["waiting"]) for _, kind, data in events] == [
            ("ticket.issued", "A001", None, 1),
            ("ticket.called", "A001", 2, 0),
            ("ticket.called", "A001", 2, 0),
        ]
        assert events[2][2]["recalls"] == 1
        issued_id = events[0][0]
        # A display that lost its connection resumes after the last id it saw and misses nothing.
        resume = {**display, "Last-Event-ID": str(issued_id)}
        with client.stream("GET", "/api/v1/events", headers=resume) as stream:
            replay = EventReader(stream).next(2)
        assert [(kind, data["recalls"]) for _, kind, data in replay] == [("ticket.called", 0), ("ticket.called", 1)]


def test_the_stream_needs_a_token(hall: Hall) -> None:
    with served(hall.app) as base:
        reply = httpx.get(f"{base}/api/v1/events", timeout=10)
    assert reply.status_code == 401 and reply.json()["error"] == "unauthorized"


def test_two_server_processes_stream_the_same_events(hall_db_url: str, hall: Hall) -> None:
    other = make_hall(hall_db_url)
    token = {"Authorization": f"Bearer {create_token(hall.sessions, 'staff', Role.STAFF)}"}
    try:
        with (
            served(hall.app) as first,
            served(other.app) as second,
            httpx.Client(timeout=10) as client,
            client.stream("GET", f"{second}/api/v1/events", headers=token) as stream,
        ):
            reader = EventReader(stream)
            reader.next(1)  # the snapshot
            client.post(f"{first}/api/v1/tickets", json={"category": "S"}, headers=token)
            [(_, kind, data)] = reader.next(1)
        assert (kind, data["number"]) == ("ticket.issued", "S001")
    finally:
        other.close()


def test_the_stream_and_the_queue_answer_while_a_writer_holds_the_database(hall: Hall) -> None:
    display = {"Authorization": f"Bearer {create_token(hall.sessions, 'hall-display', Role.DISPLAY)}"}
    with (
        served(hall.app) as base,
        httpx.Client(base_url=base, timeout=10) as client,
        hall.engine.begin() as writer,  # holds SQLite's write lock (BEGIN IMMEDIATE) until the block ends
    ):
        writer.execute(text("UPDATE window_state SET paused = paused"))
        assert client.get("/api/v1/health").status_code == 200
        assert client.get("/api/v1/queue", headers=display).status_code == 200
        with client.stream("GET", "/api/v1/events", headers=display) as stream:
            [(_, kind, _snapshot)] = EventReader(stream).next(1)
    assert kind == "snapshot"


@pytest.mark.parametrize("hall_db_url", ["sqlite"], indirect=True)
def test_stopping_the_server_ends_open_streams_quietly(hall: Hall, caplog: pytest.LogCaptureFixture) -> None:
    token = create_token(hall.sessions, "hall-display", Role.DISPLAY)
    server = served(hall.app)
    url = server.__enter__()
    connected = threading.Event()
    with HallClient(url, token, timeout_s=2) as client, caplog.at_level(logging.INFO, logger="uvicorn.error"):
        follower = EventFollower(client, lambda _event: None, on_state=lambda up: up and connected.set()).start()
        try:
            assert connected.wait(10)
            stopping = time.monotonic()
            server.__exit__(None, None, None)  # the hall stops while a display still follows it
            took = time.monotonic() - stopping
        finally:
            follower.stop()
    assert not [r for r in caplog.records if "graceful shutdown exceeded" in r.getMessage() or r.exc_info]
    assert took < 1  # the stream ended within a poll; it was not left to be cancelled after a second of grace
