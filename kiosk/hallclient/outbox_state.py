"""What the outbox holds, in words a technician reads (``kiosk outbox``, the technician page), and the sync
worker's small memory in the store: the pause (the hall refused the kiosk itself) and the pull cursor.

Every function takes the caller's session; nothing here talks to the hall.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta, tzinfo
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kiosk.store import OutboxMessage, SyncState

PAUSED = "paused"
PULL_CURSOR = "pull_cursor"


def read_state(session: Session, key: str) -> dict[str, Any] | None:
    row = session.get(SyncState, key)
    return dict(row.value) if row is not None else None


def write_state(session: Session, key: str, value: dict[str, Any] | None) -> None:
    """Set (or with None, forget) one value; the caller commits."""
    row = session.get(SyncState, key)
    if value is None:
        if row is not None:
            session.delete(row)
    elif row is None:
        session.add(SyncState(key=key, value=value))
    else:
        row.value = value


@dataclass(frozen=True)
class Parked:
    id: uuid.UUID
    kind: str
    reason: str
    parked_at: datetime


@dataclass(frozen=True)
class OutboxReport:
    pending: int
    parked: tuple[Parked, ...]
    paused: str | None  # the hall's refusal of the kiosk, while the whole outbox waits for a new token
    paused_since: datetime | None
    delivered_today: int
    oldest_pending_age: timedelta | None
    last_error: str | None  # why the head of the line waits (the hall unreachable ...)

    def as_json(self) -> dict[str, Any]:
        age = self.oldest_pending_age
        return {
            "pending": self.pending,
            "parked": [
                {"id": str(p.id), "kind": p.kind, "reason": p.reason, "parked_at": p.parked_at.isoformat()}
                for p in self.parked
            ],
            "paused": self.paused is not None,
            "paused_reason": self.paused,
            "paused_since": self.paused_since.isoformat() if self.paused_since else None,
            "delivered_today": self.delivered_today,
            "oldest_pending_age_s": round(age.total_seconds()) if age is not None else None,
            "last_error": self.last_error,
        }


def waiting(query: Any) -> Any:
    """Restrict a query on the outbox to the messages still in line: not delivered, not parked."""
    return query.where(OutboxMessage.sent_at.is_(None), OutboxMessage.parked_at.is_(None))


def outbox_words(report: OutboxReport, live_error: str | None = None) -> str | None:
    """The outbox's state for the technician page, in words (中文 / English): a pause first, then parked
    messages, then why the line waits; None when all is well."""
    parts = []
    if report.paused is not None:
        parts.append(
            "已暂停：大厅拒绝了本机，请配置新的 hall.token 并重启，消息不会丢失 / PAUSED: the hall refuses this "
            f"kiosk ({report.paused}); set a new hall.token and restart, nothing is lost"
        )
    if report.parked:
        first = report.parked[0]
        parts.append(
            f"{len(report.parked)} 条被大厅拒绝，已搁置 / {len(report.parked)} refused by the hall and parked "
            f"(kiosk outbox retry ID): {first.kind} {first.reason}"
        )
    if report.paused is None and (live_error or report.last_error):
        parts.append(str(live_error or report.last_error))
    return "\n".join(parts) or None


def outbox_report(session: Session, *, now: datetime | None = None, zone: tzinfo = UTC) -> OutboxReport:
    """The outbox at a glance; "today" is the service day in ``zone`` (the station's time zone)."""
    now = now or datetime.now(UTC)
    pending = session.scalar(waiting(select(func.count()).select_from(OutboxMessage))) or 0
    oldest = session.scalar(waiting(select(func.min(OutboxMessage.created_at))))
    head_error = session.scalar(
        waiting(select(OutboxMessage.last_error)).order_by(OutboxMessage.created_at, OutboxMessage.id).limit(1)
    )
    parked = session.execute(
        select(OutboxMessage.id, OutboxMessage.kind, OutboxMessage.park_reason, OutboxMessage.parked_at)
        .where(OutboxMessage.sent_at.is_(None), OutboxMessage.parked_at.is_not(None))
        .order_by(OutboxMessage.parked_at)
    ).all()
    midnight = datetime.combine(now.astimezone(zone).date(), time(0), tzinfo=zone)
    delivered = session.scalar(
        select(func.count()).select_from(OutboxMessage).where(OutboxMessage.sent_at >= midnight.astimezone(UTC))
    )
    pause = read_state(session, PAUSED)
    return OutboxReport(
        pending=pending,
        parked=tuple(Parked(row[0], row[1], row[2] or "", row[3] or now) for row in parked),
        paused=str(pause["reason"]) if pause else None,
        paused_since=datetime.fromisoformat(pause["since"]) if pause and pause.get("since") else None,
        delivered_today=delivered or 0,
        oldest_pending_age=max(now - _aware(oldest), timedelta(0)) if oldest is not None else None,
        last_error=head_error,
    )


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


def retry(session: Session, message_id: uuid.UUID, *, now: datetime | None = None) -> OutboxMessage | None:
    """Put a parked message back in line (the technician fixed the cause); None if there is no such message.
    A message already delivered is left as it is."""
    message = session.get(OutboxMessage, message_id)
    if message is None or message.sent_at is not None:
        return message
    message.parked_at, message.park_reason = None, None
    message.next_attempt_at = now or datetime.now(UTC)
    return message
