"""The outbox's rows: keeping a message, the line in order, and marking what became of each (delivered, a
failed try with its back-off, parked), and forgetting delivered ones after a while. kiosk/hallclient/outbox.py sends
them."""

from __future__ import annotations

import random
import uuid
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from devices.privacy import mask_id_numbers, mask_id_numbers_in
from kiosk.hallclient.outbox_state import waiting
from kiosk.store.filing_tables import Filing
from kiosk.store.models import OutboxMessage

FIRST_RETRY = timedelta(seconds=5)
# Delivered messages are kept at least this long: "delivered today" (outbox_state.outbox_report) counts them.
DELIVERED_KEPT_AT_LEAST = timedelta(days=1)
MAX_RETRY = timedelta(minutes=10)

Jitter = Callable[[], float]


def enqueue(session: Session, kind: str, payload: dict[str, Any], *, now: datetime | None = None) -> OutboxMessage:
    """Add a message to the caller's transaction; it is stored if and only if that transaction commits."""
    now = now or datetime.now(UTC)
    message = OutboxMessage(
        # No route sends an ID number through the outbox (a filing's row holds only its id): any in free text
        # (a rating's comment) is masked before it is stored.
        id=uuid.uuid4(),
        kind=kind,
        payload=mask_id_numbers_in(payload),
        created_at=now,
        attempts=0,
        next_attempt_at=now,
    )
    session.add(message)
    return message


def line(session: Session, *, limit: int = 200) -> Sequence[OutboxMessage]:
    """The messages still to deliver (neither delivered nor parked), oldest first."""
    query = waiting(select(OutboxMessage)).order_by(OutboxMessage.created_at, OutboxMessage.id).limit(limit)
    return session.scalars(query).all()


def due(session: Session, *, now: datetime | None = None, limit: int = 200) -> list[OutboxMessage]:
    """The head of the line whose time has come: oldest first, up to the first message still backing off (the
    ones behind it wait, so the hall receives them in order)."""
    now = now or datetime.now(UTC)
    ready = []
    for message in line(session, limit=limit):
        # A next try further off than its back-off could make is a wall clock stepped back since: due now, not
        # after the step has been waited out again.
        if now < message.next_attempt_at <= now + _ceiling(message.attempts):
            break
        ready.append(message)
    return ready


def pending_count(session: Session) -> int:
    """Messages still to deliver; parked ones are not counted (see outbox_state.outbox_report)."""
    return session.scalar(waiting(select(func.count()).select_from(OutboxMessage))) or 0


def mark_sent(message: OutboxMessage, *, now: datetime | None = None) -> None:
    message.sent_at = now or datetime.now(UTC)
    message.last_error = None


def backoff(attempts: int, jitter: Jitter = random.random) -> timedelta:
    """5 s, 10 s, 20 s ... at most 10 minutes, each between half and all of that ("equal jitter"), so kiosks
    that lost the hall together do not all come back in the same second."""
    ceiling = _ceiling(attempts)
    share = min(max(float(jitter()), 0.0), 1.0)
    return ceiling / 2 + ceiling / 2 * share


def _ceiling(attempts: int) -> timedelta:
    ceiling: timedelta = min(FIRST_RETRY * 2 ** max(attempts - 1, 0), MAX_RETRY)
    return ceiling


def mark_failed(
    message: OutboxMessage, error: str, *, now: datetime | None = None, jitter: Jitter = random.random
) -> None:
    """Count the attempt and push the next one back (``backoff``)."""
    now = now or datetime.now(UTC)
    message.attempts += 1
    message.next_attempt_at = now + backoff(message.attempts, jitter)
    message.last_error = mask_id_numbers(error[:1000])


def park(message: OutboxMessage, reason: str, *, now: datetime | None = None) -> None:
    message.parked_at = now or datetime.now(UTC)
    message.park_reason = mask_id_numbers(reason[:1000])
    message.attempts += 1


def prune_delivered(session: Session, *, before: datetime) -> int:
    """Delete the messages delivered before ``before``: the hall holds them, and a kiosk that runs for months must
    not keep one row per ticket rated or application filed. Parked and waiting messages stay, and so does a
    filing's message while the filing is not yet purged: a hall restored from a backup gets it again
    (kiosk/hallclient/hall_restored.py)."""
    still_held = select(Filing.id).where(Filing.purged_at.is_(None))
    done = session.execute(
        delete(OutboxMessage).where(
            OutboxMessage.sent_at.is_not(None), OutboxMessage.sent_at < before, OutboxMessage.id.not_in(still_held)
        )
    )
    return int(getattr(done, "rowcount", 0) or 0)
