"""What every part of the hall API shares: the strict request base, the error body and the health check."""

from __future__ import annotations

import unicodedata
from datetime import UTC, datetime
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict

Channel = Literal["kiosk", "window", "mobile", "staff"]
APPOINTMENT_CODE = r"^[A-Za-z0-9-]{4,32}$"  # the booking system's code, as in the appointment QR


MULTI_LINE = frozenset("\n\r\t")  # normal in a comment, a note or a reason; nowhere else


def _control_characters(value: str, allowed: frozenset[str]) -> str:
    """Text from a request: no control characters (NUL first: PostgreSQL cannot store it) and no lone surrogates
    (not storable as UTF-8)."""
    for c in value:
        if unicodedata.category(c) in {"Cc", "Cs"} and c not in allowed:
            raise ValueError(f"含有控制字符 U+{ord(c):04X} / contains the control character U+{ord(c):04X}")
    return value


def printable(value: str) -> str:
    """``value`` with each control character made a space: what a client does to text it did not type itself (an
    exception's words, a device's firmware string) before it sends it as ``Text``."""
    return "".join(" " if unicodedata.category(c) in {"Cc", "Cs"} else c for c in value)


def one_line(value: str) -> str:
    return _control_characters(value, frozenset())


def plain_text(value: str) -> str:
    return _control_characters(value, MULTI_LINE)


# Every free-text field of every request body is one of these two.
Text = Annotated[str, AfterValidator(one_line)]  # a name, a label, a phone, a device message: one line
MultiLineText = Annotated[str, AfterValidator(plain_text)]  # a comment, a note, a reason: new lines and tabs too
PlainText = MultiLineText


def zoned(value: datetime) -> datetime:
    """A time from a request: with its offset (a time without one means something else on every machine) and
    within the calendar once read as UTC (year 1 at +14:00 is not)."""
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError("时间须带时区，例如 +08:00 / the time must carry a time zone, e.g. +08:00")
    try:
        value.astimezone(UTC)
    except OverflowError:
        raise ValueError("时间超出日历范围 / the time is out of the calendar's range") from None
    return value


# Every time in a request body or query is this.
ZonedDatetime = Annotated[datetime, AfterValidator(zoned)]


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
    instance: str | None = None  # renewed when the hall is restored from a backup (docs/hall.md, "Backups")
