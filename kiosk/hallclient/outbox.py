"""The outbox: what the hall must receive, kept in the local store and delivered once each, in order, through
crashes and outages.

A feature adds its domain row and ``enqueue(session, kind, payload)`` in one transaction, so both are stored or
neither; the message id (a UUID made here) is the idempotency key the hall deduplicates on.

The sender delivers the line oldest first and reads each answer into one of four outcomes:

- delivered: a 2xx, or a refusal that says the hall already holds it (``Route.already_there``, e.g.
  ``already_rated`` after a lost answer). The message leaves the line; deliveries are committed in small groups
  (one fsync for several), and a crash before a group's commit sends those few again, which the hall answers as
  held (the message id is the idempotency key).
- the hall is unreachable (no answer, a timeout, a 5xx, 408, 429): the round stops, and the head of the line
  waits with an exponential back-off with jitter (``mark_failed``), so the messages behind it keep their order
  and an outage costs one request per back-off, not one per message.
- the hall refuses the message itself (422, 413, 415, 404, 409 ``id_conflict`` ...): it is parked with the
  hall's reason, never retried by itself (``kiosk outbox retry ID`` puts it back), and the line goes on.
- the hall refuses the kiosk (401, 403: a revoked or rotated token, a hall restored from a backup): the whole
  outbox pauses, nothing is dropped; the pause is kept in the store for the technician. The head is tried again
  after its back-off (a probe), and at once when the sender starts (a restart with a new token).
"""

from __future__ import annotations

import logging
import random
import threading
import time
import uuid
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.orm import Session

from common import heartbeats
from kiosk.hallclient.base import HallClient
from kiosk.hallclient.errors import HallRefused, HallUnreachable
from kiosk.hallclient.outbox_rows import (
    FIRST_RETRY,
    MAX_RETRY,
    Jitter,
    backoff,
    due,
    enqueue,
    line,
    mark_failed,
    mark_sent,
    park,
    pending_count,
)
from kiosk.hallclient.outbox_state import PAUSED, read_state, write_state
from kiosk.store import Store
from kiosk.store.models import OutboxMessage

log = logging.getLogger(__name__)

__all__ = [
    "FIRST_RETRY",
    "MAX_RETRY",
    "OutboxSender",
    "Route",
    "backoff",
    "due",
    "enqueue",
    "line",
    "mark_failed",
    "mark_sent",
    "park",
    "pending_count",
]

KIOSK_REFUSED = frozenset({401, 403})  # the hall refuses the kiosk, not the message: pause everything
TRY_LATER = frozenset({408, 425, 429})  # the hall is busy: like unreachable
GROUP, GROUP_S = 20, 0.25  # deliveries recorded in one commit, and the longest one waits for its commit

# A route delivers one payload; it may return what to record in the same transaction that marks it delivered
# (e.g. the hall's status of a filing).
Recorder = Callable[[Session], None]
Deliver = Callable[[HallClient, dict[str, Any]], Recorder | None]


@dataclass(frozen=True)
class Route:
    """How one kind of message reaches the hall, and which refusals mean "the hall has it already"."""

    deliver: Deliver
    already_there: Collection[str] = ()


@dataclass
class Round:
    sent: int = 0
    refused: list[str] = field(default_factory=list)
    unreachable: bool = False
    paused: bool = False
    heard: bool = False  # the hall answered this kiosk (a delivery, or its own refusal of a message)


class OutboxSender:
    """Delivers the outbox in a thread of its own; ``chores`` (the filings' status pull, retention) run after
    each round."""

    def __init__(
        self,
        store: Store,
        client: HallClient,
        routes: Mapping[str, Route],
        *,
        interval_s: float = 2.0,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        jitter: Jitter = random.random,
        chores: Iterable[Callable[[], None]] = (),
        name: str = "outbox-sender",
    ) -> None:
        self._store, self._client, self._routes = store, client, dict(routes)
        self._interval_s, self._clock, self._jitter = interval_s, clock, jitter
        self._chores = tuple(chores)
        self._wake = threading.Event()
        self._force = True  # the first round tries at once: a restart with a new token resumes a pause
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)
        self.last_error: str | None = None
        self.paused: str | None = None
        self._marks: list[tuple[uuid.UUID, Recorder | None]] = []
        self._marks_since = 0.0

    def send_due(self, *, everything: bool = False) -> Round:
        """One round: deliver what is due (or with ``everything`` the whole line, back-off or not), oldest first,
        until done, unreachable or paused."""
        result = Round()
        with self._store.sessions() as session:
            stored = read_state(session, PAUSED)
            if stored is not None and self.paused is None:
                self.paused = str(stored.get("reason", ""))  # a pause from before a restart: this round probes
            ready = line(session) if everything else due(session, now=self._clock())
            heads = [(m.id, m.kind, dict(m.payload)) for m in ready]
        try:
            self._deliver_all(heads, result)
        finally:
            self._flush()  # the deliveries not yet recorded
        if not result.unreachable:
            self.last_error = None
        if result.heard and not result.paused and self.paused is not None:
            self._resume()
        return result

    def _deliver_all(self, heads: list[tuple[uuid.UUID, str, dict[str, Any]]], result: Round) -> None:
        for message_id, kind, payload in heads:
            if self._stop.is_set():
                break
            route = self._routes.get(kind)
            if route is None:
                continue  # another sender's kind in a shared store
            try:
                recorder = route.deliver(self._client, payload)
            except HallUnreachable as error:
                self._failed(message_id, str(error.message))
                self.last_error, result.unreachable = str(error.message), True
                break
            except HallRefused as error:
                if self._refused(message_id, kind, route, error, result):
                    break
            else:
                self._delivered(message_id, recorder)
                result.sent, result.heard = result.sent + 1, True

    def _refused(self, message_id: uuid.UUID, kind: str, route: Route, error: HallRefused, result: Round) -> bool:
        """Record a refusal; True when the round must stop (the kiosk is refused, or the hall is busy)."""
        if error.code in route.already_there:
            self._delivered(message_id, None)
            result.sent, result.heard = result.sent + 1, True
        elif error.status in KIOSK_REFUSED:
            self._pause(message_id, error)
            result.paused = True
        elif error.status in TRY_LATER:
            self._failed(message_id, str(error.message))
            self.last_error, result.unreachable = str(error.message), True
        else:
            self._park(message_id, kind, error)
            result.refused.append(error.code)
            result.heard = result.heard or error.status > 0  # 0: refused here, before any request
        return result.paused or result.unreachable

    def _delivered(self, message_id: uuid.UUID, recorder: Recorder | None) -> None:
        """Record a delivery. Deliveries are committed in small groups (one fsync for up to ``GROUP`` of them, at
        most ``GROUP_S`` apart): a crash before a group's commit only sends those few again, and the hall
        answers each as the one it holds (the message id is the idempotency key)."""
        if not self._marks:
            self._marks_since = time.monotonic()
        self._marks.append((message_id, recorder))
        if len(self._marks) >= GROUP or time.monotonic() - self._marks_since >= GROUP_S:
            self._flush()

    def _flush(self) -> None:
        marks, self._marks = self._marks, []
        if not marks:
            return
        with self._store.sessions.begin() as session:
            for message_id, recorder in marks:
                message = session.get(OutboxMessage, message_id)
                if message is not None:
                    mark_sent(message, now=self._clock())
                if recorder is not None:
                    recorder(session)

    def _failed(self, message_id: uuid.UUID, error: str) -> None:
        self._flush()
        with self._store.sessions.begin() as session:
            message = session.get(OutboxMessage, message_id)
            if message is not None:
                mark_failed(message, error, now=self._clock(), jitter=self._jitter)

    def _park(self, message_id: uuid.UUID, kind: str, error: HallRefused) -> None:
        reason = f"refused {error.code} (HTTP {error.status}): {error.message}"
        log.error("hall refused outbox %s %s, parked: %s", kind, message_id, reason)
        self._flush()
        with self._store.sessions.begin() as session:
            message = session.get(OutboxMessage, message_id)
            if message is not None:
                park(message, reason, now=self._clock())

    def _pause(self, message_id: uuid.UUID, error: HallRefused) -> None:
        reason = f"{error.message} (HTTP {error.status} {error.code})"
        if self.paused is None:
            log.error("hall refused this kiosk: outbox paused, nothing dropped: %s", reason)
        self.paused = reason
        self._flush()
        with self._store.sessions.begin() as session:
            message = session.get(OutboxMessage, message_id)
            if message is not None:
                mark_failed(message, reason, now=self._clock(), jitter=self._jitter)
            since = (read_state(session, PAUSED) or {}).get("since") or self._clock().isoformat()
            write_state(session, PAUSED, {"reason": reason, "since": since, "status": error.status})

    def _resume(self) -> None:
        log.info("hall takes this kiosk's messages again: outbox resumed")
        self.paused = None
        with self._store.sessions.begin() as session:
            write_state(session, PAUSED, None)

    @property
    def stopping(self) -> bool:
        """True once stop() was called: a long delivery (an upload) ends early and resumes at the next start."""
        return self._stop.is_set()

    def pending(self) -> int:
        with self._store.sessions() as session:
            return pending_count(session)

    def wake(self, *, everything: bool = False) -> None:
        """Try now: after a new message, or with ``everything`` when the hall is seen again after an outage."""
        self._force = self._force or everything
        self._wake.set()

    def start(self) -> OutboxSender:
        self._thread.start()
        return self

    def stop(self, timeout: float = 5.0) -> None:
        """Ask the thread to end and wait up to ``timeout`` (half the process's stop bound, common/stopping.py):
        a request still under way after that ends when the caller closes the hall client."""
        self._stop.set()
        self._wake.set()
        if self._thread.is_alive():
            self._thread.join(timeout)

    def _run(self) -> None:
        # A round stops at the first unreachable answer, so one turn is a few requests' timeouts at the most
        with heartbeats.register(self._thread.name, self._interval_s + heartbeats.MARGIN_S) as heart:
            while not self._stop.is_set():
                heart.beat()
                everything, self._force = self._force, False
                try:
                    self.send_due(everything=everything)
                except Exception:
                    log.exception("outbox round failed")
                for chore in self._chores:
                    if self._stop.is_set():
                        break
                    try:
                        chore()
                    except Exception:
                        log.exception("outbox chore %s failed", getattr(chore, "__qualname__", chore))
                self._wake.wait(self._interval_s)
                self._wake.clear()
