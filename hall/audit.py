"""The hall's audit log (docs/security.md, "Audit log"): append an entry to the chain, read entries back, verify
the chain. The HTTP side (what a request records) is in ``audit_http.py``, the supervisors' routes in
``audit_api.py``."""

from __future__ import annotations

import getpass
import socket
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.orm import Session, sessionmaker

from common.auditchain import (
    GENESIS,
    ChainFields,
    StoredEntry,
    detail_text,
    entry_hash,
    masked_text,
    stored_entry,
    verify_chain,
)
from hall.database import read_only
from hall.models import AuditEntry

# Appends from every server process queue here on PostgreSQL (on SQLite the write lock, taken by BEGIN IMMEDIATE
# in hall/database.py, does the same), so each entry is chained to the one committed just before it.
ADVISORY_LOCK = 0x6175_6469_7421  # "audit!"
CLI_ROLE = "cli"
PAGE = 500


@dataclass(frozen=True)
class Filters:
    since: datetime | None = None
    until: datetime | None = None
    actor: str | None = None
    action: str | None = None


def append(
    session: Session,
    *,
    at: datetime,
    actor: str,
    role: str,
    action: str,
    target: str = "",
    detail: Mapping[str, Any] | None = None,
    address: str = "",
    outcome: int = 0,
) -> AuditEntry:
    """Add one entry in ``session``'s transaction (which must be able to write: it holds the append lock until it
    commits)."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": ADVISORY_LOCK})
    last = session.execute(select(AuditEntry.id, AuditEntry.hash).order_by(AuditEntry.id.desc()).limit(1)).first()
    number, before = (last[0] + 1, last[1]) if last is not None else (1, GENESIS)
    fields = ChainFields(
        id=number,
        at=at.astimezone(UTC),
        actor=masked_text(actor),
        role=role[:16],
        action=action[:64],
        target=masked_text(target),
        detail=detail_text(detail),
        address=masked_text(address),
        outcome=outcome,
    )
    entry = AuditEntry(**vars(fields), before=before, hash=entry_hash(before, fields))
    session.add(entry)
    session.flush()
    return entry


class AuditLog:
    def __init__(self, sessions: sessionmaker[Session], clock: Callable[[], datetime] | None = None) -> None:
        self.sessions = sessions
        self.readers = sessionmaker(read_only(sessions.kw["bind"]), expire_on_commit=False)
        self.clock = clock or (lambda: datetime.now(UTC))

    def record(self, **entry: Any) -> AuditEntry:
        """Append an entry in its own transaction (see ``append`` for the fields; ``at`` defaults to now)."""
        entry.setdefault("at", self.clock())
        with self.sessions.begin() as session:
            return append(session, **entry)

    def page(self, filters: Filters, *, after: int = 0, limit: int = 100) -> list[AuditEntry]:
        """Entries past id ``after`` that pass ``filters``, oldest first."""
        query = select(AuditEntry).where(AuditEntry.id > after)
        if filters.since is not None:
            query = query.where(AuditEntry.at >= filters.since)
        if filters.until is not None:
            query = query.where(AuditEntry.at < filters.until)
        if filters.actor is not None:
            query = query.where(AuditEntry.actor == filters.actor)
        if filters.action is not None:
            query = query.where(AuditEntry.action == filters.action)
        with self.readers() as session:
            return list(session.scalars(query.order_by(AuditEntry.id).limit(limit)))

    def all(self, filters: Filters = Filters()) -> Iterator[AuditEntry]:
        after = 0
        while entries := self.page(filters, after=after, limit=PAGE):
            yield from entries
            after = entries[-1].id

    def stored(self, filters: Filters = Filters()) -> Iterator[StoredEntry]:
        """The entries as the chain, the exports and the CLI see them."""
        for entry in self.all(filters):
            yield stored_entry(entry)

    def verify(self) -> tuple[int, str, list[str]]:
        """(entries, the last entry's hash, one line per broken entry); see common/auditchain.py."""
        return verify_chain(self.stored())


def entry_dict(entry: AuditEntry) -> dict[str, Any]:
    """An entry as the API, the export and the CLI show it."""
    return {
        **vars(stored_entry(entry).fields),
        "at": entry.at.astimezone(UTC),
        "before": entry.before,
        "hash": entry.hash,
    }


def record_cli(
    sessions: sessionmaker[Session],
    action: str,
    target: str = "",
    detail: Mapping[str, Any] | None = None,
    *,
    outcome: int = 0,
) -> AuditEntry:
    """Record an administrator's command (``kiosk hall token create``, ``keys rotate``...): the actor is the OS user
    who ran it, the address ``cli:<host>``, the outcome its exit status (0: done)."""
    try:
        user = getpass.getuser()
    except (KeyError, OSError):  # no name for this uid (a bare container)
        user = "uid-unknown"
    return AuditLog(sessions).record(
        actor=user,
        role=CLI_ROLE,
        action=action,
        target=target,
        detail=detail,
        address=f"cli:{socket.gethostname()}",
        outcome=outcome,
    )
