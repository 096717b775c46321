"""Queue routes of the hall API: take a number, follow it, and the window actions; plus the public ticket page."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import datetime
from typing import Annotated, Any

from fastapi import FastAPI, Path, Response
from sqlalchemy import select

from common.hallapi.base import HealthOut
from common.hallapi.queue import (
    CallOut,
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
from hall.booking_codes import BookingCodes
from hall.calendar import is_open, next_opening, service_day
from hall.instance import instance_id
from hall.models import Ticket, TicketStatus, WindowState
from hall.queue import QueueEngine
from hall.ticket_page import add_ticket_page_route
from hall.tokens import Role
from hall.web import ERRORS, ApiError, HallContext, bearer

WindowNumber = Annotated[int, Path(ge=1, le=999, description="Window number")]


def add_queue_routes(app: FastAPI, hall: HallContext) -> None:
    queue, public_url = hall.queue, hall.public_url
    # The slip's QR text is an appointment code here too, as at /appointments/check-in.
    appointments = AppointmentBook(queue, queue.config.appointments, BookingCodes(hall.ring))
    sessions = queue.sessions
    anyone = bearer(sessions, *Role)
    # A display reads what it shows (the queue, the events), not single tickets.
    ticket_readers = bearer(sessions, Role.KIOSK, Role.PADS, Role.STAFF, Role.SUPERVISOR)
    issuers = bearer(sessions, Role.KIOSK, Role.STAFF, Role.SUPERVISOR)
    window_staff = bearer(sessions, Role.PADS, Role.STAFF, Role.SUPERVISOR)

    def ticket_out(
        ticket: Ticket, ahead: int | None = None, eta: int | None = None, *, issued: bool = False
    ) -> TicketOut:
        """The ticket as the API shows it. Only the answer that issues it carries its signed code (what the kiosk
        prints, the credential to rate it); every later answer, to any role, links the status page by id."""
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
            qr=f"{public_url}/q/{hall.codes.ticket_code(ticket.id) if issued else ticket.id}",
        )

    @app.get("/api/v1/health", response_model=HealthOut)
    def health() -> HealthOut:
        with queue.readers() as session:
            instance = instance_id(session)
        return HealthOut(status="ok", hall=queue.config.hall.name, database=queue.dialect, instance=instance)

    @app.post("/api/v1/tickets", status_code=201, response_model=TicketOut, responses=ERRORS)
    def take_number(body: TakeNumber, _role: Role = issuers) -> TicketOut:
        if body.appointment_code is not None:
            issued = appointments.check_in(code=body.appointment_code, channel=body.channel).issued
            return ticket_out(issued.ticket, issued.waiting_ahead, issued.eta_minutes, issued=True)
        issued = queue.take_number(body.category, body.channel, id_number=body.id_number, green=body.green)
        return ticket_out(issued.ticket, issued.waiting_ahead, issued.eta_minutes, issued=True)

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

    add_ticket_page_route(app, hall)


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
        calls=[CallOut(**vars(call)) for call in queue.latest_calls(serving=set(serving.values()))],
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
        always_open=category.always_open,
        opens_at=next_opening(category, now, queue.zone),
        area_zh=category.area_zh,
        area_en=category.area_en,
    )


def _window_out(window: WindowSection, paused: bool, serving: str | None) -> WindowOut:
    return WindowOut(
        number=window.number, name=window.name, categories=window.categories, paused=paused, serving=serving
    )
