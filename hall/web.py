"""What every hall API module shares: the error shape, bearer-token roles, and the hall's context."""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Header, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.orm import Session, sessionmaker
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException

from common.hallapi.base import ErrorOut
from hall.attachments import AttachmentStore
from hall.body_limit import BodyLimit, BodyLimits, BodyTooLarge
from hall.codes import HallCodes
from hall.keyring import KeyRing
from hall.queue import QueueEngine, QueueError
from hall.rate_limits import RateLimits, client_address, retry_after
from hall.tokens import Caller, Role, token_cache

log = logging.getLogger(__name__)
STATUS_OF = {
    "unknown_category": 422,
    "bad_transfer": 422,
    "unknown_window": 404,
    "window_paused": 409,
    "duplicate_ticket": 409,
    "daily_cap_reached": 409,
    "category_closed": 409,
    "not_waiting": 409,
    "busy": 503,
}
ERRORS: dict[int | str, dict[str, Any]] = {
    code: {"model": ErrorOut} for code in (400, 401, 403, 404, 409, 413, 422, 429)
}
TOO_MANY_FAILURES = "来自此地址的无效令牌过多，请稍后再试 / too many unknown tokens from this address: try again later"


@dataclass(frozen=True)
class HallContext:
    """What route modules get: the queue engine (with its sessions, config and clock), the public address and the
    store of filed files."""

    queue: QueueEngine
    public_url: str
    attachments: AttachmentStore  # attachments and result documents, by SHA-256
    ring: KeyRing  # the hall's keys, in files (hall/keyring.py)
    # Set when the server is asked to stop: open event streams end by themselves instead of being cancelled.
    closing: threading.Event = field(default_factory=threading.Event)

    @property
    def sessions(self) -> sessionmaker[Session]:
        return self.queue.sessions

    @property
    def codes(self) -> HallCodes:
        return HallCodes(self.ring)


class ApiError(Exception):
    def __init__(self, status: int, code: str, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status, self.code, self.message, self.headers = status, code, message, headers


def bearer(sessions: sessionmaker[Session], *roles: Role) -> Any:
    """A dependency that admits a valid, unrevoked token of one of ``roles`` and gives its role; who is calling
    (``Caller``) is kept in ``request.state.caller`` for the route (see ``caller``). A token checked in the last
    few seconds is answered from memory, on the event loop; only the others are read from the database, in a worker
    thread (see ``TokenCache`` for how soon a revocation takes effect)."""
    tokens = token_cache(sessions)

    async def check(request: Request, authorization: Annotated[str | None, Header()] = None) -> Role:
        scheme, _, token = (authorization or "").partition(" ")
        if scheme.lower() != "bearer" or not token:
            raise ApiError(401, "unauthorized", "需要令牌 / a bearer token is required")
        token = token.strip()
        limits: RateLimits | None = getattr(request.app.state, "rate_limits", None)
        address = client_address(request.scope)
        if limits is not None and (wait := limits.token_wait(address)) > 0:
            raise ApiError(429, "too_many_failures", TOO_MANY_FAILURES, retry_after(wait))
        who = tokens.cached_caller(token) or await run_in_threadpool(tokens.caller_of, token)
        if who is None:
            if limits is not None:
                limits.token_failed(address)
            raise ApiError(401, "unauthorized", "令牌无效或已撤销 / the token is unknown or revoked")
        request.state.caller = who  # before the role check: the audit log records a refused attempt too
        if who.role not in roles:
            raise ApiError(403, "forbidden", f"此令牌无权操作 / a {who.role.value} token may not do this")
        return who.role

    return Depends(check)


def caller(request: Request) -> Caller:
    """Who is calling a route that has a ``bearer`` dependency (FastAPI runs that dependency first)."""
    who = getattr(request.state, "caller", None)
    if not isinstance(who, Caller):
        raise ApiError(401, "unauthorized", "需要令牌 / a bearer token is required")
    return who


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def api_error(_request: Request, error: ApiError) -> JSONResponse:
        body = {"error": error.code, "message": error.message}
        return JSONResponse(body, status_code=error.status, headers=error.headers)

    @app.exception_handler(QueueError)
    async def queue_error(_request: Request, error: QueueError) -> JSONResponse:
        return JSONResponse({"error": error.code, "message": error.message}, status_code=STATUS_OF.get(error.code, 400))

    @app.exception_handler(RequestValidationError)
    async def invalid(_request: Request, error: RequestValidationError) -> JSONResponse:
        problems = "; ".join(f"{'.'.join(str(p) for p in e['loc'] if p != 'body')}: {e['msg']}" for e in error.errors())
        return JSONResponse({"error": "invalid_request", "message": f"请求无效 / invalid request: {problems}"}, 422)

    @app.exception_handler(BodyTooLarge)
    async def too_large(_request: Request, error: BodyTooLarge) -> JSONResponse:
        return JSONResponse({"error": "body_too_large", "message": str(error.detail)}, status_code=413)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_request: Request, error: StarletteHTTPException) -> JSONResponse:
        return JSONResponse({"error": "http_error", "message": str(error.detail)}, status_code=error.status_code)

    @app.exception_handler(Exception)
    async def unexpected(request: Request, error: Exception) -> JSONResponse:
        # The client gets a stable JSON error, never a traceback; the traceback goes to the hall's log.
        log.error("unexpected error in %s %s", request.method, request.url.path, exc_info=error)
        return JSONResponse({"error": "internal_error", "message": "服务器内部错误 / internal server error"}, 500)

    # Every route reads at most MAX_BODY_BYTES of a body unless its module declares more (hall/body_limit.py).
    app.state.body_limits = BodyLimits()
    app.add_middleware(BodyLimit, limits=app.state.body_limits)
