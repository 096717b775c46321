"""The result document (出证) of a completed filing: staff upload it as a PDF, kiosks fetch it, print it once and
say so; a second print needs staff to allow it."""

from __future__ import annotations

import logging
import uuid
from typing import Annotated, Any

from fastapi import FastAPI, Path, Request
from fastapi.responses import FileResponse
from starlette.concurrency import run_in_threadpool

from common.hallapi.filings import FilingOut
from hall.body_limit import body_limits
from hall.filing_desk import FilingDesk
from hall.filings import FilingError, filing_out
from hall.tokens import Role
from hall.web import ERRORS, HallContext, bearer, caller

log = logging.getLogger(__name__)
PDF_MAGIC = b"%PDF-"
RESULT_PATH = "/api/v1/filings/{filing_id}/result"
FilingId = Annotated[uuid.UUID, Path(description="The filing's id (made by the kiosk)")]
PDF_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}},
    }
}


def add_result_routes(app: FastAPI, hall: HallContext, desk: FilingDesk) -> None:
    store = hall.attachments
    limit = hall.queue.config.filings.max_attachment_mb * 1024 * 1024
    body_limits(app).allow("POST", RESULT_PATH, limit)  # the hall's body limit lets this route carry a document
    kiosk = bearer(hall.sessions, Role.KIOSK)
    staff = bearer(hall.sessions, Role.STAFF, Role.SUPERVISOR)
    readers = bearer(hall.sessions, Role.KIOSK, Role.STAFF, Role.SUPERVISOR)
    too_large = FilingError(
        413, "body_too_large", f"办理结果超过 {limit // (1024 * 1024)} MB / the result document is over the limit"
    )

    @app.post(
        RESULT_PATH,
        response_model=FilingOut,
        responses={**ERRORS, 415: ERRORS[413]},
        openapi_extra=PDF_BODY,
    )
    async def upload_result(filing_id: FilingId, request: Request, role: Role = staff) -> FilingOut:
        """The result document of a completed filing, as the raw bytes of a PDF (``Content-Type:
        application/pdf``, at most ``[filings] max_attachment_mb``); it sets ``result_ready``. A newer one replaces
        the last."""
        content_type = request.headers.get("content-type", "").partition(";")[0].strip().lower()
        if content_type != "application/pdf":
            raise FilingError(
                415, "unsupported_type", "办理结果须为 PDF 文件 / the result document must be sent as application/pdf"
            )
        await run_in_threadpool(desk.may_take_result, filing_id)
        declared = request.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            raise too_large
        data = bytearray()
        async for chunk in request.stream():  # counted as it arrives, whatever the framing: never past the limit
            data += chunk
            if len(data) > limit:
                raise too_large
        if not data.startswith(PDF_MAGIC):
            raise FilingError(422, "not_a_pdf", "上传的文件不是 PDF / the bytes sent are not a PDF document")
        sha256 = await run_in_threadpool(store.put_bytes, bytes(data))
        filing = await run_in_threadpool(desk.attach_result, filing_id, sha256, role.value, actor=caller(request).name)
        log.info("filing %s: result document %s (%d bytes) by %s", filing.number, sha256, len(data), role.value)
        return filing_out(filing)

    @app.get(
        RESULT_PATH,
        response_class=FileResponse,
        responses={200: {"content": {"application/pdf": {}}}, **ERRORS},
    )
    def download_result(filing_id: FilingId, _role: Role = readers) -> FileResponse:
        """The result document's bytes (application/pdf); 404 ``no_result`` until staff have uploaded it."""
        sha256 = desk.result_of(filing_id)
        if not store.has(sha256):
            log.error("filing %s: its result document %s is missing from the store", filing_id, sha256)
            raise FilingError(404, "no_result", "办理结果文件缺失，请联系工作人员 / the result document is missing")
        return FileResponse(store.path_for(sha256), media_type="application/pdf", headers={"ETag": f'"{sha256}"'})

    @app.post("/api/v1/filings/{filing_id}/collect", response_model=FilingOut, responses=ERRORS)
    def collect(filing_id: FilingId, role: Role = kiosk) -> FilingOut:
        """The kiosk printed the result: 200 the first time, 409 ``already_collected`` after, until staff allow
        another print."""
        filing = desk.collect(filing_id, role.value)
        log.info("filing %s: result printed at a kiosk", filing.number)
        return filing_out(filing)

    @app.post("/api/v1/filings/{filing_id}/allow-reprint", response_model=FilingOut, responses=ERRORS)
    def allow_reprint(request: Request, filing_id: FilingId, role: Role = staff) -> FilingOut:
        """Allow one more print of a result already printed."""
        filing = desk.allow_reprint(filing_id, role.value, actor=caller(request).name)
        log.info("filing %s: one more print allowed by %s", filing.number, role.value)
        return filing_out(filing)
