"""Attachment routes of the hall API (docs/filings.md, "Attachments"): a kiosk uploads a file named by its
SHA-256, resumably; kiosks and staff read it back.

The body is streamed into the store's partial file as it arrives, hashed and counted on the way, never held
whole: an upload over ``[filings] max_attachment_mb`` is stopped at the limit. The file is installed under its
name only when its bytes hash to it.
"""

from __future__ import annotations

import asyncio
import logging
import time
from typing import Annotated, Any

from fastapi import FastAPI, Header, Path, Request, Response
from fastapi.responses import FileResponse, JSONResponse
from starlette.concurrency import run_in_threadpool
from starlette.requests import ClientDisconnect

from common.hallapi.attachments import MAGIC, AttachmentOut, content_type_of, sniff
from common.hallapi.base import ErrorOut
from common.hallapi.filings import CONTENT_TYPES, SHA256, UPLOAD_OFFSET, ContentType
from hall.attachments import NO_SPACE, AttachmentStore, Upload
from hall.body_limit import BodyTooLarge, body_limits, size_words
from hall.tokens import Role
from hall.web import ERRORS, ApiError, HallContext, bearer

log = logging.getLogger(__name__)
PATH = "/api/v1/attachments/{sha256}"
# Another upload of the same name (a second server process, or the request a dropped client left behind) is
# waited for this long, then the PUT is refused with 409 ``upload_busy`` and the client tries again later.
LOCK_WAIT_SECONDS = 10.0
LOCK_POLL_SECONDS = 0.05
# The bytes of an upload left unfinished this long are removed (looked for at most once an hour, on an upload):
# a kiosk that comes back later sends the file from the start.
PARTIAL_KEEP_DAYS = 7
SWEEP_EVERY_SECONDS = 3600.0
WRITE_BATCH = 256 * 1024  # bytes gathered from the body before a write to the partial file
DISK_FULL = "服务器磁盘已满，附件未保存 / the hall's disk is full: the attachment was not stored"

Name = Annotated[str, Path(pattern=SHA256, description="SHA-256 of the file's bytes, lower-case hex")]
Offset = Annotated[
    int | None, Header(ge=0, le=2**53, description="Resume: the body carries the file's bytes from this offset")
]
OFFSET_HEADER: dict[str, Any] = {
    UPLOAD_OFFSET: {"description": "Bytes the hall holds of the file, to resume from", "schema": {"type": "integer"}}
}
BINARY_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "description": "The file's raw bytes (from ``Upload-Offset`` on, when resuming)",
        "content": {kind: {"schema": {"type": "string", "format": "binary"}} for kind in CONTENT_TYPES},
    }
}
HEAD_RESPONSES: dict[int | str, dict[str, Any]] = {
    **ERRORS,
    200: {"description": "Stored; Content-Length is its size"},
    404: {"headers": OFFSET_HEADER, "description": "Not stored (yet); Upload-Offset is how many bytes are held"},
}
PUT_RESPONSES: dict[int | str, dict[str, Any]] = {
    **ERRORS,
    200: {"model": AttachmentOut, "description": "Already stored; the body was not read"},
    409: {"model": ErrorOut, "headers": OFFSET_HEADER, "description": "wrong_offset, or upload_busy"},
    413: {"model": ErrorOut, "description": "Over [filings] max_attachment_mb; nothing kept"},
    415: {"model": ErrorOut, "description": "Not image/jpeg, image/png or application/pdf, or bytes not of it"},
    422: {"model": ErrorOut, "description": "hash_mismatch: the bytes do not hash to the name; nothing kept"},
    507: {"model": ErrorOut, "description": "The hall's disk is full; nothing kept"},
}


def refusal(status: int, code: str, message: str, offset: int | None = None) -> JSONResponse:
    headers = {UPLOAD_OFFSET: str(offset)} if offset is not None else None
    return JSONResponse({"error": code, "message": message}, status_code=status, headers=headers)


def stored(store: AttachmentStore, sha256: str, status: int) -> JSONResponse:
    with store.open(sha256) as file:
        kind = sniff(file.read(16))
    body = AttachmentOut(sha256=sha256, size=store.size(sha256), content_type=kind)
    return JSONResponse(body.model_dump(), status_code=status)


class Refused(Exception):
    def __init__(self, status: int, code: str, message: str, offset: int | None = None) -> None:
        super().__init__(message)
        self.response = refusal(status, code, message, offset)


class Uploads:
    """PUT of an attachment: the checks before any byte is read, the lock, then the body into the store."""

    def __init__(self, store: AttachmentStore, max_bytes: int) -> None:
        self.store, self.max_bytes = store, max_bytes
        self.too_big = f"附件过大 / the attachment is over {size_words(max_bytes)}"
        self._swept: float | None = None  # when sweep last ran (monotonic)

    async def put(self, request: Request, sha256: str, offset: int) -> Response:
        try:
            kind = content_type_of(request.headers.get("content-type"))
            if kind is None:
                types = ", ".join(CONTENT_TYPES)
                raise Refused(415, "unsupported_type", f"附件类型不支持 / Content-Type must be one of {types}")
            if self.store.has(sha256):
                return await run_in_threadpool(stored, self.store, sha256, 200)
            await self.sweep()
            try:
                upload = await locked(self.store, sha256)
            except OSError as error:  # no room even for the lock file
                if error.errno not in NO_SPACE:
                    raise
                raise Refused(507, "disk_full", DISK_FULL) from None
            if upload is None:
                message = "该附件正在上传，请稍后重试 / another upload of this file is under way; try again later"
                raise Refused(409, "upload_busy", message, self.store.held(sha256))
            with upload:
                if self.store.has(sha256):  # the upload that held the lock finished it
                    return await run_in_threadpool(stored, self.store, sha256, 200)
                held = self.store.held(sha256)
                if offset not in (0, held):
                    message = f"续传位置不对 / the hall holds {held} bytes of this file: resume from there"
                    raise Refused(409, "wrong_offset", message, held)
                declared = request.headers.get("content-length")
                if declared is not None and offset + int(declared) > self.max_bytes:  # the file would be too big
                    await run_in_threadpool(upload.discard)
                    raise Refused(413, "body_too_large", self.too_big)
                await self.receive_into(upload, request, offset, kind)
            return await run_in_threadpool(stored, self.store, sha256, 201)
        except Refused as refused:
            return refused.response
        except ClientDisconnect:  # nobody reads this answer
            return Response(status_code=400)

    async def sweep(self) -> None:
        """At most once every ``SWEEP_EVERY_SECONDS``: remove partial files left longer than ``PARTIAL_KEEP_DAYS``."""
        now = time.monotonic()
        if self._swept is not None and now - self._swept < SWEEP_EVERY_SECONDS:
            return
        self._swept = now
        removed = await run_in_threadpool(self.store.sweep_partials, PARTIAL_KEEP_DAYS * 86400)
        if removed:
            log.info("removed %d attachment uploads unfinished for %d days", len(removed), PARTIAL_KEEP_DAYS)

    async def receive_into(self, upload: Upload, request: Request, offset: int, kind: ContentType) -> None:
        """Stream the body into ``upload`` from ``offset`` and install the file if it is whole and right. Cut off,
        it keeps what came, for the client to resume from; refused, it keeps nothing."""
        pending: list[bytes] = []  # arrived, not yet written: written a batch at a time, in a worker thread
        try:
            await run_in_threadpool(upload.start, offset)
            head, received, checked = upload.head, upload.size, False  # checked: the first bytes are its type's
            async for chunk in request.stream():
                received += len(chunk)
                if received > self.max_bytes:
                    raise BodyTooLarge(self.max_bytes)
                if not checked:
                    head = (head + chunk)[:16]
                    checked = magic_ok(head, kind, complete=False)
                pending.append(chunk)
                if received - upload.size >= WRITE_BATCH:
                    await run_in_threadpool(upload.write, b"".join(pending))
                    pending.clear()
            checked = checked or magic_ok(head, kind, complete=True)
            await run_in_threadpool(upload.write, b"".join(pending))
            if not await run_in_threadpool(upload.finish):
                message = "附件内容与名称不符 / the bytes do not hash to the attachment's name; nothing was kept"
                raise Refused(422, "hash_mismatch", message)
        except ClientDisconnect:
            await run_in_threadpool(upload.keep, b"".join(pending))
            raise
        except WrongType:
            await run_in_threadpool(upload.discard)
            raise Refused(415, "wrong_type", f"文件内容不是 {kind} / the bytes are not {kind}") from None
        except BodyTooLarge:
            await run_in_threadpool(upload.discard)
            raise Refused(413, "body_too_large", self.too_big) from None
        except OSError as error:
            if error.errno not in NO_SPACE:
                raise
            await run_in_threadpool(upload.discard)
            raise Refused(507, "disk_full", DISK_FULL) from None


def add_attachment_routes(app: FastAPI, hall: HallContext) -> None:
    store = hall.attachments
    max_bytes = hall.queue.config.filings.max_attachment_mb * 1024 * 1024
    body_limits(app).allow("PUT", PATH, max_bytes)  # the body is counted against max_bytes as it streams in
    uploads = Uploads(store, max_bytes)
    kiosk = bearer(hall.sessions, Role.KIOSK)
    readers = bearer(hall.sessions, Role.KIOSK, Role.STAFF, Role.SUPERVISOR)

    @app.put(PATH, status_code=201, response_model=AttachmentOut, responses=PUT_RESPONSES, openapi_extra=BINARY_BODY)
    async def put_attachment(
        request: Request, sha256: Name, _role: Role = kiosk, upload_offset: Offset = None
    ) -> Response:
        """Store the file named ``sha256`` from the raw body (kiosk token). Resumable: see docs/filings.md."""
        return await uploads.put(request, sha256, upload_offset or 0)

    @app.head(PATH, response_class=Response, responses=HEAD_RESPONSES)
    def attachment_state(sha256: Name, _role: Role = readers) -> Response:
        """200 with Content-Length when the file is stored; 404 with ``Upload-Offset``, the bytes held, if not."""
        if store.has(sha256):
            return Response(status_code=200, headers={"content-length": str(store.size(sha256))})
        return Response(status_code=404, headers={UPLOAD_OFFSET: str(store.held(sha256))})

    @app.get(PATH, responses={200: {"content": {kind: {} for kind in CONTENT_TYPES}}, **ERRORS})
    def get_attachment(sha256: Name, _role: Role = readers) -> Response:
        """The file's bytes, typed by its magic bytes (kiosk, staff and supervisor tokens)."""
        if not store.has(sha256):
            raise ApiError(404, "not_found", "没有此附件 / no attachment with this name")
        with store.open(sha256) as file:
            kind = sniff(file.read(16)) or "application/octet-stream"
        return FileResponse(store.path_for(sha256), media_type=kind)


class WrongType(Exception):
    pass


def magic_ok(head: bytes, kind: ContentType, *, complete: bool) -> bool:
    """True once ``head`` (the file's first bytes so far) holds ``kind``'s magic, False while it is a beginning
    of it; ``WrongType`` when it is not, or when the file ends (``complete``) before the magic does."""
    magic = MAGIC[kind]
    if len(head) < len(magic):
        if complete or not magic.startswith(head):
            raise WrongType
        return False
    if not head.startswith(magic):
        raise WrongType
    return True


async def locked(store: AttachmentStore, sha256: str) -> Upload | None:
    """The store's lock on uploading ``sha256``, waiting up to ``LOCK_WAIT_SECONDS`` for another upload of it."""
    deadline = asyncio.get_running_loop().time() + LOCK_WAIT_SECONDS
    while (upload := await run_in_threadpool(store.begin_upload, sha256)) is None:
        if asyncio.get_running_loop().time() >= deadline:
            return None
        await asyncio.sleep(LOCK_POLL_SECONDS)
    return upload
