"""The disclosure body of the hall API (政务公开, docs/disclosure.md): notices and policy documents as supervisors
publish them, and the bundle a kiosk fetches: notices, fee schedules, the public list of concluded filings
(办件公示, masked) and the window staff board (窗口人员公示)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, Field, StringConstraints

from common.hallapi.base import Body, one_line, plain_text

NoticeKind = Literal["notice", "policy"]  # 通知公告, 政策文件
NoticeStatus = Literal["published", "withdrawn"]
KIND_WORDS: dict[str, tuple[str, str]] = {"notice": ("通知公告", "Notices"), "policy": ("政策文件", "Policy documents")}
SHA256 = r"^[0-9a-f]{64}$"
MAX_ATTACHMENTS = 10
MAX_BODY_CHARS = 20_000


OneLine = AfterValidator(one_line)
Title = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=120), OneLine]
Issuer = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=60), OneLine]
DocumentNumber = Annotated[str, StringConstraints(strip_whitespace=True, max_length=60), OneLine]
FileLabel = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=120), OneLine]
NoticeBody = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_BODY_CHARS),
    AfterValidator(plain_text),
]


class AttachmentIn(Body):
    """A file uploaded first (``POST /api/v1/disclosure/attachments``) and named here."""

    sha256: str = Field(pattern=SHA256)
    name: FileLabel


class NoticeIn(Body):
    """A notice or policy document as a supervisor publishes or edits it. The body is plain text: paragraphs are
    separated by blank lines, and markup is kept as the characters typed (every page shows it as text)."""

    kind: NoticeKind
    title: Title
    issuer: Issuer = Field(description="发布机关")
    number: DocumentNumber = Field(default="", description="文号, e.g. 某政办发〔2026〕12号; empty for a notice")
    date: dt.date = Field(description="The document's date (成文/发布日期)")
    body: NoticeBody
    attachments: list[AttachmentIn] = Field(default_factory=list, max_length=MAX_ATTACHMENTS)
    pinned: bool = False


class PinIn(Body):
    pinned: bool


class NoticeAttachmentOut(BaseModel):
    sha256: str
    name: str
    media_type: str
    size: int


class AttachmentStored(BaseModel):
    sha256: str
    media_type: str
    size: int


class NoticeOut(BaseModel):
    id: int
    kind: NoticeKind
    title: str
    issuer: str
    number: str
    date: dt.date
    body: str
    attachments: list[NoticeAttachmentOut]
    pinned: bool
    status: NoticeStatus
    initials: str = Field(description="Pinyin initials of the title, for search at the kiosk")
    published_at: dt.datetime
    updated_at: dt.datetime
    withdrawn_at: dt.datetime | None = None


class NoticesOut(BaseModel):
    notices: list[NoticeOut]


class FeeOut(BaseModel):
    """One fee of one catalog item (收费标准), as the catalog publishes it."""

    item_code: str
    item_name: str
    department: str
    name: str
    amount: str
    basis: str
    initials: str


class PublicFilingOut(BaseModel):
    """One concluded filing on the public list (办件公示): never an ID number, phone or address."""

    number_masked: str
    item_code: str
    item_name: str
    applicant_masked: str
    received: dt.date
    concluded: dt.date
    result: str  # 已办结 / 不予受理
    result_en: str


class StaffOut(BaseModel):
    """One window of the staff board (窗口人员公示)."""

    window: int
    window_name: str
    window_name_en: str
    staff_name: str
    staff_number: str
    duties: str
    duties_en: str


class DisclosureOut(BaseModel):
    """Everything the kiosk shows, in one answer with an ETag (``"<version>"``)."""

    version: str
    hall_name: str
    notices: list[NoticeOut]
    fees: list[FeeOut]
    filings: list[PublicFilingOut]
    staff: list[StaffOut]
