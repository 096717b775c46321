"""The kiosk's own audit log: what was done at the kiosk in technician mode (each PIN attempt, device tests,
restarts, simulator controls) and by the technician's commands (``kiosk outbox retry``). Append-only like the
hall's: triggers refuse UPDATE and DELETE (migration 0005), and each entry's hash covers the one before
(common/auditchain.py). Read with ``kiosk audit list|export|verify``; it stays on the kiosk (not sent to the hall)."""

from __future__ import annotations

import getpass
import logging
from collections.abc import Callable, Iterator, Mapping
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Index, Integer, String, Text, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, mapped_column

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
from common.dbtypes import UtcDateTime
from kiosk.store.database import Store
from kiosk.store.models import Base

log = logging.getLogger(__name__)
TECHNICIAN = "technician"  # the actor of what is done behind the PIN (one PIN per kiosk: no names)
CLI_ROLE = "cli"
ATTEMPTS = 5  # appends racing another process for the same id try again


class KioskAuditEntry(Base):
    __tablename__ = "audit_entry"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)  # 1, 2, 3... no gaps
    at: Mapped[datetime] = mapped_column(UtcDateTime)
    actor: Mapped[str] = mapped_column(String(200))  # "technician", or the OS user of a command
    role: Mapped[str] = mapped_column(String(16))  # technician, cli
    action: Mapped[str] = mapped_column(String(64))  # technician.enter, device.test_print, outbox.retry...
    target: Mapped[str] = mapped_column(String(200))
    detail: Mapped[str] = mapped_column(Text)  # short canonical JSON, ID numbers masked
    address: Mapped[str] = mapped_column(String(200))  # kiosk:<station id>
    outcome: Mapped[str] = mapped_column(String(32))  # ok, wrong_pin, locked, failed...
    before: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))

    __table_args__ = (Index("ix_audit_entry_at", "at"),)


class AuditTrail:
    """Append to and read the kiosk's audit log for ``station`` (the address of every entry: kiosk:<station>)."""

    def __init__(self, store: Store, station: str, clock: Callable[[], datetime] | None = None) -> None:
        self.store = store
        self.address = f"kiosk:{station}"
        self.clock = clock or (lambda: datetime.now(UTC))

    def record(
        self,
        action: str,
        *,
        target: str = "",
        detail: Mapping[str, Any] | None = None,
        outcome: str = "ok",
        actor: str = TECHNICIAN,
        role: str = TECHNICIAN,
    ) -> KioskAuditEntry:
        """Append one entry. SQLite takes its write lock only at the INSERT: another process that appended in
        between takes the same id first, and this one reads the new last entry and tries again."""
        at = self.clock().astimezone(UTC)
        for attempt in range(ATTEMPTS):
            try:
                with self.store.sessions.begin() as session:
                    last = session.execute(
                        select(KioskAuditEntry.id, KioskAuditEntry.hash).order_by(KioskAuditEntry.id.desc()).limit(1)
                    ).first()
                    number, before = (last[0] + 1, last[1]) if last is not None else (1, GENESIS)
                    fields = ChainFields(
                        id=number,
                        at=at,
                        actor=masked_text(actor),
                        role=role[:16],
                        action=action[:64],
                        target=masked_text(target),
                        detail=detail_text(detail),
                        address=self.address,
                        outcome=outcome[:32],
                    )
                    entry = KioskAuditEntry(**vars(fields), before=before, hash=entry_hash(before, fields))
                    session.add(entry)
                return entry
            except IntegrityError:
                if attempt == ATTEMPTS - 1:
                    raise
        raise AssertionError("unreachable")

    def record_cli(self, action: str, *, target: str = "", detail: Mapping[str, Any] | None = None, outcome: str = "ok"
                   ) -> KioskAuditEntry:  # fmt: skip
        """A technician's command at this kiosk: the actor is the OS user who ran it."""
        try:
            user = getpass.getuser()
        except (KeyError, OSError):
            user = "uid-unknown"
        return self.record(action, target=target, detail=detail, outcome=outcome, actor=user, role=CLI_ROLE)

    def page(self, *, after: int = 0, limit: int = 500, action: str | None = None) -> list[KioskAuditEntry]:
        query = select(KioskAuditEntry).where(KioskAuditEntry.id > after)
        if action is not None:
            query = query.where(KioskAuditEntry.action == action)
        with self.store.sessions() as session:
            return list(session.scalars(query.order_by(KioskAuditEntry.id).limit(limit)))

    def stored(self, action: str | None = None) -> Iterator[StoredEntry]:
        after = 0
        while entries := self.page(after=after, action=action):
            for entry in entries:
                yield stored_entry(entry)
            after = entries[-1].id

    def verify(self) -> tuple[int, str, list[str]]:
        return verify_chain(self.stored())
