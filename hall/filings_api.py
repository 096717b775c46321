"""Filing routes of the hall API (docs/filings.md): intake from kiosks, progress, the staff's actions; the result
document's routes are in ``filing_result.py``, the receipt's in ``filing_receipts.py``."""

from __future__ import annotations

import logging
import uuid
from typing import Annotated, Any

from fastapi import FastAPI, Path, Query, Request, Response
from fastapi.responses import JSONResponse

from common.hallapi.base import ZonedDatetime
from common.hallapi.filings import (
    FilingDetailOut,
    FilingFieldErrors,
    FilingIn,
    FilingList,
    FilingOut,
    FilingStatus,
    LookupIn,
    RejectIn,
    RequestMaterialsIn,
)
from devices.privacy import mask_id_number, mask_id_numbers
from hall.catalog import Catalog, catalog_dir, load_catalog
from hall.filing_desk import PULL_LIMIT, FilingDesk
from hall.filing_intake import FilingIntake
from hall.filing_keys import FilingKeys, key_file, load_or_create_key
from hall.filing_receipts import KIOSK_ID, add_receipt_routes
from hall.filing_result import add_result_routes
from hall.filings import FilingError, filing_detail, filing_out
from hall.ownership import own_source
from hall.tokens import Role
from hall.web import ERRORS, HallContext, bearer, caller

log = logging.getLogger(__name__)
FilingId = Annotated[uuid.UUID, Path(description="The filing's id (made by the kiosk)")]


def add_filing_routes(app: FastAPI, hall: HallContext) -> None:
    config = hall.queue.config
    catalog: Catalog = getattr(app.state, "catalog", None) or load_catalog(catalog_dir(config))
    keys = FilingKeys(load_or_create_key(key_file(config)))
    intake = FilingIntake(
        hall.sessions, hall.queue.readers, catalog, hall.attachments, keys, clock=hall.queue.clock, zone=hall.queue.zone
    )
    desk = FilingDesk(hall.sessions, hall.queue.readers, hall.queue.clock)
    kiosk = bearer(hall.sessions, Role.KIOSK)
    staff = bearer(hall.sessions, Role.STAFF, Role.SUPERVISOR)
    readers = bearer(hall.sessions, Role.KIOSK, Role.STAFF, Role.SUPERVISOR)

    @app.exception_handler(FilingError)
    async def filing_error(_request: Request, error: FilingError) -> JSONResponse:
        body = error.body()
        body["message"] = mask_id_numbers(body["message"])  # belt and braces: the messages never hold one
        return JSONResponse(body, status_code=error.status)

    # Fixed paths before /api/v1/filings/{filing_id}, which would take them for a malformed id.
    add_receipt_routes(app, hall, desk, catalog)

    @app.post("/api/v1/filings/lookup", response_model=FilingList, responses=ERRORS)
    def lookup(body: LookupIn, _role: Role = kiosk) -> FilingList:
        """A person's filings by ID number (read from the card), newest first; the number travels in the body."""
        return FilingList(filings=[filing_out(f) for f in desk.of_person(keys.lookup_hash(body.id_number))])

    @app.post(
        "/api/v1/filings",
        status_code=201,
        response_model=FilingOut,
        responses={
            **ERRORS,
            200: {"model": FilingOut, "description": "The same filing was taken before"},
            422: {
                "model": FilingFieldErrors,
                "description": "invalid_form: one message per wrong value; invalid_request, not_fileable and "
                "attachment_missing answer {error, message} only",
            },
        },
    )
    def take_filing(request: Request, body: FilingIn, response: Response, role: Role = kiosk) -> FilingOut:
        own_source(hall.sessions, caller(request), body.kiosk_id)  # a kiosk files under its own kiosk id only
        filing, created = intake.take(body, role.value)
        if created:
            withdrawn = " (item withdrawn from the catalog: flagged for staff)" if filing.item_withdrawn else ""
            log.info("filing %s (%s) taken from kiosk %s%s", filing.number, filing.id, filing.kiosk_id, withdrawn)
        else:
            response.status_code = 200
        return filing_out(filing)

    @app.get("/api/v1/filings", response_model=FilingList, responses=ERRORS)
    def changed_filings(
        request: Request,
        *,
        _role: Role = readers,
        kiosk_id: Annotated[str | None, Query(pattern=KIOSK_ID, description="Only this kiosk's filings")] = None,
        status: Annotated[FilingStatus | None, Query(description="Only filings in this status")] = None,
        since: Annotated[ZonedDatetime | None, Query(description="Changed at or after this instant")] = None,
        after: Annotated[uuid.UUID | None, Query(description="With since: past this filing at that instant")] = None,
        limit: Annotated[int, Query(ge=1, le=PULL_LIMIT)] = 200,
    ) -> FilingList:
        """Filings ordered by (updated_at, id): the kiosk's pull asks again from the last one it got. A kiosk reads
        its own kiosk's only (``kiosk_id`` defaults to its own); staff and supervisors read every kiosk's."""
        who = caller(request)
        if who.role is Role.KIOSK:
            kiosk_id = kiosk_id or who.source or ""
            own_source(hall.sessions, who, kiosk_id)
        found = desk.changed(kiosk_id=kiosk_id, status=status, since=since, after=after, limit=limit)
        return FilingList(filings=[filing_out(f) for f in found])

    @app.get("/api/v1/filings/{filing_id}", response_model=FilingOut, responses=ERRORS)
    def one_filing(filing_id: FilingId, _role: Role = readers) -> FilingOut:
        return filing_out(desk.get(filing_id))

    @app.get("/api/v1/filings/{filing_id}/detail", response_model=FilingDetailOut, responses=ERRORS)
    def filing_in_full(filing_id: FilingId, _role: Role = staff) -> FilingDetailOut:
        """What was filed (ID numbers masked) and everything done to it since, for staff."""
        filing, trail = desk.with_history(filing_id)
        masked = mask_id_number(keys.open(filing.id_number_sealed, filing.id.bytes))
        return filing_detail(filing, trail, masked)

    def acted(request: Request, filing_id: uuid.UUID, action: str, role: Role, **details: Any) -> FilingOut:
        filing = desk.act(filing_id, action, role.value, actor=caller(request).name, **details)
        log.info("filing %s: %s by %s, now %s", filing.number, action, role.value, filing.status)
        return filing_out(filing)

    @app.post("/api/v1/filings/{filing_id}/accept", response_model=FilingOut, responses=ERRORS)
    def accept(request: Request, filing_id: FilingId, role: Role = staff) -> FilingOut:
        return acted(request, filing_id, "accept", role)

    @app.post("/api/v1/filings/{filing_id}/request-materials", response_model=FilingOut, responses=ERRORS)
    def request_materials(
        request: Request, filing_id: FilingId, body: RequestMaterialsIn, role: Role = staff
    ) -> FilingOut:
        return acted(request, filing_id, "request-materials", role, materials=body.materials, note=body.note)

    @app.post("/api/v1/filings/{filing_id}/reject", response_model=FilingOut, responses=ERRORS)
    def reject(request: Request, filing_id: FilingId, body: RejectIn, role: Role = staff) -> FilingOut:
        return acted(request, filing_id, "reject", role, note=body.reason)

    @app.post("/api/v1/filings/{filing_id}/approve", response_model=FilingOut, responses=ERRORS)
    def approve(request: Request, filing_id: FilingId, role: Role = staff) -> FilingOut:
        return acted(request, filing_id, "approve", role)

    add_result_routes(app, hall, desk)
