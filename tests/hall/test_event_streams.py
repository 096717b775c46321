"""Event streams at scale and by role, over a real uvicorn on loopback: one database poll however many streams are
open, a cap of streams per token with a clear refusal, and a display stream that carries only what a display shows.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import threading
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy import event

from hall.server import Hall
from hall.tokens import Role, create_token
from tests.hall.test_events import EventReader
from tests.support.hall import open_hall, served, sqlite_url
from tests.support.waiting import wait_until

STREAMS = 300


@pytest.fixture
def hall(tmp_path: Path) -> Iterator[Hall]:
    """SQLite: the backend whose single writer the polls used to crowd."""
    with open_hall(sqlite_url(tmp_path)) as built:
        yield built


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


@contextlib.contextmanager
def counting_event_reads(hall: Hall) -> Iterator[list[int]]:
    """How many SELECTs of the hall_event table reach the database, as a one-item list."""
    count = [0]

    def seen(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        if statement.lstrip().upper().startswith("SELECT") and "FROM hall_event" in statement:
            count[0] += 1

    event.listen(hall.engine, "before_cursor_execute", seen)
    try:
        yield count
    finally:
        event.remove(hall.engine, "before_cursor_execute", seen)


class OpenStreams:
    """``count`` event streams held open on a background event loop, spread over tokens ``cap`` at a time."""

    def __init__(self, base: str, tokens: list[str], count: int) -> None:
        self.base, self.tokens, self.count = base, tokens, count
        self.ready = threading.Event()
        self.seen: list[list[str]] = [[] for _ in range(count)]  # event kinds each stream received
        self.stop = threading.Event()
        self.failed: list[BaseException] = []
        self.thread = threading.Thread(target=lambda: asyncio.run(self._run()), daemon=True)

    async def _run(self) -> None:
        limits = httpx.Limits(max_connections=self.count + 10)
        opened = 0
        async with httpx.AsyncClient(base_url=self.base, timeout=60, limits=limits) as client:

            async def follow(i: int) -> None:
                nonlocal opened
                token = self.tokens[i % len(self.tokens)]
                async with client.stream("GET", "/api/v1/events", headers=bearer(token)) as response:
                    assert response.status_code == 200, response.status_code
                    async for line in response.aiter_lines():
                        if line.startswith("event: "):
                            self.seen[i].append(line[7:])
                            if line == "event: snapshot":
                                opened += 1
                                if opened == self.count:
                                    self.ready.set()
                        if self.stop.is_set():
                            return

            tasks = [asyncio.create_task(follow(i)) for i in range(self.count)]
            while not self.stop.is_set():
                await asyncio.sleep(0.1)
                for task in tasks:
                    if task.done() and task.exception() is not None:
                        self.failed.append(task.exception())  # type: ignore[arg-type]
                        self.stop.set()
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)


def test_three_hundred_streams_cost_one_poll_and_numbers_are_still_taken(hall: Hall) -> None:
    cap = hall.config.limits.streams_per_token
    tokens = [create_token(hall.sessions, f"display-{i:02}", Role.DISPLAY) for i in range(STREAMS // cap + 1)]
    kiosk = bearer(create_token(hall.sessions, "kiosk-01", Role.KIOSK))
    feed = hall.app.state.event_feed
    with served(hall.app) as base:
        streams = OpenStreams(base, tokens, STREAMS)
        streams.thread.start()
        try:
            assert streams.ready.wait(120), f"not all {STREAMS} streams opened: {streams.failed}"
            with counting_event_reads(hall) as reads, httpx.Client(base_url=base, timeout=30) as client:
                polls_before = feed.polls
                taken = [client.post("/api/v1/tickets", json={"category": "S"}, headers=kiosk) for _ in range(3)]
                assert [reply.status_code for reply in taken] == [201, 201, 201]
                # Every open stream hears of all three tickets ...
                assert wait_until(lambda: all(s.count("ticket.issued") == 3 for s in streams.seen), timeout=60)
                polls = feed.polls - polls_before
            # ... and the events table was read once per poll of the one feed, not once per stream.
            assert polls >= 1 and reads[0] <= polls + 3, (reads[0], polls)
        finally:
            streams.stop.set()
            streams.thread.join(30)
    assert not streams.failed


def test_one_token_holds_at_most_its_cap_of_streams(hall: Hall) -> None:
    cap = hall.config.limits.streams_per_token
    token = bearer(create_token(hall.sessions, "hall-display", Role.DISPLAY))
    other = bearer(create_token(hall.sessions, "lobby-display", Role.DISPLAY))
    with served(hall.app) as base, httpx.Client(base_url=base, timeout=10) as client, contextlib.ExitStack() as held:
        readers = []  # kept: a reader let go of closes its stream
        for _ in range(cap):
            stream = held.enter_context(client.stream("GET", "/api/v1/events", headers=token))
            assert stream.status_code == 200
            readers.append(EventReader(stream))
            readers[-1].next(1)
        refused = client.get("/api/v1/events", headers=token)
        assert refused.status_code == 429 and refused.headers["retry-after"].isdigit()
        body = refused.json()
        assert body["error"] == "too_many_streams" and f"{cap}" in body["message"]
        assert " / " in body["message"] and body["message"].index("事件流") < body["message"].index("streams")
        # Another token is not held back by this one; and a stream closed gives its place back.
        with client.stream("GET", "/api/v1/events", headers=other) as stream:
            assert stream.status_code == 200
        held.close()
        assert wait_until(lambda: client.get("/api/v1/health").status_code == 200)
        with client.stream("GET", "/api/v1/events", headers=token) as stream:
            assert stream.status_code == 200
            [(_, kind, _)] = EventReader(stream).next(1)
            assert kind == "snapshot"


def test_the_display_stream_carries_no_ticket_id_nor_filings(hall: Hall) -> None:
    display = bearer(create_token(hall.sessions, "hall-display", Role.DISPLAY))
    staff = bearer(create_token(hall.sessions, "window-staff", Role.STAFF))
    kiosk = bearer(create_token(hall.sessions, "kiosk-01", Role.KIOSK))
    with served(hall.app) as base, httpx.Client(base_url=base, timeout=10) as client:
        ticket = client.post("/api/v1/tickets", json={"category": "A"}, headers=kiosk).json()
        client.post("/api/v1/windows/2/call-next", headers=staff)
        client.post("/api/v1/windows/2/complete", headers=staff)
        with client.stream("GET", "/api/v1/events?after=0", headers=display) as stream:
            shown = EventReader(stream).next(3)
        with client.stream("GET", "/api/v1/events?after=0", headers=staff) as stream:
            full = EventReader(stream).next(3)
    assert [kind for _, kind, _ in shown] == ["ticket.issued", "ticket.called", "ticket.completed"]
    text = json.dumps([data for _, _, data in shown])
    assert ticket["id"] not in text and "ticket_id" not in text
    assert shown[1][2] == {"number": "A001", "category": "A", "window": 2, "recalls": 0, "waiting": 0}
    assert all(data["ticket_id"] == ticket["id"] for _, _, data in full)  # staff still get the whole event
