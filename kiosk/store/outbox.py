"""The transactional outbox: enqueue beside a domain row, then hand due messages to the sync worker."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kiosk.store.models import OutboxMessage

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
