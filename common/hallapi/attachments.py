"""Attachment upload bodies of the hall API (docs/filings.md, "Attachments"): what the hall answers for a stored
file, and the magic bytes that each accepted type must start with."""

from __future__ import annotations

from pydantic import BaseModel, Field

from common.hallapi.filings import SHA256, ContentType

# The first bytes of each accepted type; a body that does not start with its Content-Type's is refused (415).
MAGIC: dict[ContentType, bytes] = {
    "image/jpeg": b"\xff\xd8\xff",
    "image/png": b"\x89PNG\r\n\x1a\n",
    "application/pdf": b"%PDF-",
}
MAGIC_LENGTH = max(len(magic) for magic in MAGIC.values())


def content_type_of(header: str | None) -> ContentType | None:
    """The accepted type a ``Content-Type`` header names (parameters and case ignored), or None."""
    media_type = (header or "").split(";", 1)[0].strip().lower()
    return next((accepted for accepted in MAGIC if accepted == media_type), None)


def sniff(head: bytes) -> ContentType | None:
    """The accepted type whose magic bytes ``head`` (a file's first bytes) starts with, or None."""
    return next((kind for kind, magic in MAGIC.items() if head.startswith(magic)), None)


class AttachmentOut(BaseModel):
    sha256: str = Field(pattern=SHA256)
    size: int = Field(description="Bytes stored")
    content_type: ContentType | None = Field(description="As the file's first bytes say; None for none of them")
