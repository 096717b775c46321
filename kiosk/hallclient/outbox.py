"""The outbox: what the hall must receive, kept in the local store and delivered once each, in order, through
crashes and outages.

A feature adds its domain row and ``enqueue(session, kind, payload)`` in one transaction, so both are stored or
neither; the message id (a UUID made here) is the idempotency key the hall deduplicates on.

A message leaves the outbox only when the hall has it: a 2xx, or a refusal that says the hall already holds
it (e.g. ``already_rated`` for a rating sent twice after a lost answer). While the hall is unreachable the
message waits with a growing back-off (``mark_failed``) and the round stops, so an outage costs one
request per round, not one per message. Any other refusal is final: the message is kept, marked with the
hall's reason, and logged as an error for the technician; it no longer blocks the ones behind it.
"""

from __future__ import annotations

import logging
import threading
import uuid
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kiosk.hallclient.base import HallClient
from kiosk.hallclient.errors import HallRefused, HallUnreachable
from kiosk.store import Store
from kiosk.store.models import OutboxMessage

log = logging.getLogger(__name__)

FIRST_RETRY = timedelta(seconds=5)
MAX_RETRY = timedelta(minutes=10)


def enqueue(session: Session, kind: str, payload: dict[str, Any], *, now: datetime | None = None) -> OutboxMessage:
    """Add a message to the caller's transaction; it is stored if and only if that transaction commits."""
    now = now or datetime.now(UTC)
    message = OutboxMessage(
        id=uuid.uuid4(), kind=kind, payload=payload, created_at=now, attempts=0, next_attempt_at=now
    )
    session.add(message)
    return message


def due(session: Session, *, now: datetime | None = None, limit: int = 50) -> Sequence[OutboxMessage]:
    """Unsent messages whose next attempt has come, oldest first."""
    now = now or datetime.now(UTC)
    query = (
        select(OutboxMessage)
        .where(OutboxMessage.sent_at.is_(None), OutboxMessage.next_attempt_at <= now)
        .order_by(OutboxMessage.created_at, OutboxMessage.id)
        .limit(limit)
    )
    return session.scalars(query).all()


def pending_count(session: Session) -> int:
    query = select(func.count()).select_from(OutboxMessage).where(OutboxMessage.sent_at.is_(None))
    return session.scalar(query) or 0


def mark_sent(message: OutboxMessage, *, now: datetime | None = None) -> None:
    message.sent_at = now or datetime.now(UTC)
    message.last_error = None


def mark_failed(message: OutboxMessage, error: str, *, now: datetime | None = None) -> None:
    """Count the attempt and push the next one back: 5 s, 10 s, 20 s ... at most 10 minutes apart."""
    now = now or datetime.now(UTC)
    message.attempts += 1
    delay = min(FIRST_RETRY * 2 ** (message.attempts - 1), MAX_RETRY)
    message.next_attempt_at = now + delay
    message.last_error = error[:1000]


Deliver = Callable[[HallClient, dict[str, Any]], None]


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


class OutboxSender:
    def __init__(
        self,
        store: Store,
        client: HallClient,
        routes: Mapping[str, Route],
        *,
        interval_s: float = 2.0,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        name: str = "outbox-sender",
    ) -> None:
        self._store, self._client, self._routes = store, client, dict(routes)
        self._interval_s, self._clock = interval_s, clock
        self._wake = threading.Event()
        self._force = False
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)
        self.last_error: str | None = None

    def send_due(self, *, everything: bool = False) -> Round:
        """One round: deliver what is due (or everything waiting), oldest first, until done or unreachable."""
        result = Round()
        with self._store.sessions() as session:
            for message in due(session, now=datetime.max.replace(tzinfo=UTC) if everything else self._clock()):
                route = self._routes.get(message.kind)
                if route is None:
                    continue  # another sender's kind in a shared store
                try:
                    route.deliver(self._client, dict(message.payload))
                except HallUnreachable as error:
                    mark_failed(message, str(error.message), now=self._clock())
                    session.commit()
                    self.last_error = str(error.message)
                    result.unreachable = True
                    break
                except HallRefused as error:
                    if error.code in route.already_there:
                        mark_sent(message, now=self._clock())
                        result.sent += 1
                    else:
                        log.error("hall refused outbox %s %s for good: %s", message.kind, message.id, error.message)
                        mark_sent(message, now=self._clock())
                        message.last_error = f"refused {error.code}: {error.message}"[:1000]
                        result.refused.append(error.code)
                else:
                    mark_sent(message, now=self._clock())
                    result.sent += 1
                session.commit()  # each delivery is recorded at once: a crash after it never resends it
            if not result.unreachable:
                self.last_error = None
        return result

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

    def stop(self, timeout: float = 10.0) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread.is_alive():
            self._thread.join(timeout)

    def _run(self) -> None:
        while not self._stop.is_set():
            everything, self._force = self._force, False
            try:
                self.send_due(everything=everything)
            except Exception:
                log.exception("outbox round failed")
            self._wake.wait(self._interval_s)
            self._wake.clear()
