"""Queue routes of the hall API: take a number, follow it, and the window actions; plus the public ticket page."""

from __future__ import annotations

import html
import uuid
from collections.abc import Callable
from datetime import datetime
from typing import Annotated, Any

from fastapi import FastAPI, Path, Response
from fastapi.responses import HTMLResponse
from sqlalchemy import select

from common.hallapi.base import HealthOut
from common.hallapi.queue import (
    CategoryOut,
    Pause,
    Pin,
    QueueOut,
    TakeNumber,
    TicketOut,
    Transfer,
    WindowAction,
    WindowOut,
)
from common.settings.hours import describe_hours
from common.settings.models import CategorySection, WindowSection
from hall.appointments import AppointmentBook
from hall.calendar import is_open, service_day
from hall.models import Ticket, TicketStatus, WindowState
from hall.queue import QueueEngine
from hall.rating_page import rating_link
from hall.tokens import Role
from hall.web import ERRORS, ApiError, HallContext, bearer

WindowNumber = Annotated[int, Path(ge=1, le=999, description="Window number")]


def add_queue_routes(app: FastAPI, hall: HallContext) -> None:
    queue, public_url = hall.queue, hall.public_url
    appointments = AppointmentBook(queue, queue.config.appointments)
    sessions = queue.sessions
    anyone = bearer(sessions, *Role)
    # A display reads what it shows (the queue, the events), not single tickets.
    ticket_readers = bearer(sessions, Role.KIOSK, Role.PADS, Role.STAFF, Role.SUPERVISOR)
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
        with queue.readers() as session:
            session.execute(select(1))
        return HealthOut(status="ok", hall=queue.config.hall.name, database=queue.dialect)

    @app.post("/api/v1/tickets", status_code=201, response_model=TicketOut, responses=ERRORS)
    def take_number(body: TakeNumber, _role: Role = issuers) -> TicketOut:
        if body.appointment_code is not None:
            issued = appointments.check_in(code=body.appointment_code, channel=body.channel).issued
            return ticket_out(issued.ticket, issued.waiting_ahead, issued.eta_minutes)
        issued = queue.take_number(body.category, body.channel, id_number=body.id_number, green=body.green)
        return ticket_out(issued.ticket, issued.waiting_ahead, issued.eta_minutes)

    @app.get("/api/v1/tickets/{ticket_id}", response_model=TicketOut, responses=ERRORS)
    def get_ticket(ticket_id: uuid.UUID, _role: Role = ticket_readers) -> TicketOut:
        ticket = queue.ticket(ticket_id)
        if ticket is None:
            raise ApiError(404, "not_found", "没有这张号 / no such ticket")
        return ticket_out(ticket)

    supervisors = bearer(sessions, Role.STAFF, Role.SUPERVISOR)

    @app.post("/api/v1/tickets/{ticket_id}/pin", response_model=TicketOut, responses=ERRORS)
    def pin(ticket_id: uuid.UUID, body: Pin, _role: Role = supervisors) -> TicketOut:
        ticket = queue.pin(ticket_id, body.pinned)
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
        # Once the ticket has reached a window, the same QR code leads on to rating the service (一次一评).
        rate = rating_link(hall, ticket.id) if ticket.called_at is not None else None
        return HTMLResponse(_page(ticket.number, queue.categories[ticket.category].name_zh, state, rate))


def queue_snapshot(queue: QueueEngine) -> QueueOut:
    now = queue.clock()
    counts = queue.waiting_counts()
    with queue.readers() as session:
        paused = {w.number: w.paused for w in session.scalars(select(WindowState))}
        rows = session.execute(select(Ticket.window, Ticket.number).where(Ticket.status == TicketStatus.CALLED))
        serving = {row[0]: row[1] for row in rows}
    return QueueOut(
        service_day=service_day(now, queue.zone).isoformat(),
        categories=[_category_out(c, now, queue, counts[c.prefix]) for c in queue.config.categories],
        windows=[_window_out(w, paused.get(w.number, False), serving.get(w.number)) for w in queue.config.windows],
    )


def _category_out(category: CategorySection, now: datetime, queue: QueueEngine, waiting: int) -> CategoryOut:
    hours_zh, hours_en = describe_hours(category)
    return CategoryOut(
        prefix=category.prefix,
        name_zh=category.name_zh,
        name_en=category.name_en,
        open=is_open(category, now, queue.zone),
        waiting=waiting,
        hours_zh=hours_zh,
        hours_en=hours_en,
    )


def _window_out(window: WindowSection, paused: bool, serving: str | None) -> WindowOut:
    return WindowOut(
        number=window.number, name=window.name, categories=window.categories, paused=paused, serving=serving
    )


def _page(title: str, subtitle: str, state: str, rate_url: str | None = None) -> str:
    title, subtitle, state = html.escape(title), html.escape(subtitle), html.escape(state)
    rate = f'<p><a href="{html.escape(rate_url)}">评价本次服务 / rate this service</a></p>' if rate_url else ""
    return f"""<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>{title}</title>
<style>body{{font-family:sans-serif;text-align:center;margin:2em 1em}}h1{{font-size:3.5em;margin:.2em}}
p{{font-size:1.3em}}</style></head><body><p>{subtitle}</p><h1>{title}</h1><p>{state}</p>{rate}</body></html>"""
