"""Filing bodies of the hall API (自助申报): a filing as a kiosk sends it, the attachments it names, its status as
the hall answers it, and the staff's actions on it. docs/filings.md is the contract in words.

A filing's ``id`` is a UUID the kiosk made when it stored the filing; it is the idempotency key. Its ``number``
(受理号) is unique across the district without asking the hall: the kiosk's code, the service date and a
sequence of that kiosk's day (``filing_number``).
"""

from __future__ import annotations

import re
import uuid
from datetime import date, datetime
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import BaseModel, Field

from common.hallapi.base import Body, MultiLineText, Text, ZonedDatetime

SHA256 = r"^[0-9a-f]{64}$"
KIOSK_CODE = r"^[A-Z0-9]{2,12}$"
FILING_NUMBER = r"^[A-Z0-9]{2,12}-\d{8}-\d{4,6}$"
CONTENT_TYPES = ("image/jpeg", "image/png", "application/pdf")
ContentType = Literal["image/jpeg", "image/png", "application/pdf"]
# Resumable upload (docs/filings.md): a PUT carries ``Upload-Offset: N`` and the bytes from N on; the answer to
# an interrupted one (and ``HEAD``) carries the offset the hall holds, to resume from.
UPLOAD_OFFSET = "Upload-Offset"


def filing_number(kiosk_code: str, service_day: date, sequence: int) -> str:
    """受理号: e.g. K01-20261205-0007 (kiosk K01, 5 December 2026, its 7th filing that day)."""
    number = f"{kiosk_code}-{service_day:%Y%m%d}-{sequence:04d}"
    if not re.fullmatch(FILING_NUMBER, number):
        raise ValueError(f"not a filing number: {number!r}")
    return number


class FilingStatus(StrEnum):
    SUBMITTED = "submitted"  # 已提交: at the hall, not yet looked at
    ACCEPTED = "accepted"  # 已受理
    MATERIALS_REQUESTED = "materials_requested"  # 需补正: more materials asked for
    REJECTED = "rejected"  # 不予受理
    COMPLETED = "completed"  # 已办结; ``result_ready`` once the result document (出证) is there

    @property
    def zh(self) -> str:
        return STATUS_WORDS[self][0]

    @property
    def en(self) -> str:
        return STATUS_WORDS[self][1]


STATUS_WORDS: dict[FilingStatus, tuple[str, str]] = {
    FilingStatus.SUBMITTED: ("已提交，等待受理", "Submitted, waiting to be accepted"),
    FilingStatus.ACCEPTED: ("已受理，正在办理", "Accepted, in progress"),
    FilingStatus.MATERIALS_REQUESTED: ("需要补正材料", "More materials needed"),
    FilingStatus.REJECTED: ("不予受理", "Not accepted"),
    FilingStatus.COMPLETED: ("已办结", "Completed"),
}

# The staff's actions and the statuses each may start from; any other is refused with 409.
TRANSITIONS: dict[str, tuple[frozenset[FilingStatus], FilingStatus]] = {
    "accept": (frozenset({FilingStatus.SUBMITTED, FilingStatus.MATERIALS_REQUESTED}), FilingStatus.ACCEPTED),
    "request-materials": (
        frozenset({FilingStatus.SUBMITTED, FilingStatus.ACCEPTED}),
        FilingStatus.MATERIALS_REQUESTED,
    ),
    "reject": (
        frozenset({FilingStatus.SUBMITTED, FilingStatus.ACCEPTED, FilingStatus.MATERIALS_REQUESTED}),
        FilingStatus.REJECTED,
    ),
    "approve": (frozenset({FilingStatus.ACCEPTED}), FilingStatus.COMPLETED),
}

Delivery = Literal["kiosk", "hall", "post"]  # where the result reaches the citizen


class AttachmentRef(Body):
    sha256: str = Field(pattern=SHA256, description="SHA-256 of the bytes, lower-case hex; PUT before the filing")
    name: Annotated[Text, Field(min_length=1, max_length=120)] = Field(description="Shown to staff")
    size: int = Field(strict=True, ge=1)
    content_type: ContentType
    material: Annotated[Text, Field(min_length=1, max_length=200)] | None = Field(
        default=None, description="The catalog material it stands for (by name)"
    )


class Applicant(Body):
    name: Annotated[Text, Field(min_length=1, max_length=40)]
    id_number: str = Field(pattern=r"^\d{17}[\dXx]$", description="Stored encrypted; never logged")
    phone: Annotated[Text, Field(min_length=3, max_length=30)] | None = None


class DeliveryIn(Body):
    method: Delivery
    address: Annotated[MultiLineText, Field(min_length=4, max_length=200)] | None = Field(
        default=None, description="Required for post"
    )


FormValue = MultiLineText | int | float | bool


class FilingIn(Body):
    id: uuid.UUID = Field(description="Made by the kiosk: the idempotency key")
    number: str = Field(pattern=FILING_NUMBER, description="受理号 made by the kiosk")
    item_code: str = Field(pattern=r"^[0-9A-Z]+(-[0-9A-Z]+)*$", max_length=40)
    kiosk_id: str = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$")
    created_at: ZonedDatetime = Field(description="When the citizen filed it, with its offset")
    applicant: Applicant
    form: dict[Annotated[Text, Field(max_length=40)], FormValue] = Field(max_length=40)
    attachments: list[AttachmentRef] = Field(default_factory=list, max_length=60)
    materials_to_bring: list[Annotated[Text, Field(min_length=1, max_length=200)]] = Field(
        default_factory=list, max_length=40, description="Marked at the kiosk: the original will be brought"
    )
    delivery: DeliveryIn = DeliveryIn(method="hall")


class FilingOut(BaseModel):
    id: uuid.UUID
    number: str
    item_code: str
    status: FilingStatus
    status_zh: str
    status_en: str
    missing_materials: list[str]
    note: str | None = Field(default=None, description="Staff's note with a request for materials or a rejection")
    result_ready: bool
    collected: bool = False
    reprint_allowed: bool = Field(default=False, description="Staff allowed one more print of a collected result")
    item_withdrawn: bool = Field(default=False, description="Its item was not in the hall's catalog when it came")
    paid_at: datetime | None = Field(default=None, description="When its fee was paid at a kiosk (docs/payment.md)")
    updated_at: datetime


class FilingEventOut(BaseModel):
    """One step of a filing's audit trail: its intake or an action on it."""

    action: str = Field(description="submitted, accept, request-materials, reject, approve, result, collect, …")
    from_status: FilingStatus | None
    to_status: FilingStatus | None
    role: str = Field(description="The role of the token that did it")
    actor: str | None = Field(default=None, description="The name of the staff token that did it, where one did")
    at: datetime
    note: str | None


class ApplicantOut(BaseModel):
    name: str
    id_number_masked: str = Field(description="e.g. 110101********1233; the number itself is never sent")
    phone: str | None


class FilingDetailOut(FilingOut):
    """What staff see of a filing: what was filed (any ID number masked) and its audit trail."""

    kiosk_id: str
    created_at: datetime
    received_at: datetime
    applicant: ApplicantOut
    form: dict[str, FormValue]
    attachments: list[AttachmentRef]
    materials_to_bring: list[str]
    delivery: DeliveryIn
    history: list[FilingEventOut]


class FilingList(BaseModel):
    filings: list[FilingOut]


class FilingFieldErrors(BaseModel):
    """422 for form values outside the item's schema: one message per field, Chinese first."""

    error: Literal["invalid_form"]
    message: str
    fields: dict[str, str]


class RequestMaterialsIn(Body):
    materials: list[Annotated[Text, Field(min_length=1, max_length=200)]] = Field(min_length=1, max_length=40)
    note: Annotated[MultiLineText, Field(max_length=500)] = ""


class RejectIn(Body):
    reason: Annotated[MultiLineText, Field(min_length=1, max_length=500)]


class LookupIn(Body):
    """Progress by ID card: the kiosk sends the number in a body, never in a URL."""

    id_number: str = Field(pattern=r"^\d{17}[\dXx]$")


class ReceiptKeyOut(BaseModel):
    """The kiosk's receipt key (``common.receipts.receipt_key``), standard base64 of 32 bytes."""

    kiosk_id: str
    key: str
    key_id: str | None = Field(
        default=None, description="The hall key it was derived from: receipts name it (None: a hall before key ids)"
    )
    public_url: str = Field(default="", description="Where phones reach the hall: receipts' QR codes point there")
