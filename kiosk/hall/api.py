"""The hall's HTTP API (FastAPI): thin handlers over the queue engine; errors as {"error", "message"}."""

from __future__ import annotations

import html
import logging
import uuid
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Header, Path, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker
from starlette.exceptions import HTTPException as StarletteHTTPException

from kiosk.hall.calendar import is_open, service_day
from kiosk.hall.models import Ticket, TicketStatus, WindowState
from kiosk.hall.queue import QueueEngine, QueueError
from kiosk.hall.schemas import (
    CategoryOut,
    ErrorOut,
    HealthOut,
    Pause,
    QueueOut,
    TakeNumber,
    TicketOut,
    Transfer,
    WindowAction,
    WindowOut,
)
from kiosk.hall.tokens import Role, role_of
from kiosk.settings.models import CategorySection, WindowSection

log = logging.getLogger(__name__)
MAX_BODY_BYTES = 64 * 1024
STATUS_OF = {
    "unknown_category": 422,
    "bad_transfer": 422,
    "unknown_window": 404,
    "window_paused": 409,
    "duplicate_ticket": 409,
    "daily_cap_reached": 409,
    "category_closed": 409,
    "busy": 503,
}
WindowNumber = Annotated[int, Path(ge=1, le=999, description="Window number")]
ERRORS: dict[int | str, dict[str, Any]] = {code: {"model": ErrorOut} for code in (400, 401, 403, 404, 409, 413, 422)}


class ApiError(Exception):
    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


def create_app(queue: QueueEngine, *, public_url: str) -> FastAPI:
    app = FastAPI(title="Hall server API", version="1", openapi_url="/openapi.json", docs_url=None, redoc_url=None)
    install_error_handlers(app)
    add_queue_routes(app, queue, public_url)
    return app


def bearer(sessions: sessionmaker[Session], *roles: Role) -> Any:
    """A dependency that admits a valid, unrevoked token of one of ``roles``."""

    def check(authorization: Annotated[str | None, Header()] = None) -> Role:
        scheme, _, token = (authorization or "").partition(" ")
        if scheme.lower() != "bearer" or not token:
            raise ApiError(401, "unauthorized", "需要令牌 / a bearer token is required")
        with sessions() as session:
            role = role_of(session, token.strip())
        if role is None:
            raise ApiError(401, "unauthorized", "令牌无效或已撤销 / the token is unknown or revoked")
        if role not in roles:
            raise ApiError(403, "forbidden", f"此令牌无权操作 / a {role.value} token may not do this")
        return role

    return Depends(check)


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def api_error(_request: Request, error: ApiError) -> JSONResponse:
        return JSONResponse({"error": error.code, "message": error.message}, status_code=error.status)

    @app.exception_handler(QueueError)
    async def queue_error(_request: Request, error: QueueError) -> JSONResponse:
        return JSONResponse({"error": error.code, "message": error.message}, status_code=STATUS_OF.get(error.code, 400))

    @app.exception_handler(RequestValidationError)
    async def invalid(_request: Request, error: RequestValidationError) -> JSONResponse:
        problems = "; ".join(f"{'.'.join(str(p) for p in e['loc'] if p != 'body')}: {e['msg']}" for e in error.errors())
        return JSONResponse({"error": "invalid_request", "message": f"请求无效 / invalid request: {problems}"}, 422)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_request: Request, error: StarletteHTTPException) -> JSONResponse:
        return JSONResponse({"error": "http_error", "message": str(error.detail)}, status_code=error.status_code)

    @app.exception_handler(Exception)
    async def unexpected(request: Request, error: Exception) -> JSONResponse:
        # The client gets a stable JSON error, never a traceback; the traceback goes to the hall's log.
        log.error("unexpected error in %s %s", request.method, request.url.path, exc_info=error)
        return JSONResponse({"error": "internal_error", "message": "服务器内部错误 / internal server error"}, 500)

    @app.middleware("http")
    async def limit_body(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        length = request.headers.get("content-length", "0")
        if not length.isdigit() or int(length) > MAX_BODY_BYTES:
            message = f"请求体过大 / request body over {MAX_BODY_BYTES // 1024} KB"
            return JSONResponse({"error": "body_too_large", "message": message}, status_code=413)
        return await call_next(request)


def add_queue_routes(app: FastAPI, queue: QueueEngine, public_url: str) -> None:
    sessions = queue.sessions
    anyone = bearer(sessions, *Role)
    issuers = bearer(sessions, Role.KIOSK, Role.STAFF, Role.SUPERVISOR)
    window_staff = bearer(sessions, Role.PADS, Role.STAFF, Role.SUPERVISOR)

    def ticket_out(ticket: Ticket, ahead: int | None = None, eta: int | None = None) -> TicketOut:
        if ahead is None:
            ahead, eta = queue.position(ticket.id)
        return TicketOut(
            id=ticket.id,
            number=ticket.number,
            category=ticket.category,
            status=ticket.status,
            waiting_ahead=ahead,
            eta_minutes=eta or 0,
            issued_at=ticket.issued_at,
            window=ticket.window,
            qr=f"{public_url}/q/{ticket.id}",
        )

    @app.get("/api/v1/health", response_model=HealthOut)
    def health() -> HealthOut:
        with sessions() as session:
            session.execute(select(1))
        return HealthOut(status="ok", hall=queue.config.hall.name, database=queue.dialect)

    @app.post("/api/v1/tickets", status_code=201, response_model=TicketOut, responses=ERRORS)
    def take_number(body: TakeNumber, _role: Role = issuers) -> TicketOut:
        issued = queue.take_number(body.category, body.channel, id_number=body.id_number, green=body.green)
        return ticket_out(issued.ticket, issued.waiting_ahead, issued.eta_minutes)

    @app.get("/api/v1/tickets/{ticket_id}", response_model=TicketOut, responses=ERRORS)
    def get_ticket(ticket_id: uuid.UUID, _role: Role = anyone) -> TicketOut:
        ticket = queue.ticket(ticket_id)
        if ticket is None:
            raise ApiError(404, "not_found", "没有这张号 / no such ticket")
        return ticket_out(ticket)

    @app.get("/api/v1/queue", response_model=QueueOut, responses=ERRORS)
    def queue_state(_role: Role = anyone) -> QueueOut:
        return queue_snapshot(queue)

    def window_action(name: str, action: Callable[[int], Ticket | None]) -> None:
        def handler(window: WindowNumber, _role: Role = window_staff) -> Any:
            ticket = action(window)
            if ticket is None:
                return Response(status_code=204)
            return WindowAction(window=window, ticket=ticket_out(ticket, 0, 0))

        app.post(f"/api/v1/windows/{{window}}/{name}", response_model=WindowAction, responses={204: {}, **ERRORS})(
            handler
        )

    window_action("call-next", queue.call_next)
    window_action("recall", queue.recall)
    window_action("no-show", queue.no_show)
    window_action("complete", queue.complete)

    @app.post("/api/v1/windows/{window}/transfer", response_model=WindowAction, responses={204: {}, **ERRORS})
    def transfer(window: WindowNumber, body: Transfer, _role: Role = window_staff) -> Any:
        ticket = queue.transfer(window, to_category=body.to_category, to_window=body.to_window)
        if ticket is None:
            return Response(status_code=204)
        return WindowAction(window=window, ticket=ticket_out(ticket))

    @app.post("/api/v1/windows/{window}/pause", response_model=WindowAction, responses=ERRORS)
    def pause(window: WindowNumber, body: Pause, _role: Role = window_staff) -> WindowAction:
        return WindowAction(window=window, ticket=None, paused=queue.pause(window, body.paused))

    @app.get("/q/{ticket_id}", response_class=HTMLResponse, include_in_schema=False)
    def ticket_page(ticket_id: uuid.UUID) -> HTMLResponse:
        ticket = queue.ticket(ticket_id)
        if ticket is None:
            return HTMLResponse(_page("没有这张号", "No such ticket", ""), status_code=404)
        ahead, eta = queue.position(ticket.id)
        state = {
            TicketStatus.WAITING: f"前面还有 {ahead} 人，预计约 {eta} 分钟 / {ahead} ahead, about {eta} min",
            TicketStatus.CALLED: f"请到{ticket.window}号窗口 / please go to window {ticket.window}",
            TicketStatus.COMPLETED: "已办理 / served",
            TicketStatus.MISSED: "已过号，请重新取号 / missed, please take a new number",
        }[TicketStatus(ticket.status)]
        return HTMLResponse(_page(ticket.number, queue.categories[ticket.category].name_zh, state))


def queue_snapshot(queue: QueueEngine) -> QueueOut:
    now = queue.clock()
    counts = queue.waiting_counts()
    with queue.sessions() as session:
        paused = {w.number: w.paused for w in session.scalars(select(WindowState))}
        rows = session.execute(select(Ticket.window, Ticket.number).where(Ticket.status == TicketStatus.CALLED))
        serving = {row[0]: row[1] for row in rows}
    return QueueOut(
        service_day=service_day(now, queue.zone).isoformat(),
        categories=[_category_out(c, now, queue, counts[c.prefix]) for c in queue.config.categories],
        windows=[_window_out(w, paused.get(w.number, False), serving.get(w.number)) for w in queue.config.windows],
    )


def _category_out(category: CategorySection, now: datetime, queue: QueueEngine, waiting: int) -> CategoryOut:
    return CategoryOut(
        prefix=category.prefix,
        name_zh=category.name_zh,
        name_en=category.name_en,
        open=is_open(category, now, queue.zone),
        waiting=waiting,
    )


def _window_out(window: WindowSection, paused: bool, serving: str | None) -> WindowOut:
    return WindowOut(
        number=window.number, name=window.name, categories=window.categories, paused=paused, serving=serving
    )


def _page(title: str, subtitle: str, state: str) -> str:
    title, subtitle, state = html.escape(title), html.escape(subtitle), html.escape(state)
    return f"""<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>{title}</title>
<style>body{{font-family:sans-serif;text-align:center;margin:2em 1em}}h1{{font-size:3.5em;margin:.2em}}
p{{font-size:1.3em}}</style></head><body><p>{subtitle}</p><h1>{title}</h1><p>{state}</p></body></html>"""
