"""Rating bodies of the hall API: a 好差评 rating as kiosks, pads and the QR page send it, its follow-up."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import BaseModel, Field

from common.hallapi.base import Body, MultiLineText, Text
from common.hallapi.base import plain_text as multi_line_text


def plain_text(value: str) -> str:
    """The rule of a comment, for the rating page's form: new lines and tabs, no other control character."""
    return multi_line_text(value)


Level = Annotated[int, Field(strict=True, ge=1, le=5)]  # "5" is a client bug, not a rating


class Indicators(Body):
    """The fixed on-site indicators besides overall satisfaction, each 1 to 5."""

    efficiency: Level | None = None
    level: Level | None = Field(default=None, description="Service level (服务水平)")
    attitude: Level | None = None


class RatingIn(Body):
    ticket_id: uuid.UUID | None = None
    ticket_code: str | None = Field(
        default=None,
        pattern=r"^[0-9]{1,6}\.[A-Za-z0-9_-]{1,100}$",
        description="The signed code from the ticket's QR code (/q/{code}), instead of ticket_id: a kiosk must give it",
    )
    filing_id: str | None = Field(default=None, pattern=r"^[A-Za-z0-9-]{1,40}$", description="Filing number")
    level: Level = Field(description="5 非常满意, 4 满意, 3 基本满意, 2 不满意, 1 非常不满意")
    reasons: list[Annotated[Text, Field(min_length=1, max_length=40)]] = Field(
        default_factory=list, max_length=30, description="Required for levels 1 and 2, from the configured list"
    )
    indicators: Indicators | None = None
    channel: Literal["pad", "kiosk", "qr"]
    window: int | None = Field(default=None, strict=True, ge=1, le=999)
    staff: str | None = Field(default=None, pattern=r"^[A-Za-z0-9_-]{1,32}$", description="Staff number")
    stage: Literal["acceptance", "completion"] = "completion"
    comment: Annotated[MultiLineText, Field(max_length=200)] | None = None
    item_code: str | None = Field(default=None, pattern=r"^[A-Za-z0-9-]{1,64}$", description="Service item code")


class ReasonText(BaseModel):
    text: str = Field(description="The reason as a rating records it (Chinese)")
    text_en: str = Field(default="", description='Its English for citizens using English; "" when none is given')


class ReasonsOut(BaseModel):
    reasons: list[str]
    for_citizens: list[str]
    choices: list[ReasonText] = Field(
        default_factory=list, description="for_citizens, each with its English (older halls leave this out)"
    )


class RatedTicketOut(BaseModel):
    """What a rating is about: the ticket a signed code names, where and by whom it was served."""

    number: str
    category: str
    category_name_zh: str
    category_name_en: str
    window: int | None = Field(description="The window that served it; None before it is called")
    window_name: str = ""
    window_name_en: str = ""
    staff: str = Field(default="", description="Who serves at that window, as the hall's config names them")
    served: bool = Field(description="Called to a window and served there: it can be rated")
    rated: bool = Field(description="Already rated (一次一评)")


class FollowUpRef(BaseModel):
    id: uuid.UUID
    due_date: date


class RatingOut(BaseModel):
    id: uuid.UUID
    ticket_id: uuid.UUID | None
    filing_id: str | None
    stage: str
    level: int
    level_name: str
    reasons: list[str]
    indicators: Indicators
    channel: str
    window: int | None
    staff: str | None
    item_code: str | None
    comment: str | None
    created_at: datetime
    follow_up: FollowUpRef | None


class FollowUpOut(BaseModel):
    id: uuid.UUID
    status: str
    opened_at: datetime
    due_date: date
    overdue: bool
    closed_at: datetime | None
    note: str | None
    rating: RatingOut


class FollowUpList(BaseModel):
    follow_ups: list[FollowUpOut]


class CloseFollowUp(Body):
    note: Annotated[MultiLineText, Field(min_length=1, max_length=500)] = Field(
        description="What the follow-up call found and what was fixed (回访/整改)"
    )
