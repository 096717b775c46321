"""Tables of the kiosk's filings (自助申报): the filing as the citizen made it, its attachments, the per-day
sequence of its numbers, and the sync worker's small state (the pull cursor, a pause).

A filing, its attachment rows, its sequence step and its outbox row are written in one transaction
(kiosk/store/filings.py). The attachment files live in the data dir, named by their SHA-256.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from common.dbtypes import UtcDateTime
from kiosk.store.models import Base


class Filing(Base):
    """One filing made at this kiosk. The ID number is kept sealed (kiosk/store/keys.py) and found by its keyed
    hash; both go at retention (``purged_at``), and so does the sealed copy of a form that held an ID number (the
    stored ``form`` has every ID number masked). The masked number stays."""

    __tablename__ = "filing"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(32), unique=True)
    item_code: Mapped[str] = mapped_column(String(40))
    item_name: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    service_day: Mapped[date] = mapped_column(Date)
    applicant_name: Mapped[str] = mapped_column(String(40))
    id_number_sealed: Mapped[str | None] = mapped_column(Text, default=None)
    id_hash: Mapped[str | None] = mapped_column(String(64), default=None)
    id_number_masked: Mapped[str] = mapped_column(String(18))
    phone: Mapped[str | None] = mapped_column(String(30), default=None)
    form: Mapped[dict[str, Any]] = mapped_column(JSON)
    form_sealed: Mapped[str | None] = mapped_column(Text, default=None)  # the form as typed, if it held an ID number
    materials_to_bring: Mapped[list[str]] = mapped_column(JSON)
    delivery_method: Mapped[str] = mapped_column(String(8))
    delivery_address: Mapped[str | None] = mapped_column(String(200), default=None)
    # What the hall last said; ``status`` is None until the hall has confirmed the filing (``confirmed_at``).
    status: Mapped[str | None] = mapped_column(String(24), default=None)
    status_zh: Mapped[str | None] = mapped_column(String(60), default=None)
    status_en: Mapped[str | None] = mapped_column(String(120), default=None)
    missing_materials: Mapped[list[str]] = mapped_column(JSON, default=list)
    note: Mapped[str | None] = mapped_column(Text, default=None)
    result_ready: Mapped[bool] = mapped_column(Boolean, default=False)
    collected: Mapped[bool] = mapped_column(Boolean, default=False)
    hall_updated_at: Mapped[datetime | None] = mapped_column(UtcDateTime, default=None)
    confirmed_at: Mapped[datetime | None] = mapped_column(UtcDateTime, default=None)
    purged_at: Mapped[datetime | None] = mapped_column(UtcDateTime, default=None)

    __table_args__ = (
        Index("ix_filing_id_hash", "id_hash"),
        Index("ix_filing_confirmed", "confirmed_at", "purged_at"),
    )


class FilingAttachment(Base):
    """One file of a filing, in the order the citizen gave them; ``uploaded`` once the hall holds all its bytes."""

    __tablename__ = "filing_attachment"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    filing_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("filing.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(120))
    size: Mapped[int] = mapped_column(Integer)
    content_type: Mapped[str] = mapped_column(String(40))
    material: Mapped[str | None] = mapped_column(String(200), default=None)
    uploaded: Mapped[bool] = mapped_column(Boolean, default=False)

    __table_args__ = (Index("ix_filing_attachment_filing", "filing_id"), Index("ix_filing_attachment_sha", "sha256"))


class FilingSequence(Base):
    """The last sequence number used for a kiosk code on a service day (受理号 ``K01-20261205-0007``)."""

    __tablename__ = "filing_sequence"

    kiosk_code: Mapped[str] = mapped_column(String(12), primary_key=True)
    service_day: Mapped[date] = mapped_column(Date, primary_key=True)
    last: Mapped[int] = mapped_column(Integer)


class SyncState(Base):
    """The sync worker's memory across restarts: ``pull_cursor`` (the instant of the last pull) and ``paused``
    (why the hall refused the kiosk itself), each a small JSON value."""

    __tablename__ = "sync_state"

    key: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[dict[str, Any]] = mapped_column(JSON)
