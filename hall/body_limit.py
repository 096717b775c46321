"""How much of a request's body the hall reads: at most a limit per route, however the body is framed.

A body with ``Content-Length`` over the limit is refused before a byte of it is read. Any other body (``Transfer-
Encoding: chunked``, or a length that lies) is counted as the application reads it: the read that passes the limit
raises ``BodyTooLarge`` instead of handing the bytes on, so nothing past the limit is ever held, and the answer
is 413. A response sent before the request's body was read whole closes the connection, so the server reads no
more of it either.

Every route gets ``MAX_BODY_BYTES``. A route module that takes larger bodies declares it next to its route::

    body_limits(app).allow("PUT", "/api/v1/attachments/{sha256}", max_bytes)

with the route's own method and path template; the route must then count what it reads itself if it needs a
finer limit (the attachment upload adds the bytes the hall already holds).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from fastapi import FastAPI
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import compile_path
from starlette.types import ASGIApp, Message, Receive, Scope, Send

MAX_BODY_BYTES = 64 * 1024  # every route that declares no larger limit: JSON bodies and the rating page's form


def size_words(limit: int) -> str:
    return f"{limit // (1024 * 1024)} MB" if limit >= 1024 * 1024 else f"{limit // 1024} KB"


class BodyTooLarge(StarletteHTTPException):
    """Raised by a read that passes the limit. An HTTP exception, so that FastAPI's body parsing passes it on
    as it is (it turns any other error while reading into a 400); the hall's handler answers 413."""

    def __init__(self, limit: int) -> None:
        super().__init__(413, f"请求体过大 / request body over {size_words(limit)}")
        self.limit = limit


@dataclass
class BodyLimits:
    """The body limit of each route: ``default``, or a larger one a route module declared with ``allow``."""

    default: int = MAX_BODY_BYTES
    _larger: list[tuple[str, re.Pattern[str], int]] = field(default_factory=list)

    def allow(self, method: str, path: str, max_bytes: int) -> None:
        """Let requests ``method`` ``path`` (a route template, e.g. ``/api/v1/filings/{id}/result``) carry up to
        ``max_bytes``."""
        pattern, _, _ = compile_path(path)
        self._larger.append((method.upper(), pattern, max_bytes))

    def limit_for(self, method: str, path: str) -> int:
        for allowed_method, pattern, max_bytes in self._larger:
            if method == allowed_method and pattern.match(path):
                return max_bytes
        return self.default


def body_limits(app: FastAPI) -> BodyLimits:
    """The limits the hall's ``BodyLimit`` middleware applies (installed by ``hall.web.install_error_handlers``)."""
    limits = app.state.body_limits
    assert isinstance(limits, BodyLimits)
    return limits


def too_large(limit: int) -> JSONResponse:
    error = BodyTooLarge(limit)
    return JSONResponse({"error": "body_too_large", "message": error.detail}, 413, headers={"connection": "close"})


class BodyLimit:
    """The middleware: refuses a declared length over the limit at once and counts every other body as it is
    read. A plain ASGI middleware: Starlette's ``@app.middleware("http")`` wraps every request in extra tasks and
    streams."""

    def __init__(self, app: ASGIApp, limits: BodyLimits) -> None:
        self.app = app
        self.limits = limits

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.limits.limit_for(scope["method"], scope["path"])
        headers = dict(scope["headers"])
        length = headers.get(b"content-length")
        if length is not None and (not length.isdigit() or int(length) > limit):
            await too_large(limit)(scope, receive, send)
            return
        has_body = b"transfer-encoding" in headers or (length is not None and int(length) > 0)
        state = _Reading(limit, receive, unread=has_body)
        try:
            await self.app(scope, state.receive, state.sender(send))
        except BodyTooLarge:
            if state.responded:
                raise
            await too_large(limit)(scope, state.receive, send)


class _Reading:
    """One request's body as the application reads it."""

    def __init__(self, limit: int, receive: Receive, *, unread: bool) -> None:
        self.limit, self._receive = limit, receive
        self.received = 0
        self.unread = unread  # some of the body may still be on its way
        self.over = False
        self.responded = False

    async def receive(self) -> Message:
        if self.over:  # whoever caught the first refusal reads no further either
            raise BodyTooLarge(self.limit)
        message = await self._receive()
        if message["type"] == "http.request":
            self.received += len(message.get("body", b""))
            if self.received > self.limit:
                self.over = True
                raise BodyTooLarge(self.limit)
            if not message.get("more_body", False):
                self.unread = False
        return message

    def sender(self, send: Send) -> Send:
        async def send_closing(message: Message) -> None:
            if message["type"] == "http.response.start":
                self.responded = True
                if self.unread:  # answered before the whole body came: read none of the rest
                    message = {**message, "headers": [*message.get("headers", []), (b"connection", b"close")]}
            await send(message)

        return send_closing
