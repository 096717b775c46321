"""Booking bodies of the hall API (预约办理, docs/booking.md): the bookable items, their free slots, booking,
finding, cancelling and changing an appointment. ID numbers and phones go in request bodies only (never a URL)
and come back masked."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from pydantic import BaseModel, Field, model_validator

from common.hallapi.appointments import CLOCK_TIME, ID_NUMBER
from common.hallapi.base import Body, Text

CODE = r"^[A-Za-z0-9-]{4,32}$"  # an appointment's code
QR_TEXT = CODE  # what a slip's QR holds fits the check-in's code pattern: a kiosk may tell other scans apart
ITEM_CODE = r"^[A-Za-z0-9-]{4,60}$"
Phone = Annotated[Text, Field(min_length=1, max_length=30, description="Mobile or landline; sealed at once")]
# Whatever the scanner read: a slip's QR text (the check-in's code pattern) is found, anything else is not
# (an empty list, or not_found), never an invalid request the citizen cannot act on.
ScannedText = Annotated[Text, Field(min_length=1, max_length=500, description="The slip's QR text, as scanned")]


class BookableItemOut(BaseModel):
    code: str
    name_zh: str
    name_en: str
    department_zh: str
    department_en: str
    category: str
    days_ahead: int
    slot_minutes: int
    place_zh: str  # where to wait after check-in: the `Y` category's area (else the item's), e.g. 一楼C区
    place_en: str


class BookableItemsOut(BaseModel):
    items: list[BookableItemOut]


class SlotOut(BaseModel):
    start: str  # HH:MM, hall local time
    end: str
    free: int  # places left over all its windows; 0 when full
    capacity: int


class DaySlotsOut(BaseModel):
    date: dt.date
    slots: list[SlotOut]


class SlotsOut(BaseModel):
    item_code: str
    days: list[DaySlotsOut]


class BookIn(Body):
    item_code: str = Field(pattern=ITEM_CODE)
    date: dt.date
    slot_start: str = Field(pattern=CLOCK_TIME, description="HH:MM, hall local time")
    id_number: str = Field(pattern=ID_NUMBER, description="Hashed at once; never stored readable or logged")
    phone: Phone


class Proof(Body):
    """Whose appointment: the slip's scanned QR text (the slip is the proof), or its code with the ID card's
    number (the card is the proof)."""

    qr_text: ScannedText | None = None
    code: str | None = Field(default=None, pattern=CODE)
    id_number: str | None = Field(default=None, pattern=ID_NUMBER)

    @model_validator(mode="after")
    def _one_proof(self) -> Proof:
        by_card = self.code is not None and self.id_number is not None
        if (self.qr_text is None) != by_card or (self.qr_text is not None and (self.code or self.id_number)):
            raise ValueError("请提供二维码内容，或预约码和身份证号 / give qr_text, or code with id_number")
        return self


class FindIn(Body):
    qr_text: ScannedText | None = None
    id_number: str | None = Field(default=None, pattern=ID_NUMBER)

    @model_validator(mode="after")
    def _one(self) -> FindIn:
        if (self.qr_text is None) == (self.id_number is None):
            raise ValueError("请提供二维码内容或身份证号之一 / give either qr_text or id_number")
        return self


class ChangeIn(Proof):
    date: dt.date
    slot_start: str = Field(pattern=CLOCK_TIME)


class BookingOut(BaseModel):
    code: str
    qr_text: str
    item_code: str
    item_name_zh: str
    item_name_en: str
    date: dt.date
    slot_start: str
    slot_end: str
    category: str
    status: str  # booked | checked_in | expired | cancelled
    id_masked: str
    phone_masked: str
    place_zh: str
    place_en: str
    check_in_opens: dt.datetime
    check_in_closes: dt.datetime


class BookingsOut(BaseModel):
    appointments: list[BookingOut]


class FreeSlotOut(BaseModel):
    date: dt.date
    start: str
    end: str
    free: int


class SlotTakenOut(BaseModel):
    """The ``slot_taken`` refusal: the error body and the next free slots of the same item."""

    error: str
    message: str
    next_free: list[FreeSlotOut]
