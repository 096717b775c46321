"""Appointment bodies of the hall API: a booking made elsewhere, and checking it in for a ticket."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from pydantic import BaseModel, Field

from common.hallapi.base import APPOINTMENT_CODE, Body
from common.hallapi.queue import TicketOut

CODE = APPOINTMENT_CODE
CLOCK_TIME = r"^([01]\d|2[0-3]):[0-5]\d$"
ID_NUMBER = r"^[0-9]{17}[0-9Xx]$"


class AppointmentIn(Body):
    code: str = Field(pattern=CODE, description="The booking system's code, also in the appointment QR")
    date: date
    slot_start: str = Field(pattern=CLOCK_TIME, description="HH:MM, hall local time")
    slot_end: str = Field(pattern=CLOCK_TIME, description="HH:MM, hall local time")
    category: str = Field(pattern=r"^[A-Z]$", description="The business category booked")
    id_number: str = Field(pattern=ID_NUMBER, description="Hashed at once; never stored or logged")


class CheckIn(Body):
    code: str | None = Field(default=None, pattern=CODE, description="From the appointment QR")
    id_number: str | None = Field(default=None, pattern=ID_NUMBER, description="From the ID card reader")


class AppointmentOut(BaseModel):
    code: str
    date: date
    slot_start: str
    slot_end: str
    category: str
    status: str
    check_in_opens: datetime
    check_in_closes: datetime
    checked_in_at: datetime | None
    ticket_id: uuid.UUID | None


class CheckedInOut(BaseModel):
    appointment: AppointmentOut
    ticket: TicketOut
