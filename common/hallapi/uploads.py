"""Phone upload bodies of the hall API (docs/filings.md, "Materials from the phone"): the kiosk opens an upload
session for a material, shows its one-time address as a QR code, and reads back the files the citizen's phone
sent to it. The phone itself needs no body: it PUTs raw bytes to the page's own address."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

from common.hallapi.base import Body, Text
from common.hallapi.filings import SHA256, ContentType

MAX_PHONE_FILES = 20  # files one session takes; the same file sent twice counts once
SessionState = Literal["open", "ended", "expired"]


class UploadSessionIn(Body):
    kiosk_id: str = Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
    material: Text | None = Field(default=None, max_length=200, description="The catalog material it is for")


class UploadSessionOut(BaseModel):
    """A session as it was opened or renewed: the address for the QR code and when it stops working."""

    id: uuid.UUID
    url: str = Field(description="{public_url}/m/{token}: the phone's page, for the QR code")
    expires_at: datetime


class PhoneFileOut(BaseModel):
    sha256: str = Field(pattern=SHA256, description="Its name in the attachment store (GET /api/v1/attachments/…)")
    name: str = Field(description="The file's name on the phone, cleaned; 'photo.jpg' when it had none")
    size: int
    content_type: ContentType = Field(description="As the file's first bytes say")
    received_at: datetime


class UploadSessionFilesOut(BaseModel):
    """What the kiosk polls: the session's state and the files that arrived, in the order they arrived."""

    id: uuid.UUID
    material: str | None
    state: SessionState
    expires_at: datetime
    files: list[PhoneFileOut]
