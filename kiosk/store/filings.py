"""The kiosk's filings (自助申报): the store API the station's filing flows call.

``FilingStore.save`` is the one place a filing is made. Its attachment files are written first (named by
SHA-256, fsynced, renamed, the directory fsynced); then one transaction takes the day's next number, writes the
filing, its attachment rows and its outbox row. Only when ``save`` returns may the receipt be printed. When the
disk is full (or anything else fails) it raises ``FilingNotSaved`` with a message for the citizen, and nothing
of the filing remains: the transaction is rolled back and the files it created are removed, so the store goes
on taking numbers.

The outbox row holds only the filing id; the sync worker (kiosk/hallclient/filings.py) builds the body from
these tables when it sends, so retention (``purge``) leaves no ID number anywhere in the store. The ID number is
kept sealed under the kiosk's key file and found by a keyed hash (kiosk/store/keys.py); free text is stored with
every ID number masked, and a form that held one keeps its typed copy sealed for the hall.
"""

from __future__ import annotations

import json
import logging
import threading
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, tzinfo
from pathlib import Path
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from common.errors import KioskError
from common.hallapi.filings import CONTENT_TYPES, FilingOut, filing_number
from common.settings.paths import private_dir, sync_directory
from devices.privacy import mask_id_number, mask_id_numbers, mask_id_numbers_in
from devices.words import Words
from kiosk.store.attachment_files import (
    attachments_dir,
    is_disk_full,
    remove_files,
    sha256_of,
    sweep,
    write_file,
)
from kiosk.store.database import Store
from kiosk.store.faults import is_locked, store_fault
from kiosk.store.filing_records import AttachmentRecord, FilingRecord, record_of
from kiosk.store.filing_status import apply_status
from kiosk.store.filing_tables import Filing, FilingAttachment, FilingSequence
from kiosk.store.models import OutboxMessage

log = logging.getLogger(__name__)

FILING_KIND = "filing"  # the outbox kind; its payload is {"filing_id": ...}

__all__ = [
    "FILING_KIND",
    "AttachmentRecord",
    "FilingNotSaved",
    "FilingRecord",
    "FilingStore",
    "NewAttachment",
    "apply_status",
]


class FilingNotSaved(KioskError):
    """The filing was not stored; nothing of it remains. ``words`` is for the citizen; ``message`` joins them."""

    def __init__(self, words: Words) -> None:
        super().__init__(str(words))
        self.words = words


DISK_FULL_WORDS = Words(
    "申报未保存：本机存储空间已满，请联系工作人员",
    "The filing was not saved: this kiosk's storage is full; please ask the staff",
)
BUSY_WORDS = Words(
    "申报未保存：本机数据库正忙，请稍等一分钟后再提交或联系工作人员",
    "The filing was not saved: this kiosk's database is busy; please submit again in a minute or ask the staff",
)
NOT_SAVED_WORDS = Words(
    "申报未保存，请重试或联系工作人员", "The filing was not saved; please try again or ask the staff"
)


@dataclass(frozen=True)
class NewAttachment:
    name: str
    content_type: str  # image/jpeg, image/png or application/pdf
    data: bytes
    material: str | None = None


@dataclass(frozen=True)
class NewFiling:
    item_code: str
    item_name: str
    applicant_name: str
    id_number: str
    form: dict[str, Any]
    phone: str | None = None
    attachments: Sequence[NewAttachment] = ()
    materials_to_bring: Sequence[str] = ()
    delivery_method: str = "hall"  # kiosk | hall | post
    delivery_address: str | None = None


class FilingStore:
    """Filings of one kiosk (``kiosk_code``, e.g. ``K01``), its service day in ``zone``."""

    def __init__(
        self,
        store: Store,
        data_dir: Path,
        kiosk_code: str,
        zone: tzinfo,
        *,
        max_attachment_bytes: int = 20 * 1024 * 1024,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self.store, self.kiosk_code, self.zone, self._clock = store, kiosk_code, zone, clock
        self.max_attachment_bytes = max_attachment_bytes
        self.files = attachments_dir(data_dir)
        self._lock = threading.Lock()

    def now(self) -> datetime:
        return self._clock()

    # -- making one -----------------------------------------------------------------------------------------
    def save(self, new: NewFiling) -> FilingRecord:
        """Store the filing durably and queue it for the hall; raises FilingNotSaved (nothing stored)."""
        self._check(new)
        created: list[str] = []
        try:
            with self._lock:
                private_dir(self.files)
                shas = []
                for attachment in new.attachments:
                    sha = sha256_of(attachment.data)
                    shas.append(sha)
                    if write_file(self.files, sha, attachment.data):
                        created.append(sha)
                if created:
                    sync_directory(self.files)
                with self.store.sessions.begin() as session:
                    filing = self._add(session, new, shas)
                    record = record_of(filing, self._attachment_rows(session, filing.id))
        except (OSError, SQLAlchemyError) as error:
            remove_files(self.files, created)
            log.error("filing not saved (%s)", store_fault(error))
            words = DISK_FULL_WORDS if is_disk_full(error) else BUSY_WORDS if is_locked(error) else NOT_SAVED_WORDS
            raise FilingNotSaved(words) from None
        log.info("filing %s saved (%d attachments)", record.number, len(shas))
        return record

    def _check(self, new: NewFiling) -> None:
        """Refuse here what the hall would refuse for good (a type it does not take, a file over the size), so
        the citizen hears it now instead of the technician later."""
        limit = self.max_attachment_bytes
        shown = f"{limit // 2**20} MB" if limit >= 2**20 else f"{max(limit // 1024, 1)} KB"
        for attachment in new.attachments:
            if attachment.content_type not in CONTENT_TYPES:
                raise FilingNotSaved(
                    Words(
                        f"申报未保存：附件「{attachment.name}」的类型不受支持",
                        f"The filing was not saved: the attachment {attachment.name!r} is "
                        f"{attachment.content_type}, not JPEG, PNG or PDF",
                    )
                )
            if not attachment.data or len(attachment.data) > self.max_attachment_bytes:
                raise FilingNotSaved(
                    Words(
                        f"申报未保存：附件「{attachment.name}」为空或超过 {shown}",
                        f"The filing was not saved: the attachment {attachment.name!r} is empty or over {shown}",
                    )
                )

    def _add(self, session: Session, new: NewFiling, shas: list[str]) -> Filing:
        now = self._clock()
        day = now.astimezone(self.zone).date()
        sequence = session.get(FilingSequence, (self.kiosk_code, day))
        if sequence is None:
            sequence = FilingSequence(kiosk_code=self.kiosk_code, service_day=day, last=0)
            session.add(sequence)
        sequence.last += 1
        filing_id, id_number = uuid.uuid4(), new.id_number.strip().upper()
        keys = self.store.keys
        form = dict(new.form)
        masked_form: dict[str, Any] = mask_id_numbers_in(form)  # the ID field itself, and any typed in free text
        typed = json.dumps(form, ensure_ascii=False)
        filing = Filing(
            id=filing_id,
            number=filing_number(self.kiosk_code, day, sequence.last),
            item_code=new.item_code,
            item_name=new.item_name,
            created_at=now,
            service_day=day,
            applicant_name=new.applicant_name,
            id_number_sealed=keys.seal(id_number, filing_id.bytes),
            id_hash=keys.lookup_hash(id_number),
            id_number_masked=mask_id_number(id_number),
            phone=new.phone,
            form=masked_form,
            form_sealed=keys.seal(typed, filing_id.bytes) if masked_form != form else None,
            materials_to_bring=[mask_id_numbers(material) for material in new.materials_to_bring],
            delivery_method=new.delivery_method,
            delivery_address=mask_id_numbers_in(new.delivery_address),
            missing_materials=[],
            result_ready=False,
            collected=False,
        )
        session.add(filing)
        session.flush()  # the filing's row before the rows that point at it
        for position, (attachment, sha) in enumerate(zip(new.attachments, shas, strict=True)):
            session.add(
                FilingAttachment(
                    filing_id=filing.id,
                    position=position,
                    sha256=sha,
                    name=mask_id_numbers(attachment.name),
                    size=len(attachment.data),
                    content_type=attachment.content_type,
                    material=mask_id_numbers_in(attachment.material),
                    uploaded=False,
                )
            )
        session.add(
            OutboxMessage(
                id=filing.id,
                kind=FILING_KIND,
                payload={"filing_id": str(filing.id)},
                created_at=now,
                attempts=0,
                next_attempt_at=now,
            )
        )
        session.flush()
        return filing

    # -- reading --------------------------------------------------------------------------------------------
    def get(self, filing_id: uuid.UUID) -> FilingRecord | None:
        with self.store.sessions() as session:
            filing = session.get(Filing, filing_id)
            return record_of(filing, self._attachment_rows(session, filing_id)) if filing else None

    def by_number(self, number: str) -> FilingRecord | None:
        with self.store.sessions() as session:
            filing = session.scalar(select(Filing).where(Filing.number == number))
            return record_of(filing, self._attachment_rows(session, filing.id)) if filing else None

    def by_id_number(self, id_number: str) -> list[FilingRecord]:
        """The person's filings still held here, newest first. After retention the kiosk no longer knows whose
        a filing was; the hall's lookup (POST /api/v1/filings/lookup) answers for those."""
        with self.store.sessions() as session:
            rows = session.scalars(
                select(Filing)
                .where(Filing.id_hash == self.store.keys.lookup_hash(id_number))
                .order_by(Filing.created_at.desc())
            ).all()
            return [record_of(f, self._attachment_rows(session, f.id)) for f in rows]

    def unconfirmed(self) -> int:
        """Filings made here that the hall has not confirmed yet."""
        with self.store.sessions() as session:
            query = select(func.count()).select_from(Filing).where(Filing.confirmed_at.is_(None))
            return session.scalar(query) or 0

    def attachment_path(self, sha256: str) -> Path:
        return self.files / sha256

    @staticmethod
    def _attachment_rows(session: Session, filing_id: uuid.UUID) -> list[FilingAttachment]:
        query = select(FilingAttachment).where(FilingAttachment.filing_id == filing_id)
        return list(session.scalars(query.order_by(FilingAttachment.position)).all())

    # -- what the hall says ---------------------------------------------------------------------------------
    def update_status(self, answer: FilingOut) -> bool:
        """Keep the hall's status of a filing made here; False if this kiosk does not hold it."""
        with self.store.sessions.begin() as session:
            return apply_status(session, answer, now=self._clock())

    def mark_collected(self, filing_id: uuid.UUID) -> bool:
        """The result was printed here (the hall was told with POST …/collect); False if unknown."""
        with self.store.sessions.begin() as session:
            done = session.execute(update(Filing).where(Filing.id == filing_id).values(collected=True))
            return bool(getattr(done, "rowcount", 0))

    # -- retention ------------------------------------------------------------------------------------------
    def sweep(self) -> int:
        """Remove the attachment files no filing names (a save cut short by a crash); call it before any save."""
        with self._lock, self.store.sessions() as session:
            named = set(session.scalars(select(FilingAttachment.sha256)).all())
            left = sweep(self.files, named)
        if left:
            log.warning("removed %d attachment files of filings that were never saved", len(left))
        return len(left)

    def purge(self, retention: timedelta) -> int:
        """Delete the ID number and the attachment files of filings the hall confirmed more than ``retention``
        ago; the masked number, the status and the attachment rows (names, sizes, hashes) stay."""
        now = self._clock()
        with self._lock, self.store.sessions.begin() as session:
            due = session.scalars(
                select(Filing).where(
                    Filing.confirmed_at.is_not(None),
                    Filing.confirmed_at <= now - retention,
                    Filing.purged_at.is_(None),
                )
            ).all()
            if not due:
                return 0
            for filing in due:
                filing.id_number_sealed, filing.id_hash, filing.form_sealed = None, None, None
                filing.purged_at = now
            session.flush()
            shas = {a.sha256 for f in due for a in self._attachment_rows(session, f.id)}
            still_needed = set(
                session.scalars(
                    select(FilingAttachment.sha256)
                    .join(Filing, Filing.id == FilingAttachment.filing_id)
                    .where(FilingAttachment.sha256.in_(shas), Filing.purged_at.is_(None))
                ).all()
            )
        remove_files(self.files, sorted(shas - still_needed))
        with self.store.engine.connect() as connection:  # the old pages in the WAL go too
            connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        log.info("retention: %d filings purged of ID numbers and attachments", len(due))
        return len(due)
