"""Appointment routes of the hall API: record bookings made elsewhere, check them in for a `Y` ticket (also by the
QR text of a slip booked at the kiosk), and the booking routes (hall/booking_api.py)."""

from __future__ import annotations

from datetime import time
from typing import Annotated

from fastapi import FastAPI, Path, Request
from fastapi.responses import JSONResponse

from common.hallapi.appointments import CODE, AppointmentIn, AppointmentOut, CheckedInOut, CheckIn
from common.hallapi.queue import TicketOut
from hall.appointments import Appointment, AppointmentBook, AppointmentError
from hall.booking import BookingError
from hall.booking_api import add_booking_routes
from hall.tokens import Role
from hall.web import ERRORS, HallContext, bearer

STATUS_OF = {
    "unknown_appointment": 404,
    "duplicate_appointment": 409,
    "appointment_cancelled": 409,
    "already_checked_in": 409,
    "not_booked": 409,
    "not_today": 409,
    "too_early": 409,
    "too_late": 409,
    # booking (hall/booking_words.py)
    "slot_taken": 409,
    "limit_reached": 409,
    "not_found": 404,
    "not_bookable": 404,
    "no_such_slot": 422,
    "not_open": 409,
    "too_late_to_change": 409,
    "changed_meanwhile": 409,
    "bad_phone": 422,
}
Code = Annotated[str, Path(pattern=CODE, max_length=32, description="Appointment code")]


def add_appointment_routes(app: FastAPI, hall: HallContext) -> None:
    # The booking routes first: /appointments/items and /appointments/slots before /appointments/{code}. They need
    # the catalog, which hall/api.py loads before this module's routes.
    desk = add_booking_routes(app, hall, app.state.catalog)
    book = AppointmentBook(hall.queue, hall.queue.config.appointments, desk.codes)
    bookers = bearer(hall.sessions, Role.STAFF, Role.SUPERVISOR)
    checkers = bearer(hall.sessions, Role.KIOSK, Role.STAFF, Role.SUPERVISOR)

    def out(appointment: Appointment) -> AppointmentOut:
        opens, closes = book.window_of(appointment)
        return AppointmentOut(
            code=appointment.code,
            date=appointment.day,
            slot_start=appointment.slot_start.strftime("%H:%M"),
            slot_end=appointment.slot_end.strftime("%H:%M"),
            category=appointment.category,
            status=appointment.status,
            check_in_opens=opens,
            check_in_closes=closes,
            checked_in_at=appointment.checked_in_at,
            ticket_id=appointment.ticket_id,
        )

    @app.exception_handler(AppointmentError)
    async def appointment_error(_request: Request, error: AppointmentError) -> JSONResponse:
        extra = error.extra if isinstance(error, BookingError) else {}
        body = {"error": error.code, "message": error.message, **extra}
        return JSONResponse(body, status_code=STATUS_OF.get(error.code, 422))

    @app.post("/api/v1/appointments", status_code=201, response_model=AppointmentOut, responses=ERRORS)
    def create(body: AppointmentIn, _role: Role = bookers) -> AppointmentOut:
        start, end = time.fromisoformat(body.slot_start), time.fromisoformat(body.slot_end)
        created = book.create(
            body.code, day=body.date, slot_start=start, slot_end=end, category=body.category, id_number=body.id_number
        )
        return out(created)

    @app.post("/api/v1/appointments/check-in", status_code=201, response_model=CheckedInOut, responses=ERRORS)
    def check_in(body: CheckIn, role: Role = checkers) -> CheckedInOut:
        channel = "kiosk" if role == Role.KIOSK else "staff"
        done = book.check_in(code=body.code, id_number=body.id_number, channel=channel)
        ticket = done.issued.ticket
        return CheckedInOut(
            appointment=out(done.appointment),
            ticket=TicketOut(
                id=ticket.id,
                number=ticket.number,
                category=ticket.category,
                status=ticket.status,
                waiting_ahead=done.issued.waiting_ahead,
                eta_minutes=done.issued.eta_minutes,
                issued_at=ticket.issued_at,
                qr=f"{hall.public_url}/q/{hall.codes.ticket_code(ticket.id)}",
            ),
        )

    @app.get("/api/v1/appointments/{code}", response_model=AppointmentOut, responses=ERRORS)
    def get(code: Code, _role: Role = checkers) -> AppointmentOut:
        appointment = book.get(code)
        if appointment is None:
            raise AppointmentError("unknown_appointment", "没有这个预约 / no such appointment")
        return out(appointment)

    @app.post("/api/v1/appointments/{code}/cancel", response_model=AppointmentOut, responses=ERRORS)
    def cancel(code: Code, _role: Role = bookers) -> AppointmentOut:
        return out(book.cancel(code))
