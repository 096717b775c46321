"""政务公开 routes of the hall API (docs/disclosure.md): supervisors publish, edit, pin and withdraw notices and
upload their attachments (each change in the audit log, hall/audit_http.py); kiosks fetch the whole bundle with an
ETag and a published notice's attachments by their SHA-256."""

from __future__ import annotations

from typing import Annotated

from fastapi import FastAPI, Header, Path, Request, Response
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from common.hallapi.attachments import content_type_of, sniff
from common.hallapi.disclosure import SHA256, AttachmentStored, DisclosureOut, NoticeIn, NoticeOut, NoticesOut, PinIn
from common.hallapi.filings import CONTENT_TYPES
from hall.body_limit import body_limits, size_words
from hall.disclosure import DisclosureError, NoticeBoard
from hall.disclosure_board import Disclosure
from hall.disclosure_pages import add_disclosure_pages, published_file
from hall.tokens import Role
from hall.web import ERRORS, HallContext, bearer

UPLOAD_PATH = "/api/v1/disclosure/attachments"
NoticeId = Annotated[int, Path(ge=1, le=2**31 - 1)]
FileName = Annotated[str, Path(pattern=SHA256, description="SHA-256 of the file's bytes")]
IfNoneMatch = Annotated[str | None, Header(max_length=2000, description="The ETag of the bundle the kiosk holds")]
WRONG_TYPE = (
    "附件须为 PDF、PNG 或 JPEG 文件，且内容与类型相符 / an attachment must be a PDF, PNG or JPEG file whose bytes "
    "match its Content-Type: save it as one of those and upload it again"
)


def refused(error: DisclosureError) -> JSONResponse:
    return JSONResponse({"error": error.code, "message": error.message}, status_code=error.status)


def add_disclosure_routes(app: FastAPI, hall: HallContext) -> None:
    """The notices' API, the kiosk's bundle, and the public pages (hall/disclosure_pages.py)."""
    board = NoticeBoard(hall.sessions, hall.attachments, hall.queue.clock)
    disclosure = Disclosure(board, app.state.catalog, hall.queue.config, hall.queue.clock)
    app.state.disclosure = disclosure
    supervisor = bearer(hall.sessions, Role.SUPERVISOR)
    readers = bearer(hall.sessions, Role.KIOSK, Role.STAFF, Role.SUPERVISOR)
    max_bytes = hall.queue.config.filings.max_attachment_mb * 1024 * 1024
    body_limits(app).allow("POST", UPLOAD_PATH, max_bytes)

    @app.get("/api/v1/disclosure/notices", responses=ERRORS)
    async def all_notices(_role: Role = supervisor) -> NoticesOut:
        """Every notice, withdrawn ones too (supervisor token)."""
        return NoticesOut(notices=await run_in_threadpool(board.all))

    @app.post("/api/v1/disclosure/notices", status_code=201, response_model=NoticeOut, responses=ERRORS)
    async def publish(body: NoticeIn, _role: Role = supervisor) -> NoticeOut | JSONResponse:
        """Publish a notice or policy document: on the public pages and the kiosks' next fetch at once."""
        try:
            return await run_in_threadpool(board.publish, body)
        except DisclosureError as error:
            return refused(error)

    @app.put("/api/v1/disclosure/notices/{notice_id}", response_model=NoticeOut, responses=ERRORS)
    async def edit(notice_id: NoticeId, body: NoticeIn, _role: Role = supervisor) -> NoticeOut | JSONResponse:
        """Replace a published notice's fields (a withdrawn one cannot be edited: 409)."""
        try:
            return await run_in_threadpool(board.edit, notice_id, body)
        except DisclosureError as error:
            return refused(error)

    @app.post("/api/v1/disclosure/notices/{notice_id}/pin", response_model=NoticeOut, responses=ERRORS)
    async def pin(notice_id: NoticeId, body: PinIn, _role: Role = supervisor) -> NoticeOut | JSONResponse:
        """Pin (置顶) or unpin: pinned notices come first everywhere."""
        try:
            return await run_in_threadpool(board.pin, notice_id, body.pinned)
        except DisclosureError as error:
            return refused(error)

    @app.post("/api/v1/disclosure/notices/{notice_id}/withdraw", response_model=NoticeOut, responses=ERRORS)
    async def withdraw(notice_id: NoticeId, _role: Role = supervisor) -> NoticeOut | JSONResponse:
        """Withdraw (撤回): gone from the public pages and from the kiosks at their next fetch."""
        try:
            return await run_in_threadpool(board.withdraw, notice_id)
        except DisclosureError as error:
            return refused(error)

    @app.post(UPLOAD_PATH, status_code=201, response_model=AttachmentStored, responses=ERRORS)
    async def upload(request: Request, _role: Role = supervisor) -> AttachmentStored | JSONResponse:
        """Store an attachment from the raw body (PDF, PNG or JPEG, up to ``[filings] max_attachment_mb``); name
        it in a notice by the SHA-256 answered."""
        kind = content_type_of(request.headers.get("content-type"))
        data = await request.body()
        if kind is None or sniff(data[:16]) != kind:
            return JSONResponse({"error": "unsupported_media_type", "message": WRONG_TYPE}, status_code=415)
        if not data:
            message = f"附件为空 / the attachment is empty (at most {size_words(max_bytes)})"
            return JSONResponse({"error": "empty", "message": message}, status_code=422)
        sha256 = await run_in_threadpool(hall.attachments.put_bytes, data)
        return AttachmentStored(sha256=sha256, media_type=kind, size=len(data))

    @app.get(
        "/api/v1/disclosure",
        response_model=None,
        responses={200: {"model": DisclosureOut}, 304: {}, **ERRORS},
    )
    async def bundle(if_none_match: IfNoneMatch = None, _role: Role = readers) -> Response:
        """Everything the kiosk shows, with ``ETag: "<version>"``; 304 when ``If-None-Match`` names it."""
        found = await run_in_threadpool(disclosure.bundle)
        headers = {"ETag": f'"{found.version}"', "Cache-Control": "no-cache"}
        held = {tag.strip().removeprefix("W/").strip('"') for tag in (if_none_match or "").split(",")}
        if found.version in held:
            return Response(status_code=304, headers=headers)
        return Response(found.model_dump_json(), media_type="application/json", headers=headers)

    @app.get(
        "/api/v1/disclosure/attachments/{sha256}",
        responses={200: {"content": {kind: {} for kind in CONTENT_TYPES}}, **ERRORS},
    )
    async def attachment(sha256: FileName, _role: Role = readers) -> Response:
        """An attachment of a published notice (404 for any other file)."""
        return await published_file(disclosure, sha256)

    add_disclosure_pages(app, hall, disclosure)
