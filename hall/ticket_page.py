"""The public ticket page a ticket's QR code opens (``/q/{code}``): where the ticket stands and, once it has been
served and not yet rated, a link to rate it that carries the same signed code. Viewing it signs nothing.

A bare ticket id (the QR code of tickets printed before codes were signed, or an id read from the event stream)
still shows the ticket's number and state, which the hall's display shows anyway, but never leads to rating:
rating takes the code printed on the ticket (docs/security.md, "Ratings only by the person served")."""

from __future__ import annotations

import html
import uuid

from fastapi import FastAPI
from fastapi.responses import HTMLResponse

from hall.models import Ticket, TicketStatus
from hall.rating_page import RatingPage
from hall.web import HallContext

MAX_CODE = 120
NOT_FOUND = ("没有这张号，请扫描号票上的二维码", "No such ticket; please scan the QR code on your ticket")


def add_ticket_page_route(app: FastAPI, hall: HallContext) -> None:
    queue = hall.queue
    rating = RatingPage(hall)

    @app.get("/q/{code}", response_class=HTMLResponse, include_in_schema=False)
    def ticket_page(code: str) -> HTMLResponse:
        ticket_id = hall.codes.ticket_of(code) if len(code) <= MAX_CODE else None
        signed = ticket_id is not None
        if ticket_id is None:
            ticket_id = _bare_id(code)
        ticket = queue.ticket(ticket_id) if ticket_id is not None else None
        if ticket is None:
            return HTMLResponse(_page(*NOT_FOUND, ""), status_code=404, headers={"Cache-Control": "no-store"})
        # Once the ticket has been served, its own code leads on to rating the service (一次一评).
        rate = f"/r/{code}" if signed and rating.may_rate(ticket) else None
        page = _page(ticket.number, queue.categories[ticket.category].name_zh, _state(hall, ticket), rate)
        return HTMLResponse(page, headers={"Cache-Control": "no-store"})


def _bare_id(text: str) -> uuid.UUID | None:
    """A ticket id in its one printed spelling (lower case, hyphens), as old tickets' QR codes hold it."""
    try:
        found = uuid.UUID(text)
    except ValueError:
        return None
    return found if str(found) == text else None


def _state(hall: HallContext, ticket: Ticket) -> str:
    ahead, eta = hall.queue.position(ticket.id)
    return {
        TicketStatus.WAITING: f"前面还有 {ahead} 人，预计约 {eta} 分钟 / {ahead} ahead, about {eta} min",
        TicketStatus.CALLED: f"请到{ticket.window}号窗口 / please go to window {ticket.window}",
        TicketStatus.COMPLETED: "已办理 / served",
        TicketStatus.MISSED: "已过号，请重新取号 / missed, please take a new number",
    }[TicketStatus(ticket.status)]


def _page(title: str, subtitle: str, state: str, rate_url: str | None = None) -> str:
    title, subtitle, state = html.escape(title), html.escape(subtitle), html.escape(state)
    rate = f'<p><a href="{html.escape(rate_url)}">评价本次服务 / rate this service</a></p>' if rate_url else ""
    return f"""<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>{title}</title>
<style>body{{font-family:sans-serif;text-align:center;margin:2em 1em}}h1{{font-size:3.5em;margin:.2em}}
p{{font-size:1.3em}}</style></head><body><p>{subtitle}</p><h1>{title}</h1><p>{state}</p>{rate}</body></html>"""
