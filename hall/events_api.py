"""The live event stream (server-sent events) that displays and kiosks follow: calls, issued tickets, counts.

Every stream of a server process reads from one feed (hall/event_feed.py): one database poll however many
streams are open. A token may hold ``[limits] streams_per_token`` streams at once. A display token gets only what
a display shows: the calls, the waiting counts and paused windows, without ticket ids or anything else."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Annotated, Any

from fastapi import FastAPI, Header, Query, Request
from fastapi.responses import JSONResponse, Response, StreamingResponse
from sqlalchemy import func, select
from starlette.concurrency import run_in_threadpool
from starlette.types import Receive, Scope, Send

from hall.event_feed import EventFeed, StreamEvent
from hall.event_retention import add_event_retention
from hall.models import HallEvent
from hall.queue_api import queue_snapshot
from hall.tokens import Role
from hall.web import ERRORS, ApiError, HallContext, bearer, caller
from hall.webui.auth import web_user
from hall.webui.sessions import WebUser

BATCH = 200
# What the calling display reads of each event (hall/display_assets/display.js); the display role gets only these.
_TICKET = ("number", "category", "window", "recalls", "waiting", "from_window")
_TICKET_EVENTS = ("issued", "pinned", "called", "completed", "missed", "transferred", "cancelled")
DISPLAY_FIELDS = {
    **{f"ticket.{kind}": _TICKET for kind in _TICKET_EVENTS},
    "window.paused": ("window", "paused"),
}
RETRY_STREAM_S = 30


def for_role(role: Role, event: StreamEvent) -> dict[str, Any] | None:
    """The payload ``role`` may see of ``event``; None when it may not see the event at all."""
    if role is not Role.DISPLAY:
        return event.payload
    fields = DISPLAY_FIELDS.get(event.kind)
    return None if fields is None else {name: event.payload[name] for name in fields if name in event.payload}


class _CountedStream(StreamingResponse):
    """A stream that gives its place back when it ends, however it ends (even before its first byte)."""

    def __init__(self, content: AsyncIterator[str], release: Any, **kwargs: Any) -> None:
        super().__init__(content, **kwargs)
        self._release = release

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        try:
            await super().__call__(scope, receive, send)
        finally:
            self._release()


def add_event_routes(app: FastAPI, hall: HallContext) -> None:
    anyone = bearer(hall.sessions, *Role)
    signed_in = web_user()
    limits = hall.queue.config.limits
    add_event_retention(app, hall.sessions, hall.queue.clock)

    # Polls only read: on SQLite they must not queue for the write lock that taking and calling numbers hold.
    readers = hall.queue.readers

    def latest_id() -> int:
        with readers() as session:
            return int(session.scalar(select(func.max(HallEvent.id))) or 0)

    def events_after(last: int) -> list[StreamEvent]:
        with readers() as session:
            query = select(HallEvent).where(HallEvent.id > last).order_by(HallEvent.id).limit(BATCH)
            return [StreamEvent(e.id, e.kind, dict(e.payload)) for e in session.scalars(query)]

    feed = EventFeed(events_after, latest_id, hall.closing)
    app.state.event_feed = feed  # tests count its polls

    @app.get(
        "/api/v1/events",
        response_class=StreamingResponse,
        responses={200: {"content": {"text/event-stream": {}}}, **ERRORS},
    )
    async def events(
        request: Request,
        role: Role = anyone,
        last_event_id: Annotated[str | None, Header(max_length=20)] = None,
        after: Annotated[int | None, Query(ge=0, le=MAX_EVENT_ID, description="Resume after this event id")] = None,
    ) -> Response:
        """Server-sent events. A new client first gets a `snapshot` of the queue; a client that sends
        `Last-Event-ID` (or `?after=`) gets every event after that id instead, so nothing is missed. A token may
        hold a few streams at once (429 beyond them)."""
        return opened(caller(request).name, role, after if after is not None else _parse_id(last_event_id))

    @app.get("/web/events", response_class=StreamingResponse, include_in_schema=False)
    async def web_events(
        user: WebUser = signed_in,
        last_event_id: Annotated[str | None, Header(max_length=20)] = None,
    ) -> Response:
        """The same stream for the staff's and supervisors' pages, by their sign-in (a browser's EventSource sends
        the cookie and Last-Event-ID, no bearer token)."""
        return opened(user.name, user.role, _parse_id(last_event_id))

    def opened(name: str, role: Role, resume: int | None) -> Response:
        cap = limits.streams_per_token
        if not feed.admit(name, cap):
            message = (
                f"此令牌已打开 {cap} 个事件流，请先关闭一个 / this token has {cap} event streams open already "
                "(the most one token may hold): close one first"
            )
            headers = {"Retry-After": str(RETRY_STREAM_S)}
            return JSONResponse({"error": "too_many_streams", "message": message}, 429, headers=headers)

        async def stream() -> AsyncIterator[str]:
            last = resume
            if last is None:
                last = await run_in_threadpool(latest_id)
                snapshot = await run_in_threadpool(queue_snapshot, hall.queue)
                yield _message("snapshot", snapshot.model_dump_json(), last)
            async for event in feed.follow(last):
                if event is None:
                    yield ": keep-alive\n\n"
                    continue
                payload = for_role(role, event)
                if payload is not None:
                    yield _message(event.kind, json.dumps(payload, ensure_ascii=False), event.id)

        headers = {"Cache-Control": "no-cache", "X-Accel-Buffering": "no"}
        return _CountedStream(stream(), lambda: feed.release(name), media_type="text/event-stream", headers=headers)


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
