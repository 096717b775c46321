"""The kiosk's client of the hall's booking routes (预约办理, docs/booking.md): the ``BookingPort`` methods but
``print_slip``, answering with the port's values. Every method blocks and raises the hall client's two errors,
which are the port's: ``HallUnreachable`` (``Unavailable``) and ``HallRefused`` (``Refused``, with the hall's
code: ``slot_taken``, ``limit_reached``, ``not_found`` ...). After ``slot_taken`` the caller asks ``slots`` again
for the next free ones (the refusal's body lists them too, but a refusal carries only its code and words).

The port's values are plain dataclasses (kiosk/station/booking_port.py), which is why this module alone of the
client reads a module of the station's layer (pyproject.toml, the layers contract's one exception)."""

from __future__ import annotations

from datetime import date, time
from typing import Any

from common.hallapi.booking import (
    BookableItemsOut,
    BookIn,
    BookingOut,
    BookingsOut,
    ChangeIn,
    FindIn,
    Proof,
    SlotsOut,
)
from devices.words import Words
from kiosk.hallclient.base import HallClient, body
from kiosk.hallclient.errors import HallUnreachable
from kiosk.station.booking_port import BookableItem, Booking, DaySlots, Slot

ITEMS = "/api/v1/appointments/items"
SLOTS = "/api/v1/appointments/slots"
BOOK = "/api/v1/appointments/book"
FIND = "/api/v1/appointments/find"
CANCEL = "/api/v1/appointments/cancel"
CHANGE = "/api/v1/appointments/change"
NO_ANSWER = Words("大厅没有回答", "the hall gave no answer")


class BookingClient:
    """Thread-safe as its ``HallClient`` is."""

    def __init__(self, client: HallClient) -> None:
        self.client = client

    def items(self) -> list[BookableItem]:
        answer = self.client.fetch(ITEMS, BookableItemsOut)
        return [
            BookableItem(
                code=item.code,
                name=Words(item.name_zh, item.name_en),
                department=Words(item.department_zh, item.department_en),
                category=item.category,
                days_ahead=item.days_ahead,
            )
            for item in answer.items
        ]

    def slots(self, item_code: str, first: date, last: date) -> list[DaySlots]:
        params = {"item_code": item_code, "from": first.isoformat(), "to": last.isoformat()}
        answer = self.client.fetch(SLOTS, SlotsOut, **params)
        return [
            DaySlots(
                day.date,
                tuple(
                    Slot(day.date, time.fromisoformat(s.start), time.fromisoformat(s.end), s.free) for s in day.slots
                ),
            )
            for day in answer.days
        ]

    def book(self, item_code: str, slot: Slot, *, id_number: str, phone: str) -> Booking:
        fields = {
            "item_code": item_code,
            "date": slot.day.isoformat(),
            "slot_start": f"{slot.start:%H:%M}",
            "id_number": id_number,
            "phone": phone,
        }
        return self._send(BOOK, body(BookIn, fields))

    def find(self, *, qr_text: str | None = None, id_number: str | None = None) -> list[Booking]:
        fields = {"qr_text": qr_text.strip() if qr_text else None, "id_number": id_number}
        asked = body(FindIn, {key: value for key, value in fields.items() if value})
        answer = self.client.send(FIND, asked, BookingsOut)
        if answer is None:
            raise HallUnreachable(NO_ANSWER)
        return [booking_of(found) for found in answer.appointments]

    def cancel(self, booking: Booking, *, id_number: str | None = None) -> Booking:
        return self._send(CANCEL, body(Proof, proof(booking, id_number)))

    def change(self, booking: Booking, slot: Slot, *, id_number: str | None = None) -> Booking:
        fields = {**proof(booking, id_number), "date": slot.day.isoformat(), "slot_start": f"{slot.start:%H:%M}"}
        return self._send(CHANGE, body(ChangeIn, fields))

    def _send(self, path: str, asked: Any) -> Booking:
        answer = self.client.send(path, asked, BookingOut)
        if answer is None:
            raise HallUnreachable(NO_ANSWER)
        return booking_of(answer)


def proof(booking: Booking, id_number: str | None) -> dict[str, str]:
    """Whose appointment: the ID card read now (with the code), else the slip's QR text."""
    return {"code": booking.code, "id_number": id_number} if id_number else {"qr_text": booking.qr_text}


def booking_of(answer: BookingOut) -> Booking:
    return Booking(
        code=answer.code,
        qr_text=answer.qr_text,
        item_code=answer.item_code,
        item_name=Words(answer.item_name_zh, answer.item_name_en),
        day=answer.date,
        start=time.fromisoformat(answer.slot_start),
        end=time.fromisoformat(answer.slot_end),
        status=answer.status,
        id_masked=answer.id_masked,
        phone_masked=answer.phone_masked,
        place=Words(answer.place_zh, answer.place_en),
    )
