"""The hall's audit log as supervisors read it (GET /api/v1/audit)."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field


class AuditEntryOut(BaseModel):
    id: int
    at: datetime
    actor: str = Field(description="The token's name, or the OS user of a command-line action")
    role: str = Field(description="staff, supervisor, or cli")
    action: str = Field(description="A stable code such as window.call, ticket.pin, token.create")
    target: str = Field(description="What was acted on, as name=value pairs: window=3")
    detail: str = Field(description="Short JSON: method, route, query and body, ID numbers masked")
    address: str = Field(description="The client's address, or cli:<host>")
    outcome: int = Field(description="The HTTP status; for a command, its exit status")
    before: str = Field(description="The hash of the entry before this one")
    hash: str = Field(description="SHA-256 over before and this entry's fields (common/auditchain.py)")


class AuditPage(BaseModel):
    entries: list[AuditEntryOut]
    next_after: int | None = Field(description="Pass as after= for the next page; null: no more entries")
