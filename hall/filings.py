"""自助申报 filings at the hall: their tables, the errors the filing routes answer with, and a filing as the API
shows it. Intake is in ``filing_intake.py``, the staff's actions in ``filing_desk.py``, the routes in
``filings_api.py``; docs/filings.md is the contract."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, Index, Integer, String, Text, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from common.dbtypes import UtcDateTime
from common.hallapi.filings import (
    ApplicantOut,
    AttachmentRef,
    DeliveryIn,
    FilingDetailOut,
    FilingEventOut,
    FilingOut,
    FilingStatus,
)
from devices.privacy import mask_id_numbers_in
from hall.models import HallBase, HallEvent


class Filing(HallBase):
    """One filing as a kiosk sent it, with where staff have taken it. The applicant's ID number is kept only
    sealed (``id_number_sealed``) and as a keyed hash (``id_hash``); ``form`` shows any ID number in it masked,
    ``form_sealed`` holds the form as filed when masking changed it."""

    __tablename__ = "filing"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)  # made by the kiosk: the idempotency key
    number: Mapped[str] = mapped_column(String(24))
    item_code: Mapped[str] = mapped_column(String(40))
    kiosk_id: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)  # at the kiosk
    received_at: Mapped[datetime] = mapped_column(UtcDateTime)
    applicant_name: Mapped[str] = mapped_column(String(40))
    id_number_sealed: Mapped[str] = mapped_column(String(200))
    id_hash: Mapped[str] = mapped_column(String(64))
    phone: Mapped[str | None] = mapped_column(String(30), default=None)
    form: Mapped[dict[str, Any]] = mapped_column(JSON)
    form_sealed: Mapped[str | None] = mapped_column(Text, default=None)
    attachments: Mapped[list[Any]] = mapped_column(JSON)
    materials_to_bring: Mapped[list[Any]] = mapped_column(JSON)
    delivery: Mapped[dict[str, Any]] = mapped_column(JSON)
    body_digest: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(24))
    missing_materials: Mapped[list[Any]] = mapped_column(JSON)
    note: Mapped[str | None] = mapped_column(String(500), default=None)
    result_sha256: Mapped[str | None] = mapped_column(String(64), default=None)
    result_ready: Mapped[bool] = mapped_column(Boolean, default=False)
    collected: Mapped[bool] = mapped_column(Boolean, default=False)
    reprint_allowed: Mapped[bool] = mapped_column(Boolean, default=False)
    item_withdrawn: Mapped[bool] = mapped_column(Boolean, default=False)  # not in the catalog when it arrived
    # Its fee, paid at a kiosk (docs/payment.md): set in the transaction that marks the paying order paid.
    paid_at: Mapped[datetime | None] = mapped_column(UtcDateTime, default=None)
    paid_order_no: Mapped[str | None] = mapped_column(String(32), default=None)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)

    __table_args__ = (
        Index("ux_filing_number", "number", unique=True),
        Index("ix_filing_kiosk_updated", "kiosk_id", "updated_at", "id"),  # the kiosk's pull
        Index("ix_filing_updated", "updated_at", "id"),
        Index("ix_filing_id_hash", "id_hash"),  # progress by ID card
        Index("ix_filing_status_received", "status", "received_at"),  # 电子监察's open filings, the daily report
    )


class FilingEvent(HallBase):
    """The audit trail of a filing: its intake and every action on it, who (by role, and by token name where the
    action came from a person: ``actor``) and when."""

    __tablename__ = "filing_event"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    filing_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("filing.id"))
    action: Mapped[str] = mapped_column(String(24))
    from_status: Mapped[str | None] = mapped_column(String(24), default=None)
    to_status: Mapped[str | None] = mapped_column(String(24), default=None)
    role: Mapped[str] = mapped_column(String(16))
    at: Mapped[datetime] = mapped_column(UtcDateTime)
    note: Mapped[str | None] = mapped_column(String(2000), default=None)
    actor: Mapped[str | None] = mapped_column(String(64), default=None)  # the token's name; None before 0017

    __table_args__ = (
        Index("ix_filing_event_filing", "filing_id", "id"),
        Index("ix_filing_event_at", "at"),  # the daily report's actions of a day
    )


class FilingError(Exception):
    """A filing request the hall refuses: the HTTP status, a stable code, a message for people (Chinese first),
    and for ``invalid_form`` one message per field."""

    def __init__(self, status: int, code: str, message: str, fields: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status, self.code, self.message, self.fields = status, code, message, fields

    def body(self) -> dict[str, Any]:
        body: dict[str, Any] = {"error": self.code, "message": self.message}
        if self.fields is not None:
            body["fields"] = self.fields
        return body


def not_found() -> FilingError:
    return FilingError(404, "not_found", "没有这份申报 / no such filing")


def filing_out(filing: Filing) -> FilingOut:
    status = FilingStatus(filing.status)
    return FilingOut(
        id=filing.id,
        number=filing.number,
        item_code=filing.item_code,
        status=status,
        status_zh=status.zh,
        status_en=status.en,
        missing_materials=list(filing.missing_materials),
        note=filing.note,
        result_ready=filing.result_ready,
        collected=filing.collected,
        reprint_allowed=filing.reprint_allowed,
        item_withdrawn=filing.item_withdrawn,
        paid_at=filing.paid_at,
        updated_at=filing.updated_at.astimezone(UTC),  # as read back, whatever zone the clock gave it in
    )


def filing_detail(filing: Filing, trail: list[FilingEvent], id_number_masked: str) -> FilingDetailOut:
    return FilingDetailOut(
        **filing_out(filing).model_dump(),
        kiosk_id=filing.kiosk_id,
        created_at=filing.created_at,
        received_at=filing.received_at,
        applicant=ApplicantOut(name=filing.applicant_name, id_number_masked=id_number_masked, phone=filing.phone),
        form=filing.form,
        attachments=[AttachmentRef.model_validate(ref) for ref in filing.attachments],
        materials_to_bring=list(filing.materials_to_bring),
        delivery=DeliveryIn.model_validate(filing.delivery),
        history=[
            FilingEventOut(
                action=e.action,
                from_status=FilingStatus(e.from_status) if e.from_status else None,
                to_status=FilingStatus(e.to_status) if e.to_status else None,
                role=e.role,
                actor=e.actor,
                at=e.at,
                note=e.note,
            )
            for e in trail
        ],
    )


def record(
    session: Session,
    filing: Filing,
    action: str,
    role: str,
    at: datetime,
    *,
    before: str | None,
    note: str | None,
    actor: str | None = None,
) -> None:
    """The audit row of a change, and the hall event kiosks and staff screens follow (no personal data: the event
    stream is open to every role)."""
    session.add(
        FilingEvent(
            filing_id=filing.id,
            action=action,
            from_status=before,
            to_status=filing.status,
            role=role,
            at=at,
            note=mask_id_numbers_in(note),
            actor=actor,
        )
    )
    payload: dict[str, object] = {
        "filing_id": str(filing.id),
        "number": filing.number,
        "kiosk_id": filing.kiosk_id,
        "status": filing.status,
        "result_ready": filing.result_ready,
        "collected": filing.collected,
    }
    session.add(HallEvent(kind="filing.changed", payload=payload, created_at=at))


def history(session: Session, filing_id: uuid.UUID) -> list[FilingEvent]:
    return list(session.scalars(select(FilingEvent).where(FilingEvent.filing_id == filing_id).order_by(FilingEvent.id)))
