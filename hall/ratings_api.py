"""Rating routes of the hall API: post a 好差评 rating; list and close the follow-ups of bad ratings."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import FastAPI, Path, Request
from fastapi.responses import JSONResponse

from common.hallapi.ratings import (
    CloseFollowUp,
    FollowUpList,
    FollowUpOut,
    FollowUpRef,
    Indicators,
    RatedTicketOut,
    RatingIn,
    RatingOut,
    ReasonsOut,
    ReasonText,
)
from common.settings.models import NOT_STATED
from hall.ratings import LEVEL_NAMES, FollowUp, NewRating, Rating, RatingBook, RatingError, Stage, was_served
from hall.tokens import Role
from hall.web import ERRORS, HallContext, bearer

TicketCode = Annotated[
    str, Path(pattern=r"^[0-9]{1,6}\.[A-Za-z0-9_-]{16,100}$", description="The ticket's signed code")
]
STATUS_OF = {
    "unknown_ticket": 404,
    "unknown_follow_up": 404,
    "not_served": 409,
    "already_rated": 409,
    "link_used": 409,
    "already_closed": 409,
    "ticket_code_required": 403,
}


def rating_out(rating: Rating, follow_up: FollowUp | None) -> RatingOut:
    return RatingOut(
        id=rating.id,
        ticket_id=rating.ticket_id,
        filing_id=rating.filing_id,
        stage=rating.stage,
        level=rating.level,
        level_name=LEVEL_NAMES[rating.level],
        reasons=list(rating.reasons),
        indicators=Indicators(efficiency=rating.efficiency, level=rating.service_level, attitude=rating.attitude),
        channel=rating.channel,
        window=rating.window,
        staff=rating.staff,
        item_code=rating.item_code,
        comment=rating.comment,
        created_at=rating.created_at,
        follow_up=FollowUpRef(id=follow_up.id, due_date=follow_up.due_date) if follow_up else None,
    )


def add_rating_routes(app: FastAPI, hall: HallContext) -> None:
    book = RatingBook(hall.queue, hall.queue.config.ratings)
    raters = bearer(hall.sessions, Role.KIOSK, Role.PADS, Role.STAFF, Role.SUPERVISOR)
    supervisor = bearer(hall.sessions, Role.SUPERVISOR)
    raters_and_readers = bearer(hall.sessions, Role.KIOSK, Role.PADS, Role.STAFF, Role.SUPERVISOR)  # not display

    @app.exception_handler(RatingError)
    async def rating_error(_request: Request, error: RatingError) -> JSONResponse:
        return JSONResponse({"error": error.code, "message": error.message}, status_code=STATUS_OF.get(error.code, 422))

    @app.get("/api/v1/ratings/reasons", responses=ERRORS)
    def reasons(_role: Role = raters_and_readers) -> ReasonsOut:
        """The fixed list a bad rating's reasons come from; ``for_citizens`` leaves out the pads' 未说明."""
        ratings = hall.queue.config.ratings
        configured = list(ratings.bad_rating_reasons)
        for_citizens = [r for r in configured if r != NOT_STATED]
        return ReasonsOut(
            reasons=configured,
            for_citizens=for_citizens,
            choices=[ReasonText(text=r, text_en=ratings.reason_en(r)) for r in for_citizens],
        )

    @app.get("/api/v1/ratings/ticket/{code}", response_model=RatedTicketOut, responses=ERRORS)
    def rated_ticket(code: TicketCode, _role: Role = raters_and_readers) -> RatedTicketOut:
        """What a kiosk's rating screen names before the citizen rates: the ticket the signed code from its QR
        names, its category, the window that served it and who works there, and whether it can still be rated.
        Only the code's holder has it, and the ticket page /q/{code} shows them the same."""
        ticket_id = hall.codes.ticket_of(code)
        ticket = hall.queue.ticket(ticket_id) if ticket_id is not None else None
        if ticket_id is None or ticket is None:
            raise RatingError("unknown_ticket", "没有这张号 / no such ticket")
        config = hall.queue.config
        category = next((c for c in config.categories if c.prefix == ticket.category), None)
        window = next((w for w in config.windows if w.number == ticket.window), None)
        return RatedTicketOut(
            number=ticket.number,
            category=ticket.category,
            category_name_zh=category.name_zh if category else ticket.category,
            category_name_en=category.name_en if category else ticket.category,
            window=ticket.window,
            window_name=window.name if window else "",
            window_name_en=(window.name_en or f"Window {window.number}") if window else "",
            staff=window.staff if window else "",
            served=was_served(ticket),
            rated=book.already_rated(ticket_id, None, Stage.COMPLETION),
        )

    @app.post("/api/v1/ratings", status_code=201, response_model=RatingOut, responses=ERRORS)
    def rate(body: RatingIn, role: Role = raters) -> RatingOut:
        indicators = body.indicators or Indicators()
        rated = book.rate(
            NewRating(
                level=body.level,
                channel=body.channel,
                ticket_id=ticket_rated(body, role),
                filing_id=body.filing_id,
                stage=body.stage,
                reasons=tuple(body.reasons),
                efficiency=indicators.efficiency,
                service_level=indicators.level,
                attitude=indicators.attitude,
                window=body.window,
                staff=body.staff,
                item_code=body.item_code,
                comment=body.comment,
            )
        )
        return rating_out(rated.rating, rated.follow_up)

    def ticket_rated(body: RatingIn, role: Role) -> uuid.UUID | None:
        """The ticket a rating is for: a kiosk names it by the signed code it scanned from the ticket (the person
        served holds it), the window's pads and staff by its id."""
        if body.ticket_code is None:
            if role == Role.KIOSK and body.ticket_id is not None and body.filing_id is None:
                raise RatingError(
                    "ticket_code_required",
                    "请扫描号票上的二维码评价 / a kiosk rates a ticket by the code on it (ticket_code), not by its id",
                )
            return body.ticket_id
        if body.ticket_id is not None:
            raise RatingError("bad_subject", "请只给出号票码或号票之一 / give ticket_code or ticket_id, not both")
        ticket_id = hall.codes.ticket_of(body.ticket_code)
        if ticket_id is None:
            raise RatingError("unknown_ticket", "没有这张号 / no such ticket")
        return ticket_id

    @app.get("/api/v1/follow-ups", response_model=FollowUpList, responses=ERRORS)
    def open_follow_ups(_role: Role = supervisor) -> FollowUpList:
        return FollowUpList(follow_ups=[follow_up_out(book, f, r) for f, r in book.open_follow_ups()])

    @app.post("/api/v1/follow-ups/{follow_up_id}/close", response_model=FollowUpOut, responses=ERRORS)
    def close_follow_up(follow_up_id: uuid.UUID, body: CloseFollowUp, _role: Role = supervisor) -> FollowUpOut:
        follow_up, rating = book.close_follow_up(follow_up_id, body.note)
        return follow_up_out(book, follow_up, rating)


def follow_up_out(book: RatingBook, follow_up: FollowUp, rating: Rating) -> FollowUpOut:
    return FollowUpOut(
        id=follow_up.id,
        status=follow_up.status,
        opened_at=follow_up.opened_at,
        due_date=follow_up.due_date,
        overdue=book.is_overdue(follow_up),
        closed_at=follow_up.closed_at,
        note=follow_up.note,
        rating=rating_out(rating, follow_up),
    )
