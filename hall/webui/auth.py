"""Who is on a page: the session cookie read, the user put where the audit log looks for the caller
(``request.state.caller``, as a bearer token does), the role checked; and the CSRF check of every form.

A page without a valid session sends the browser to the sign-in page and back; a page of another role answers
403 with a page that says whose it is. A form is accepted only with the session's CSRF secret in its ``csrf``
field and, when the browser says where it comes from (``Sec-Fetch-Site``, ``Origin``), from the hall itself."""

from __future__ import annotations

import hmac
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import quote, urlsplit

from fastapi import Depends, FastAPI, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData

from hall.tokens import Role
from hall.webui.sessions import WebSessions, WebUser

COOKIE = "hall_web"
PREFIX = "/web"


class SignInNeeded(Exception):
    """No valid session: the page sends the browser to sign in, then back to ``path``."""

    def __init__(self, path: str) -> None:
        super().__init__(path)
        self.path = path


class WebRefused(Exception):
    """A page answers with a page saying why (403: another role's page, a form without its secret; 404…)."""

    def __init__(self, status: int, zh: str, en: str) -> None:
        super().__init__(en)
        self.status, self.zh, self.en = status, zh, en


def web_sessions(request: Request) -> WebSessions:
    found: WebSessions = request.app.state.web_sessions
    return found


def _back_to(request: Request) -> str:
    path = request.url.path
    return path + (f"?{request.url.query}" if request.url.query else "")


def web_user(*roles: Role) -> Any:
    """A dependency giving the signed-in ``WebUser`` of one of ``roles`` (any web role when none are given)."""

    async def check(request: Request) -> WebUser:
        session_id = request.cookies.get(COOKIE, "")
        user = await run_in_threadpool(web_sessions(request).user, session_id) if session_id else None
        if user is None:
            raise SignInNeeded(_back_to(request) if request.method == "GET" else PREFIX)
        request.state.caller = user.caller  # the audit log records this person's changes and reads
        request.state.web_user = user
        if roles and user.role not in roles:
            raise WebRefused(403, "此页面仅限主管使用", "This page is for supervisors only")
        return user

    return Depends(check)


def _same_origin(request: Request) -> bool:
    """Whether the browser says the form came from the hall's own page. Pages are sent with
    ``Referrer-Policy: no-referrer``, under which Chromium posts ``Origin: null``: the fetch metadata
    (``Sec-Fetch-Site``) is asked first, the origin only where a browser sends no such header."""
    site = request.headers.get("sec-fetch-site")
    if site is not None:
        return site == "same-origin"
    origin = request.headers.get("origin")
    if origin is None or origin == "null":
        return True  # an older browser or a tool: the CSRF secret alone decides
    parts = urlsplit(origin)
    return parts.netloc == request.headers.get("host", "") and parts.scheme == request.url.scheme


async def checked_form(request: Request) -> FormData:
    """The posted form of the signed-in user (``web_user`` runs first), once its CSRF secret and origin are
    right; else a 403 page telling the person to open the page again."""
    user: WebUser | None = getattr(request.state, "web_user", None)
    form = await request.form()
    sent = form.get("csrf")
    if (
        user is None
        or not isinstance(sent, str)
        or not hmac.compare_digest(sent.encode(), user.csrf.encode())
        or not _same_origin(request)
    ):
        raise WebRefused(
            403,
            "页面已过期或不是从本系统提交的，请重新打开页面后再试",
            "The page is out of date or was not sent from this system: open it again and retry",
        )
    return form


def safe_next(target: str | None) -> str:
    """Where to go after signing in: a page of this web only, never another site."""
    if not target or (target.split("?")[0].split("#")[0] != PREFIX and not target.startswith(PREFIX + "/")):
        return PREFIX
    if "\\" in target or target.startswith(PREFIX + "//"):
        return PREFIX
    return target


def sign_in_redirect(path: str) -> RedirectResponse:
    return RedirectResponse(f"{PREFIX}/sign-in?next={quote(path, safe='/')}", status_code=303)


def install_web_handlers(app: FastAPI, refused_page: Callable[[Request, WebRefused], Awaitable[HTMLResponse]]) -> None:
    @app.exception_handler(SignInNeeded)
    async def sign_in(_request: Request, error: SignInNeeded) -> Response:
        return sign_in_redirect(error.path)

    @app.exception_handler(WebRefused)
    async def refused(request: Request, error: WebRefused) -> HTMLResponse:
        return await refused_page(request, error)
