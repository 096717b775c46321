"""Booking routes of the hall API (预约办理, docs/booking.md), for kiosks (and staff): the bookable items, free
slots, booking, finding, cancelling and changing. Refusals are ``{"error", "message"}`` like every other; a
``slot_taken`` one also carries ``next_free``, the next free slots of the same item."""

from __future__ import annotations

from datetime import date, time
from typing import Annotated

from fastapi import FastAPI, Query

from common.hallapi.booking import (
    ITEM_CODE,
    BookableItemOut,
    BookableItemsOut,
    BookIn,
    BookingOut,
    BookingsOut,
    ChangeIn,
    DaySlotsOut,
    FindIn,
    Proof,
    SlotOut,
    SlotsOut,
)
from common.settings.models import CategorySection
from hall.appointments import APPOINTMENT_PREFIX, Appointment
from hall.booking import BookingDesk
from hall.catalog import Catalog
from hall.tokens import Role
from hall.web import ERRORS, HallContext, bearer


def add_booking_routes(app: FastAPI, hall: HallContext, catalog: Catalog) -> BookingDesk:
    desk = BookingDesk(hall.queue, hall.ring, catalog)
    app.state.booking = desk
    kiosks = bearer(hall.sessions, Role.KIOSK, Role.STAFF, Role.SUPERVISOR)
    categories = hall.queue.categories

    def waits_in(category: str) -> CategorySection | None:
        """Where the citizen waits after check-in: the `Y` area when the hall has `Y` (check-in's tickets are
        `Y`), else the item's category's."""
        return categories.get(APPOINTMENT_PREFIX) or categories.get(category)

    def out(appointment: Appointment) -> BookingOut:
        item = catalog.get(appointment.item_code or "")
        section = desk.schedule.item(appointment.item_code or "")
        category = waits_in(appointment.category)
        opens, closes = desk.window_of(appointment)
        return BookingOut(
            code=appointment.code,
            qr_text=desk.codes.qr_text(appointment.code),
            item_code=appointment.item_code or "",
            item_name_zh=item.name if item else "",
            item_name_en=section.name_en if section else "",
            date=appointment.day,
            slot_start=f"{appointment.slot_start:%H:%M}",
            slot_end=f"{appointment.slot_end:%H:%M}",
            category=appointment.category,
            status=appointment.status,
            id_masked=appointment.id_masked or "",
            phone_masked=appointment.phone_masked or "",
            place_zh=category.area_zh if category else "",
            place_en=category.area_en if category else "",
            check_in_opens=opens,
            check_in_closes=closes,
        )

    @app.get("/api/v1/appointments/items", response_model=BookableItemsOut, responses=ERRORS)
    def items(_role: Role = kiosks) -> BookableItemsOut:
        listed = []
        for section in desk.items():
            item = catalog.get(section.code)
            category = waits_in(section.category)
            listed.append(
                BookableItemOut(
                    code=section.code,
                    name_zh=item.name if item else section.name_en,
                    name_en=section.name_en,
                    department_zh=item.department if item else "",
                    department_en=(item.department_en or item.department) if item else "",
                    category=section.category,
                    days_ahead=desk.schedule.days_ahead(section),
                    slot_minutes=section.slot_minutes,
                    place_zh=category.area_zh if category else "",
                    place_en=category.area_en if category else "",
                )
            )
        return BookableItemsOut(items=listed)

    @app.get("/api/v1/appointments/slots", response_model=SlotsOut, responses=ERRORS)
    def slots(
        item_code: Annotated[str, Query(pattern=ITEM_CODE)],
        first: Annotated[date | None, Query(alias="from", description="First day; default today")] = None,
        last: Annotated[date | None, Query(alias="to", description="Last day; default the last on offer")] = None,
        _role: Role = kiosks,
    ) -> SlotsOut:
        days: dict[date, list[SlotOut]] = {}
        for free in desk.free_slots(item_code, first, last):
            days.setdefault(free.slot.day, []).append(
                SlotOut(
                    start=f"{free.slot.start:%H:%M}",
                    end=f"{free.slot.end:%H:%M}",
                    free=free.free,
                    capacity=free.capacity,
                )
            )
        return SlotsOut(item_code=item_code, days=[DaySlotsOut(date=day, slots=found) for day, found in days.items()])

    @app.post("/api/v1/appointments/book", status_code=201, response_model=BookingOut, responses=ERRORS)
    def book(body: BookIn, _role: Role = kiosks) -> BookingOut:
        start = time.fromisoformat(body.slot_start)
        return out(desk.book_slot(body.item_code, body.date, start, id_number=body.id_number, phone=body.phone))

    @app.post("/api/v1/appointments/find", response_model=BookingsOut, responses=ERRORS)
    def find(body: FindIn, _role: Role = kiosks) -> BookingsOut:
        return BookingsOut(appointments=[out(a) for a in desk.find(qr_text=body.qr_text, id_number=body.id_number)])

    @app.post("/api/v1/appointments/cancel", response_model=BookingOut, responses=ERRORS)
    def cancel(body: Proof, _role: Role = kiosks) -> BookingOut:
        return out(desk.cancel(desk.proven(qr_text=body.qr_text, code=body.code, id_number=body.id_number)))

    @app.post("/api/v1/appointments/change", response_model=BookingOut, responses=ERRORS)
    def change(body: ChangeIn, _role: Role = kiosks) -> BookingOut:
        appointment = desk.proven(qr_text=body.qr_text, code=body.code, id_number=body.id_number)
        return out(desk.change(appointment, body.date, time.fromisoformat(body.slot_start)))

    return desk
