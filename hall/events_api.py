"""The live event stream (server-sent events) that displays and kiosks follow: calls, issued tickets, counts."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import FastAPI, Header, Query, Request
from fastapi.responses import StreamingResponse
from sqlalchemy import func, select
from starlette.concurrency import run_in_threadpool

from hall.models import HallEvent
from hall.queue_api import queue_snapshot
from hall.tokens import Role
from hall.web import ERRORS, ApiError, HallContext, bearer

POLL_SECONDS = 0.3  # events are read from the database, so every server process streams the same ones
HEARTBEAT_SECONDS = 15.0
BATCH = 200


def add_event_routes(app: FastAPI, hall: HallContext) -> None:
    anyone = bearer(hall.sessions, *Role)

    # Polls only read: on SQLite they must not queue for the write lock that taking and calling numbers hold.
    readers = hall.queue.readers

    def latest_id() -> int:
        with readers() as session:
            return int(session.scalar(select(func.max(HallEvent.id))) or 0)

    def events_after(last: int) -> list[HallEvent]:
        with readers() as session:
            query = select(HallEvent).where(HallEvent.id > last).order_by(HallEvent.id).limit(BATCH)
            return list(session.scalars(query))

    @app.get(
        "/api/v1/events",
        response_class=StreamingResponse,
        responses={200: {"content": {"text/event-stream": {}}}, **ERRORS},
    )
    async def events(
        request: Request,
        _role: Role = anyone,
        last_event_id: Annotated[str | None, Header(max_length=20)] = None,
        after: Annotated[int | None, Query(ge=0, le=MAX_EVENT_ID, description="Resume after this event id")] = None,
    ) -> StreamingResponse:
        """Server-sent events. A new client first gets a `snapshot` of the queue; a client that sends
        `Last-Event-ID` (or `?after=`) gets every event after that id instead, so nothing is missed."""
        resume = after if after is not None else _parse_id(last_event_id)

        async def stream() -> AsyncIterator[str]:
            last = resume
            if last is None:
                last = await run_in_threadpool(latest_id)
                snapshot = await run_in_threadpool(queue_snapshot, hall.queue)
                yield _message("snapshot", snapshot.model_dump_json(), last)
            quiet = 0.0
            while not hall.closing.is_set() and not await request.is_disconnected():
                batch = await run_in_threadpool(events_after, last)
                for event in batch:
                    last = event.id
                    yield _message(event.kind, json.dumps(event.payload, ensure_ascii=False), event.id)
                if batch:
                    quiet = 0.0
                    continue
                await asyncio.sleep(POLL_SECONDS)
                quiet += POLL_SECONDS
                if quiet >= HEARTBEAT_SECONDS:
                    quiet = 0.0
                    yield ": keep-alive\n\n"

        headers = {"Cache-Control": "no-cache", "X-Accel-Buffering": "no"}
        return StreamingResponse(stream(), media_type="text/event-stream", headers=headers)


MAX_EVENT_ID = 2**62  # far beyond any hall's events, and within a signed 64-bit column on every backend


def _parse_id(text: str | None) -> int | None:
    """The event id a client resumes after: ASCII digits up to ``MAX_EVENT_ID``; None when there is none (an
    empty header too). Anything else is refused (400 ``bad_event_id``) before the stream starts: a stream that
    started again from a snapshot would hide from the client that its id was wrong."""
    if text is None or not text.strip():
        return None
    digits = text.strip()
    if (
        not (digits.isascii() and digits.isdigit())
        or len(digits) > len(str(MAX_EVENT_ID))
        or int(digits) > MAX_EVENT_ID
    ):
        raise ApiError(
            400,
            "bad_event_id",
            f"事件编号须为 0 至 {MAX_EVENT_ID} 的整数 / the event id must be a whole number from 0 to {MAX_EVENT_ID}",
        )
    return int(digits)


def _message(kind: str, data: str, event_id: int) -> str:
    return f"id: {event_id}\nevent: {kind}\ndata: {data}\n\n"
