"""What happens to a filing after intake: staff move it through its statuses (``TRANSITIONS``), attach the result
document, the kiosk records that it printed it; and the reads behind the progress query and the kiosk's pull.

Every change locks the filing's row (PostgreSQL; SQLite takes its write lock at the start of the transaction), so
two staff acting at once cannot both pass the status check, and writes its audit row and hall event beside it,
with the acting token's name (``actor``) where a person acted. A change may name the last audit row its caller saw
(``seen``, the staff's page): if the filing moved since, it is refused with ``FilingMoved`` and nothing changes."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session, sessionmaker

from common.hallapi.filings import TRANSITIONS, FilingStatus
from devices.privacy import mask_id_numbers
from hall.filings import Filing, FilingError, FilingEvent, history, not_found, record

ACTION_WORDS: dict[str, tuple[str, str]] = {
    "accept": ("受理", "accepted"),
    "request-materials": ("要求补正材料", "asked for more materials"),
    "reject": ("不予受理", "rejected"),
    "approve": ("办结", "approved"),
    "result": ("上传办理结果", "given a result document"),
}
PULL_LIMIT = 500
LOOKUP_LIMIT = 50


def wrong_status(status: FilingStatus, action: str) -> FilingError:
    zh, en = ACTION_WORDS[action]
    return FilingError(
        409,
        "wrong_status",
        f"此申报当前状态为“{status.zh}”，不能{zh} / the filing's status is “{status.en}” ({status.value}); "
        f"it cannot be {en} now",
    )


@dataclass(frozen=True)
class LastChange:
    """The newest row of a filing's audit trail, as a refusal tells it."""

    event_id: int
    action: str
    role: str
    actor: str | None
    at: datetime


class FilingMoved(FilingError):
    """The filing changed after the page that asked showed it (its ``seen`` row is not the newest): nothing done."""

    def __init__(self, last: LastChange) -> None:
        super().__init__(
            409, "filing_moved", "此申报已有新的办理记录，请查看最新状态 / the filing has changed since: look again"
        )
        self.last = last


class FilingDesk:
    def __init__(
        self, sessions: sessionmaker[Session], readers: sessionmaker[Session], clock: Callable[[], datetime]
    ) -> None:
        self.sessions, self.readers, self.clock = sessions, readers, clock

    # -- reads ------------------------------------------------------------------------------------------------
    def get(self, filing_id: uuid.UUID) -> Filing:
        with self.readers() as session:
            filing = session.get(Filing, filing_id)
        if filing is None:
            raise not_found()
        return filing

    def with_history(self, filing_id: uuid.UUID) -> tuple[Filing, list[FilingEvent]]:
        with self.readers() as session:
            filing = session.get(Filing, filing_id)
            if filing is None:
                raise not_found()
            return filing, history(session, filing_id)

    def changed(
        self,
        *,
        kiosk_id: str | None,
        status: FilingStatus | None,
        since: datetime | None,
        after: uuid.UUID | None,
        limit: int,
    ) -> list[Filing]:
        """Filings by (updated_at, id): from ``since`` on (or, with ``after``, past that filing at ``since``)."""
        query = select(Filing)
        if kiosk_id is not None:
            query = query.where(Filing.kiosk_id == kiosk_id)
        if status is not None:
            query = query.where(Filing.status == status.value)
        if since is not None and after is not None:
            query = query.where(
                or_(Filing.updated_at > since, and_(Filing.updated_at == since, Filing.id > after)),
            )
        elif since is not None:
            query = query.where(Filing.updated_at >= since)
        query = query.order_by(Filing.updated_at, Filing.id).limit(min(limit, PULL_LIMIT))
        with self.readers() as session:
            return list(session.scalars(query))

    def of_person(self, id_hash: str) -> list[Filing]:
        """A person's filings, newest first (progress by ID card)."""
        query = select(Filing).where(Filing.id_hash == id_hash).order_by(Filing.received_at.desc()).limit(LOOKUP_LIMIT)
        with self.readers() as session:
            return list(session.scalars(query))

    def result_of(self, filing_id: uuid.UUID) -> str:
        """The SHA-256 of the filing's result document; 404 while it has none."""
        filing = self.get(filing_id)
        if not filing.result_ready or filing.result_sha256 is None:
            raise FilingError(404, "no_result", "办理结果尚未出具 / the result document is not ready yet")
        return filing.result_sha256

    def may_take_result(self, filing_id: uuid.UUID) -> None:
        """Refuse a result for a filing that is not completed before its bytes are read."""
        status = FilingStatus(self.get(filing_id).status)
        if status != FilingStatus.COMPLETED:
            raise wrong_status(status, "result")

    # -- changes ----------------------------------------------------------------------------------------------
    def act(
        self,
        filing_id: uuid.UUID,
        action: str,
        role: str,
        *,
        materials: list[str] | None = None,
        note: str = "",
        actor: str | None = None,
        seen: int | None = None,
    ) -> Filing:
        """One of the staff's ``TRANSITIONS``; 409 ``wrong_status`` when the filing's status does not allow it."""
        allowed, target = TRANSITIONS[action]
        with self.sessions.begin() as session:
            filing = self._locked(session, filing_id, seen)
            before = FilingStatus(filing.status)
            if before not in allowed:
                raise wrong_status(before, action)
            filing.status = target.value
            note = mask_id_numbers(note)  # staff type free text: no ID number is kept in it
            if action == "request-materials":
                filing.missing_materials, filing.note = [mask_id_numbers(m) for m in materials or []], note or None
            elif action == "reject":
                filing.missing_materials, filing.note = [], note
            else:  # accepted or completed: whatever was asked for is settled
                filing.missing_materials, filing.note = [], None
            filing.updated_at = now = self.clock()
            record(session, filing, action, role, now, before=before.value, note=note or None, actor=actor)
            return filing

    def attach_result(
        self, filing_id: uuid.UUID, sha256: str, role: str, *, actor: str | None = None, seen: int | None = None
    ) -> Filing:
        """The result document (already in the store) for a completed filing; a newer one replaces it."""
        with self.sessions.begin() as session:
            filing = self._locked(session, filing_id, seen)
            status = FilingStatus(filing.status)
            if status != FilingStatus.COMPLETED:
                raise wrong_status(status, "result")
            filing.result_sha256, filing.result_ready = sha256, True
            filing.updated_at = now = self.clock()
            record(session, filing, "result", role, now, before=status.value, note=sha256, actor=actor)
            return filing

    def collect(self, filing_id: uuid.UUID, role: str) -> Filing:
        """The kiosk printed the result: once, and once more each time staff allow it."""
        with self.sessions.begin() as session:
            filing = self._locked(session, filing_id)
            if not filing.result_ready:
                raise FilingError(409, "no_result", "办理结果尚未出具 / the result document is not ready yet")
            if filing.collected and not filing.reprint_allowed:
                raise FilingError(
                    409,
                    "already_collected",
                    "办理结果已打印，再次打印请联系工作人员 / the result was already printed; staff may allow one more",
                )
            filing.collected, filing.reprint_allowed = True, False
            filing.updated_at = now = self.clock()
            record(session, filing, "collect", role, now, before=filing.status, note=None)
            return filing

    def allow_reprint(
        self, filing_id: uuid.UUID, role: str, *, actor: str | None = None, seen: int | None = None
    ) -> Filing:
        with self.sessions.begin() as session:
            filing = self._locked(session, filing_id, seen)
            if not filing.collected:
                raise FilingError(
                    409, "not_collected", "办理结果还没有打印过 / the result has not been printed yet; nothing to allow"
                )
            if not filing.reprint_allowed:
                filing.reprint_allowed = True
                filing.updated_at = now = self.clock()
                record(session, filing, "allow-reprint", role, now, before=filing.status, note=None, actor=actor)
            return filing

    @staticmethod
    def _locked(session: Session, filing_id: uuid.UUID, seen: int | None = None) -> Filing:
        filing = session.get(Filing, filing_id, with_for_update=True)
        if filing is None:
            raise not_found()
        if seen is not None:
            last = session.scalars(
                select(FilingEvent).where(FilingEvent.filing_id == filing_id).order_by(FilingEvent.id.desc()).limit(1)
            ).first()
            if last is not None and last.id != seen:
                raise FilingMoved(LastChange(last.id, last.action, last.role, last.actor, last.at))
        return filing
