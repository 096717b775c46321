"""One reader of the hall's events per server process, fanned out to every open event stream.

Each open stream used to poll the database itself: 300 displays and kiosks made 1,000 queries a second, and taking
a number waited behind them. Now one poller (an asyncio task on the server's loop, running while any stream is
open) reads what is new every ``POLL_SECONDS`` and keeps the last ``KEEP`` events in memory; each stream reads
from there. A stream that resumes from further back than memory holds (``Last-Event-ID`` of an old event) reads
the database itself until it has caught up, as before. Every server process has its own feed: events are read from
the database, so every process streams the same ones.

The feed also counts the open streams of each token, for the per-token cap (``[limits] streams_per_token``).
"""

from __future__ import annotations

import asyncio
import bisect
import logging
import threading
from collections import deque
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from typing import Any

from starlette.concurrency import run_in_threadpool

log = logging.getLogger(__name__)
POLL_SECONDS = 0.3
HEARTBEAT_SECONDS = 15.0
KEEP = 2000  # events held in memory for streams that are a little behind


@dataclass(frozen=True)
class StreamEvent:
    id: int
    kind: str
    payload: dict[str, Any]


ReadAfter = Callable[[int], list[StreamEvent]]  # events with an id over the given one, oldest first, a batch


class EventFeed:
    def __init__(self, read_after: ReadAfter, latest_id: Callable[[], int], closing: threading.Event) -> None:
        self._read_after, self._latest_id, self._closing = read_after, latest_id, closing
        self.polls = 0  # database reads by the poller: one per POLL_SECONDS however many streams are open
        self._events: deque[StreamEvent] = deque(maxlen=KEEP)
        self._floor = 0  # memory holds every event with an id over this one
        self._subscribers = 0
        self._task: asyncio.Task[None] | None = None
        self._ready = asyncio.Event()
        self._changed = asyncio.Event()
        self._streams: dict[str, int] = {}

    # -- streams per token ----------------------------------------------------------------------------------
    def admit(self, token_name: str, cap: int) -> bool:
        """Count one more open stream of ``token_name``; False (nothing counted) when it holds ``cap`` already."""
        held = self._streams.get(token_name, 0)
        if held >= cap:
            return False
        self._streams[token_name] = held + 1
        return True

    def release(self, token_name: str) -> None:
        held = self._streams.get(token_name, 0) - 1
        if held > 0:
            self._streams[token_name] = held
        else:
            self._streams.pop(token_name, None)

    # -- following ------------------------------------------------------------------------------------------
    async def follow(self, after: int) -> AsyncIterator[StreamEvent | None]:
        """Every event after ``after``, in order, for as long as the server runs; None now and then on a quiet
        stream (a heartbeat is due)."""
        self._subscribers += 1
        try:
            await self._ensure_polling()
            last = after
            while not self._closing.is_set():
                waiter = self._changed
                if last < self._floor:  # further back than memory holds: from the database
                    batch = await run_in_threadpool(self._read_after, last)
                    if not batch:
                        last = self._floor  # nothing stored in between
                else:
                    batch = self._held_after(last)
                for event in batch:
                    last = event.id
                    yield event
                if batch:
                    continue
                try:
                    await asyncio.wait_for(waiter.wait(), HEARTBEAT_SECONDS)
                except TimeoutError:
                    yield None
        finally:
            self._subscribers -= 1

    def _held_after(self, last: int) -> list[StreamEvent]:
        events = self._events
        start = bisect.bisect_right(events, last, key=lambda event: event.id)
        return [events[i] for i in range(start, len(events))]

    # -- the poller -----------------------------------------------------------------------------------------
    async def _ensure_polling(self) -> None:
        loop = asyncio.get_running_loop()
        task = self._task
        if task is None or task.done() or task.get_loop() is not loop:
            # The first stream, or the app served again on another loop: start from what is stored now.
            self._ready, self._changed = asyncio.Event(), asyncio.Event()
            self._events.clear()
            self._task = loop.create_task(self._poll(self._ready), name="hall-event-feed")
        await self._ready.wait()

    async def _poll(self, ready: asyncio.Event) -> None:
        try:
            self._floor = await run_in_threadpool(self._latest_id)
        finally:
            ready.set()
        try:
            while self._subscribers and not self._closing.is_set():
                try:
                    batch = await self._read_new()
                except Exception:  # the database went away for a moment: the streams wait, and try again
                    log.exception("reading the hall's events failed; trying again")
                    batch = []
                if not batch:
                    await asyncio.sleep(POLL_SECONDS)
        finally:
            self._notify()  # the server stops (or no one listens): waiting streams look again

    async def _read_new(self) -> list[StreamEvent]:
        last = self._events[-1].id if self._events else self._floor
        batch = await run_in_threadpool(self._read_after, last)
        self.polls += 1
        if batch:
            overflow = len(self._events) + len(batch) - KEEP  # a batch is far smaller than KEEP
            if overflow > 0:
                self._floor = self._events[overflow - 1].id
            self._events.extend(batch)
            self._notify()
        return batch

    def _notify(self) -> None:
        changed, self._changed = self._changed, asyncio.Event()
        changed.set()
