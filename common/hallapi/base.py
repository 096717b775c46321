"""What every part of the hall API shares: the strict request base, the error body and the health check."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

Channel = Literal["kiosk", "window", "mobile", "staff"]
APPOINTMENT_CODE = r"^[A-Za-z0-9-]{4,32}$"  # the booking system's code, as in the appointment QR


class Body(BaseModel):
    """A request body: a field the hall does not know is an error, not something silently dropped."""

    model_config = ConfigDict(extra="forbid")


class ErrorOut(BaseModel):
    error: str
    message: str


class HealthOut(BaseModel):
    status: Literal["ok"]
    hall: str
    database: str
