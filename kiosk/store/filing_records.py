"""What the filing store hands out: plain frozen values, never rows, so a caller on another thread (the UI's
flows) holds no session. The ID number itself is never in a record, only its masked form."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from kiosk.store.filing_tables import Filing, FilingAttachment


@dataclass(frozen=True)
class AttachmentRecord:
    sha256: str
    name: str
    size: int
    content_type: str
    material: str | None
    uploaded: bool


@dataclass(frozen=True)
class FilingRecord:
    id: uuid.UUID
    number: str
    item_code: str
    item_name: str
    created_at: datetime
    service_day: date
    applicant_name: str
    id_number_masked: str
    phone: str | None
    form: dict[str, Any]
    materials_to_bring: tuple[str, ...]
    delivery_method: str
    delivery_address: str | None
    attachments: tuple[AttachmentRecord, ...]
    # The hall's view; ``status`` is None until the hall confirmed the filing.
    status: str | None
    status_zh: str | None
    status_en: str | None
    missing_materials: tuple[str, ...]
    note: str | None
    result_ready: bool
    collected: bool
    confirmed_at: datetime | None
    purged_at: datetime | None
    updated_at: datetime  # the hall's last change, or when it was made while the hall has not confirmed it

    @property
    def synced(self) -> bool:
        """The hall holds it."""
        return self.confirmed_at is not None


def record_of(filing: Filing, attachments: Sequence[FilingAttachment]) -> FilingRecord:
    return FilingRecord(
        id=filing.id,
        number=filing.number,
        item_code=filing.item_code,
        item_name=filing.item_name,
        created_at=filing.created_at,
        service_day=filing.service_day,
        applicant_name=filing.applicant_name,
        id_number_masked=filing.id_number_masked,
        phone=filing.phone,
        form=dict(filing.form),
        materials_to_bring=tuple(filing.materials_to_bring),
        delivery_method=filing.delivery_method,
        delivery_address=filing.delivery_address,
        attachments=tuple(
            AttachmentRecord(a.sha256, a.name, a.size, a.content_type, a.material, a.uploaded) for a in attachments
        ),
        status=filing.status,
        status_zh=filing.status_zh,
        status_en=filing.status_en,
        missing_materials=tuple(filing.missing_materials or ()),
        note=filing.note,
        result_ready=filing.result_ready,
        collected=filing.collected,
        confirmed_at=filing.confirmed_at,
        purged_at=filing.purged_at,
        updated_at=filing.hall_updated_at or filing.created_at,
    )
