"""The public ticket page a ticket's QR code opens (``/q/{code}``), at a phone's width: the hall, the ticket's
number and category, the number now being called, the people ahead and the wait, "your turn: window 3" once
called, and how it ended. It updates by itself (hall/ticket_assets/ticket.js; a ``<noscript>`` refresh without
JavaScript). Once served and not yet rated, a link to rate it carries the same signed code. Viewing signs nothing.

Giving up the place (放弃排队): ``GET /q/{code}/give-up`` asks to confirm (and changes nothing: link previews and
prefetches are harmless); ``POST /q/{code}/give-up`` cancels the waiting ticket the code names, records it in the
audit log, and sends the browser back to the ticket's page. The signed code is the one credential: it is in the
path the form posts to, the page sets no cookie, and no other site can frame the page (docs/security.md, "Giving
up a place").

A bare ticket id (the QR code of tickets printed before codes were signed, or an id read from the event stream)
still shows the ticket's number and state, which the hall's display shows anyway, but never leads to rating or
giving up: both take the code printed on the ticket."""

from __future__ import annotations

import uuid
from datetime import date

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from common.queue_words import TAKE_A_NEW_NUMBER, give_up_refused
from devices.words import Words
from hall.audit import AuditLog
from hall.calendar import service_day
from hall.models import Ticket, TicketStatus
from hall.queue import QueueError
from hall.rate_limits import client_address
from hall.rating_page import RatingPage
from hall.ticket_view import State, TicketView, confirm_page, message_page, policy, ticket_page
from hall.web import HallContext

MAX_CODE = 120
NOT_FOUND = Words("没有这张号", "No such ticket")
SCAN = Words("请扫描号票上的二维码", "Please scan the QR code on your ticket")
CITIZEN = "citizen"  # the audit log's role for what the holder of a ticket's code did


def add_ticket_page_route(app: FastAPI, hall: HallContext) -> None:
    queue = hall.queue
    rating = RatingPage(hall)
    audit = AuditLog(hall.sessions, clock=queue.clock)
    named = queue.config.hall
    name, hotline = Words(named.name, named.name_en or named.name), named.help_hotline

    def html(page: str, status: int = 200) -> HTMLResponse:
        headers = {"Cache-Control": "no-store", "Content-Security-Policy": policy()}
        return HTMLResponse(page, status_code=status, headers=headers)

    def not_found() -> HTMLResponse:
        return html(message_page(name, hotline, NOT_FOUND, [SCAN], None), 404)

    def signed(code: str) -> Ticket | None:
        ticket_id = hall.codes.ticket_of(code) if len(code) <= MAX_CODE else None
        return queue.ticket(ticket_id) if ticket_id is not None else None

    def view_of(ticket: Ticket, code: str | None) -> TicketView:
        now = queue.clock()
        today = service_day(now, queue.zone)
        category = queue.categories.get(ticket.category)
        ahead, eta = queue.position(ticket.id) if ticket.status == TicketStatus.WAITING else (0, 0)
        calling = queue.now_calling(ticket.category, ticket.service_day)
        return TicketView(
            hall=name,
            hotline=hotline,
            number=ticket.number,
            category=Words(category.name_zh, category.name_en) if category else Words(ticket.category, ticket.category),
            state=_state(ticket, today),
            updated=now.astimezone(queue.zone),
            ahead=ahead,
            eta=eta,
            calling=calling[0] if calling else None,
            window=ticket.window,
            recalls=ticket.recalls,
            day=ticket.service_day,
            code=code,
            rate=code is not None and rating.may_rate(ticket),
        )

    @app.get("/q/{code}", response_class=HTMLResponse, include_in_schema=False)
    def show(code: str) -> HTMLResponse:
        ticket = signed(code)
        is_signed = ticket is not None
        if ticket is None and (bare := _bare_id(code)) is not None:
            ticket = queue.ticket(bare)
        if ticket is None:
            return not_found()
        return html(ticket_page(view_of(ticket, code if is_signed else None)))

    @app.get("/q/{code}/give-up", response_class=HTMLResponse, include_in_schema=False)
    def confirm(code: str) -> HTMLResponse:
        ticket = signed(code)
        if ticket is None:
            return not_found()
        if _state(ticket, service_day(queue.clock(), queue.zone)) is not State.WAITING:
            return refused(ticket, code)
        return html(confirm_page(name, hotline, ticket.number, code))

    def refused(ticket: Ticket, code: str) -> HTMLResponse:
        words = _why_not(ticket, service_day(queue.clock(), queue.zone))
        title = Words("不能放弃排队", "Your place cannot be given up")
        return html(message_page(name, hotline, title, [words], f"/q/{code}"), 409)

    def give_up(code: str, address: str) -> Response:
        ticket = signed(code)
        if ticket is None:
            return not_found()  # no one to name: not recorded (the public pages' rate limit holds guessers back)
        entry = {"actor": f"ticket {ticket.number}", "role": CITIZEN, "action": "ticket.give_up"}
        entry |= {"target": f"ticket_id={ticket.id}", "address": address}
        try:
            queue.give_up(ticket.id)
        except QueueError as error:
            now = queue.ticket(ticket.id) or ticket  # as it is now: it may have been called a moment ago
            audit.record(**entry, detail={"status": now.status, "refused": error.code}, outcome=409)
            return refused(now, code)
        audit.record(**entry, detail={"number": ticket.number, "category": ticket.category}, outcome=303)
        return RedirectResponse(f"/q/{code}", status_code=303, headers={"Cache-Control": "no-store"})

    @app.post("/q/{code}/give-up", response_class=HTMLResponse, include_in_schema=False)
    async def give_up_post(code: str, request: Request) -> Response:
        # The form has no fields: the code in the path is the credential. The database work is blocking.
        return await run_in_threadpool(give_up, code, client_address(request.scope))


def _state(ticket: Ticket, today: date) -> State:
    status = TicketStatus(ticket.status)
    if status is TicketStatus.CANCELLED:
        return State.CANCELLED
    if status is TicketStatus.COMPLETED:
        return State.SERVED
    if status is TicketStatus.CALLED:
        return State.TURN
    if ticket.called_at is None and (status is TicketStatus.MISSED or ticket.service_day != today):
        return State.EXPIRED  # never called, and its day is over
    return State.MISSED if status is TicketStatus.MISSED else State.WAITING


def _why_not(ticket: Ticket, today: date) -> Words:
    """Why a ticket cannot be given up, when it is no longer waiting (the engine words the same refusals)."""
    if _state(ticket, today) is State.EXPIRED:
        expired = Words(f"{ticket.number}已过期", f"{ticket.number} has expired")
        return Words(f"{expired.zh}。{TAKE_A_NEW_NUMBER.zh}。", f"{expired.en}. {TAKE_A_NEW_NUMBER.en}.")
    return give_up_refused(ticket.status, ticket.number, ticket.window).words()


def _bare_id(text: str) -> uuid.UUID | None:
    """A ticket id in its one printed spelling (lower case, hyphens), as old tickets' QR codes hold it."""
    try:
        found = uuid.UUID(text)
    except ValueError:
        return None
    return found if str(found) == text else None
