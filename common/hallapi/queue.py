"""Queue bodies of the hall API: taking a number, a ticket, the window actions and the queue snapshot."""

from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import BaseModel, Field

from common.hallapi.base import APPOINTMENT_CODE, Body, Channel


class TakeNumber(Body):
    category: str = Field(pattern=r"^[A-Z]$", description="Business category prefix, e.g. A")
    channel: Channel = "kiosk"
    id_number: str | None = Field(
        default=None, pattern=r"^[0-9]{17}[0-9Xx]$", description="Hashed at once; never stored or logged"
    )
    green: bool = Field(default=False, description="Green channel: elderly, disabled, urgent")
    appointment_code: str | None = Field(
        default=None,
        pattern=APPOINTMENT_CODE,
        description="Check in this appointment instead: the ticket is issued for the appointment (category ignored)",
    )


class TicketOut(BaseModel):
    id: uuid.UUID
    number: str
    category: str
    status: str
    waiting_ahead: int
    eta_minutes: int
    issued_at: datetime
    window: int | None = None
    qr: str = Field(
        description="For the ticket's QR code: in the answer that issues it, /q/{signed code} (the credential to "
        "rate it, printed once); in any later answer, /q/{id}, the status page only"
    )


class Transfer(Body):
    to_category: str | None = Field(default=None, pattern=r"^[A-Z]$")
    to_window: int | None = Field(default=None, ge=1, le=999)


class Pin(Body):
    pinned: bool = True


class Pause(Body):
    paused: bool = True


class WindowOut(BaseModel):
    number: int
    name: str
    categories: list[str]
    paused: bool
    serving: str | None


class CategoryOut(BaseModel):
    prefix: str
    name_zh: str
    name_en: str
    open: bool
    waiting: int
    hours_zh: str = Field(default="", description="When numbers are given, e.g. 周一至周五 09:00-12:00 or 24小时")
    hours_en: str = ""
    always_open: bool = Field(default=False, description="Gives numbers around the clock (self-service)")
    opens_at: datetime | None = Field(
        default=None, description="When a closed category next gives numbers (the hall's time zone); null when open"
    )
    area_zh: str = Field(default="", description='Where its numbers wait, e.g. 一楼A区; "" when the hall does not say')
    area_en: str = ""


class CallOut(BaseModel):
    number: str
    window: int
    recalls: int = 0
    category: str = ""


class QueueOut(BaseModel):
    service_day: str
    categories: list[CategoryOut]
    windows: list[WindowOut]
    calls: list[CallOut] = Field(
        default_factory=list,
        description="The latest calls of the service day, newest first, one per number: what a display that has "
        "just (re)loaded shows as its current call and its recent calls",
    )


class WindowAction(BaseModel):
    window: int
    ticket: TicketOut | None
    paused: bool | None = None


class DisplayInfo(BaseModel):
    hall: str
    notice: str
    timezone: str = Field(default="Asia/Shanghai", description="The hall's time zone: every clock on a display shows")
    now: datetime | None = Field(default=None, description="The hall server's time, to set a display's clock by")
