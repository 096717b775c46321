"""Supervisors read and export the audit log: ``GET /api/v1/audit`` (paged by id) and
``GET /api/v1/audit/export?format=csv|jsonl`` (streamed). Both are recorded in the log themselves
(hall/audit_http.py)."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import FastAPI, Query
from fastapi.responses import StreamingResponse

from common.auditchain import csv_lines, jsonl_lines
from common.hallapi.audit import AuditEntryOut, AuditPage
from common.hallapi.base import ZonedDatetime
from hall.audit import AuditLog, Filters, entry_dict
from hall.audit_http import AuditRequests
from hall.tokens import Role
from hall.web import ERRORS, HallContext, bearer

MEDIA = {"csv": "text/csv; charset=utf-8", "jsonl": "application/x-ndjson"}
Since = Annotated[ZonedDatetime | None, Query(description="Entries at or after this instant")]
Until = Annotated[ZonedDatetime | None, Query(description="Entries before this instant")]
PRINTABLE = r"^[^\x00-\x1f\x7f]*$"
Actor = Annotated[
    str | None, Query(max_length=200, pattern=PRINTABLE, description="Only this actor (token name or OS user)")
]
Action = Annotated[
    str | None, Query(max_length=64, pattern=PRINTABLE, description="Only this action code, e.g. window.call")
]


def install_audit(app: FastAPI, hall: HallContext) -> AuditLog:
    """Record staff and supervisor requests (one middleware for every route) and add the supervisors' routes."""
    audit = AuditLog(hall.sessions, clock=hall.queue.clock)
    app.state.audit = audit
    app.add_middleware(AuditRequests, audit=audit)
    supervisor = bearer(hall.sessions, Role.SUPERVISOR)

    @app.get("/api/v1/audit", response_model=AuditPage, responses=ERRORS)
    def audit_page(
        *,
        _role: Role = supervisor,
        since: Since = None,
        until: Until = None,
        actor: Actor = None,
        action: Action = None,
        after: Annotated[int, Query(ge=0, le=2**62, description="Entries past this id")] = 0,
        limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    ) -> AuditPage:
        """Audit entries oldest first; ask again with ``after=next_after`` for the next page."""
        entries = audit.page(Filters(since, until, actor, action), after=after, limit=limit)
        next_after = entries[-1].id if len(entries) == limit else None
        return AuditPage(entries=[AuditEntryOut(**entry_dict(e)) for e in entries], next_after=next_after)

    @app.get(
        "/api/v1/audit/export",
        responses={200: {"content": {kind: {} for kind in MEDIA.values()}}, **ERRORS},
        response_class=StreamingResponse,
    )
    def audit_export(
        *,
        _role: Role = supervisor,
        format: Annotated[Literal["csv", "jsonl"], Query(description="csv or jsonl")] = "csv",
        since: Since = None,
        until: Until = None,
        actor: Actor = None,
        action: Action = None,
    ) -> StreamingResponse:
        """Every matching entry, streamed: CSV with a header row, or one JSON object a line."""
        entries = audit.stored(Filters(since, until, actor, action))
        lines = csv_lines(entries) if format == "csv" else jsonl_lines(entries)
        disposition = f'attachment; filename="audit.{format}"'
        return StreamingResponse(lines, media_type=MEDIA[format], headers={"Content-Disposition": disposition})

    return audit
