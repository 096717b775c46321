"""Sign-in, sign-out and the start page of the staff's and supervisors' web (``/web``…)."""

from __future__ import annotations

from typing import Annotated

from fastapi import FastAPI, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from hall.rate_limits import RateLimits, client_address
from hall.tokens import token_cache
from hall.web import HallContext
from hall.webui.auth import COOKIE, PREFIX, WebRefused, checked_form, install_web_handlers, safe_next, web_user
from hall.webui.render import render
from hall.webui.sessions import WEB_ROLES, WebSessions, WebUser

MAX_TOKEN = 200


def _signed_in_cookie(response: Response, request: Request, session_id: str, minutes: int) -> None:
    response.set_cookie(
        COOKIE,
        session_id,
        max_age=minutes * 60,
        path=PREFIX,
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
    )


def add_web_routes(app: FastAPI, hall: HallContext) -> None:
    config = hall.queue.config.web
    sessions = WebSessions(hall.sessions, hall.queue.clock, config.session_minutes)
    app.state.web_sessions = sessions
    tokens = token_cache(hall.sessions)
    anyone = web_user()  # staff or supervisor

    async def refused_page(request: Request, error: WebRefused) -> HTMLResponse:
        user = getattr(request.state, "web_user", None)
        context = {"status": error.status, "zh": error.zh, "en": error.en}
        return render(request, "refused.html", context, user=user, status=error.status)

    install_web_handlers(app, refused_page)

    def sign_in_page(request: Request, next_page: str, errors: dict[str, str], status: int = 200) -> HTMLResponse:
        message = request.query_params.get("signed_out") and "您已退出。 You have signed out."
        context = {"next": next_page, "errors": errors, "message": message or ""}
        return render(request, "sign_in.html", context, user=None, status=status)

    @app.get(f"{PREFIX}/sign-in", response_class=HTMLResponse, include_in_schema=False)
    def sign_in_form(request: Request, next: str = PREFIX) -> HTMLResponse:
        return sign_in_page(request, safe_next(next), {})

    @app.post(f"{PREFIX}/sign-in", response_class=HTMLResponse, include_in_schema=False)
    async def sign_in(
        request: Request,
        token: Annotated[str, Form(max_length=MAX_TOKEN)] = "",
        next: Annotated[str, Form(max_length=500)] = PREFIX,
    ) -> Response:
        target = safe_next(next)
        limits: RateLimits | None = getattr(request.app.state, "rate_limits", None)
        address = client_address(request.scope)
        token = token.strip()
        if not token:
            return sign_in_page(request, target, {"token": "请输入令牌 / Enter your token"}, 422)
        if limits is not None and limits.token_wait(address) > 0:
            wrong = "尝试次数过多，请稍后再试 / Too many attempts: wait a few minutes and try again"
            return sign_in_page(request, target, {"token": wrong}, 429)
        who = await run_in_threadpool(tokens.caller_of, token)
        if who is None or who.role not in WEB_ROLES:
            if limits is not None and who is None:
                limits.token_failed(address)
            wrong = (
                "令牌无效或已撤销，请向主管确认 / The token is unknown or revoked: check it with your supervisor"
                if who is None
                else "此令牌不能登录工作人员页面 / This token cannot sign in to the staff pages"
            )
            return sign_in_page(request, target, {"token": wrong}, 401 if who is None else 403)
        session_id, user = await run_in_threadpool(sessions.open, who, token)
        request.state.caller = user.caller  # the sign-in itself is in the audit log
        response = RedirectResponse(target, status_code=303)
        _signed_in_cookie(response, request, session_id, config.session_minutes)
        return response

    @app.post(f"{PREFIX}/sign-out", include_in_schema=False)
    async def sign_out(request: Request, _user: WebUser = anyone) -> Response:
        await checked_form(request)
        await run_in_threadpool(sessions.close, request.cookies.get(COOKIE, ""))
        response = RedirectResponse(f"{PREFIX}/sign-in?signed_out=1", status_code=303)
        response.delete_cookie(COOKIE, path=PREFIX, httponly=True, samesite="strict")
        return response

    @app.get(PREFIX, response_class=HTMLResponse, include_in_schema=False)
    def home(request: Request, user: WebUser = anyone) -> HTMLResponse:
        return render(request, "home.html", {}, user=user)
