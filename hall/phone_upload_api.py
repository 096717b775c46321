"""Routes of materials from the phone (docs/filings.md, "Materials from the phone").

The kiosk's (kiosk token): open a session, renew it, read its files, end it. The phone's (public, authorised by
the signed token in the address only): the page, and a PUT of each file's raw bytes, streamed into the
attachment store up to ``[filings] max_attachment_mb``.
"""

from __future__ import annotations

import logging
import re
import time
import unicodedata
import uuid
from typing import Any

from fastapi import FastAPI, Request, Response
from fastapi.responses import HTMLResponse, JSONResponse
from starlette.concurrency import run_in_threadpool
from starlette.requests import ClientDisconnect

from common.hallapi.base import ErrorOut
from common.hallapi.uploads import (
    MAX_PHONE_FILES,
    PhoneFileOut,
    UploadSessionFilesOut,
    UploadSessionIn,
    UploadSessionOut,
)
from hall.body_limit import body_limits
from hall.keyring import PHONE_UPLOAD
from hall.ownership import own_source, require_own
from hall.phone_files import receive_phone_file, sweep_phone_partials
from hall.phone_page import Lang, refusal_page, upload_page
from hall.phone_upload import TOO_MANY, PhoneRefused, PhoneSessions
from hall.tokens import Role
from hall.web import ERRORS, ApiError, HallContext, bearer, caller

log = logging.getLogger(__name__)
SESSIONS = "/api/v1/upload-sessions"
FILES_PATH = "/m/{token}/files"
MAX_NAME = 120
SWEEP_EVERY_SECONDS = 3600.0
SESSION_RESPONSES: dict[int | str, dict[str, Any]] = {
    **ERRORS,
    410: {"model": ErrorOut, "description": "session_ended or link_expired: the session no longer takes files"},
}
PHONE_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "description": "The file's raw bytes: a JPEG, PNG or PDF (checked by its first bytes)",
        "content": {"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}},
    }
}
PHONE_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {"model": PhoneFileOut, "description": "This session had the same file already"},
    404: {"model": ErrorOut, "description": "link_invalid: the token is forged or unknown"},
    409: {"model": ErrorOut, "description": f"too_many_files: the session holds {MAX_PHONE_FILES} files"},
    410: {"model": ErrorOut, "description": "link_expired or session_ended"},
    413: {"model": ErrorOut, "description": "body_too_large: over [filings] max_attachment_mb; nothing kept"},
    415: {"model": ErrorOut, "description": "wrong_type: not a JPEG, PNG or PDF; nothing kept"},
    507: {"model": ErrorOut, "description": "disk_full: nothing kept"},
}


def clean_name(name: str | None) -> str:
    """The file's name as the phone gave it, without folders, control characters or more than ``MAX_NAME``
    characters; 'photo.jpg' when nothing is left."""
    base = re.split(r"[\\/]", name or "")[-1]
    kept = "".join(c for c in base if unicodedata.category(c)[0] != "C").strip()
    return kept[-MAX_NAME:] or "photo.jpg"


def phone_refusal(refused: PhoneRefused) -> JSONResponse:
    return JSONResponse({"error": refused.code, "message": str(refused.words)}, status_code=refused.status)


def _kiosk_error(refused: PhoneRefused) -> ApiError:
    return ApiError(refused.status, refused.code, str(refused.words))


def add_phone_upload_routes(app: FastAPI, hall: HallContext) -> None:
    secret = hall.ring.secret(PHONE_UPLOAD)
    phones = PhoneSessions(hall.sessions, secret, hall.public_url, hall.queue.clock)
    add_session_routes(app, hall, phones)
    add_phone_routes(app, hall, phones)


def add_session_routes(app: FastAPI, hall: HallContext, phones: PhoneSessions) -> None:
    """The kiosk's: open, renew, read and end a session."""
    kiosk = bearer(hall.sessions, Role.KIOSK)

    def own(request: Request, session_id: uuid.UUID) -> None:
        """A kiosk reads, renews and ends only the sessions it opened (403 ``not_your_source``)."""
        require_own(caller(request), phones.kiosk_of(session_id))

    @app.post(SESSIONS, status_code=201, response_model=UploadSessionOut, responses=ERRORS)
    def open_session(request: Request, body: UploadSessionIn, _role: Role = kiosk) -> UploadSessionOut:
        """Open an upload session for the token's own kiosk; ``url`` is the phone's one-time address for the QR
        code."""
        own_source(hall.sessions, caller(request), body.kiosk_id)
        return phones.open(body.kiosk_id, body.material)

    @app.post(f"{SESSIONS}/{{session_id}}/renew", response_model=UploadSessionOut, responses=SESSION_RESPONSES)
    def renew_session(request: Request, session_id: uuid.UUID, _role: Role = kiosk) -> UploadSessionOut:
        """Keep an open session open for another 15 minutes (the wizard is still on the material)."""
        try:
            own(request, session_id)
            return phones.renew(session_id)
        except PhoneRefused as refused:
            raise _kiosk_error(refused) from None

    @app.get(f"{SESSIONS}/{{session_id}}", response_model=UploadSessionFilesOut, responses=ERRORS)
    def session_files(request: Request, session_id: uuid.UUID, _role: Role = kiosk) -> UploadSessionFilesOut:
        """The session's state and the files that arrived, in order (the kiosk polls this)."""
        try:
            own(request, session_id)
            return phones.files(session_id)
        except PhoneRefused as refused:
            raise _kiosk_error(refused) from None

    @app.delete(f"{SESSIONS}/{{session_id}}", status_code=204, response_class=Response, responses=ERRORS)
    def end_session(request: Request, session_id: uuid.UUID, _role: Role = kiosk) -> Response:
        """End the session at once: the phone's page and its uploads are refused from now on (410)."""
        try:
            own(request, session_id)
            phones.end(session_id)
        except PhoneRefused as refused:
            raise _kiosk_error(refused) from None
        return Response(status_code=204)


def add_phone_routes(app: FastAPI, hall: HallContext, phones: PhoneSessions) -> None:
    """The phone's: the page, its check of the session, and each file's upload."""
    store = hall.attachments
    max_bytes = hall.queue.config.filings.max_attachment_mb * 1024 * 1024
    body_limits(app).allow("PUT", FILES_PATH, max_bytes)  # counted again as it streams (hall/phone_files.py)
    hall_name = hall.queue.config.hall.name
    swept = [time.monotonic() - SWEEP_EVERY_SECONDS]

    @app.get("/m/{token}", response_class=HTMLResponse, include_in_schema=False)
    def phone_page(token: str, lang: str = "zh") -> HTMLResponse:
        chosen: Lang = "en" if lang == "en" else "zh"
        try:
            session = phones.check(token)
        except PhoneRefused as refused:
            return refusal_page(token, chosen, hall_name=hall_name, words=refused.words, status=refused.status)
        sent = phones.sent(session.id)
        return upload_page(
            token, chosen, hall_name=hall_name, material=session.material, sent=sent, max_bytes=max_bytes
        )

    @app.get("/m/{token}/state", include_in_schema=False)
    def phone_state(token: str) -> JSONResponse:
        """The page's check that its session still takes files: 200 ``{state: open}``, or the refusal."""
        try:
            phones.check(token)
        except PhoneRefused as refused:
            return phone_refusal(refused)
        return JSONResponse({"state": "open"}, headers={"cache-control": "no-store"})

    @app.put(
        FILES_PATH, status_code=201, response_model=PhoneFileOut, responses=PHONE_RESPONSES, openapi_extra=PHONE_BODY
    )
    async def phone_file(token: str, request: Request, name: str | None = None) -> Response:
        """A file from the phone (public: the token in the address is the authority). The type is read from the
        file's first bytes; the file is stored under its SHA-256 and listed in the session."""
        try:
            session = await run_in_threadpool(phones.check, token)
            if session.files >= MAX_PHONE_FILES:  # refused before a byte is read; checked again when recorded
                raise PhoneRefused(409, "too_many_files", TOO_MANY)
            if time.monotonic() - swept[0] >= SWEEP_EVERY_SECONDS:
                swept[0] = time.monotonic()
                await run_in_threadpool(sweep_phone_partials, store)
            received = await receive_phone_file(store, request, max_bytes)
            entry, new = await run_in_threadpool(
                phones.add_file, session.id, received.sha256, clean_name(name), received.size, received.content_type
            )
        except PhoneRefused as refused:
            return phone_refusal(refused)
        except ClientDisconnect:  # the phone hung up: nobody reads an answer, nothing was kept
            return Response(status_code=400)
        return JSONResponse(entry.model_dump(mode="json"), status_code=201 if new else 200)
