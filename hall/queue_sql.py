"""The queue engine's statements, built once per database dialect with bound parameters.

Taking a number or calling one runs a handful of these per request. Building them anew each time (and letting
SQLAlchemy derive a cache key from the new expression tree) cost more CPU than the database spent running them;
a statement object built once keeps its cache key and its compiled form, so a call only binds values.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, Insert, Select, Update, bindparam, case, func, insert, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite

from hall.models import HallEvent, NumberCounter, Ticket, TicketStatus, WindowState
from hall.ordering import AHEAD, CALLING_ORDER

TICKET = Ticket.__table__
WAITING, CALLED = TicketStatus.WAITING.value, TicketStatus.CALLED.value
RECENT_SERVICES = 20  # completed services the estimate learns from


def _waiting_in() -> list[ColumnElement[bool]]:
    """Waiting tickets of one category on one service day (bound parameters ``day`` and ``category``)."""
    return [Ticket.service_day == bindparam("day"), Ticket.status == WAITING, Ticket.category == bindparam("category")]


class QueueStatements:
    """Every statement the hot paths run, for one dialect (``postgresql`` or ``sqlite``)."""

    def __init__(self, dialect: str) -> None:
        postgres = dialect == "postgresql"
        upsert = postgresql.insert if postgres else sqlite.insert
        # Numbering: insert 1 or add 1, and return the value, in one atomic statement.
        self.next_seq: Insert = (
            upsert(NumberCounter)
            .values(category=bindparam("category"), service_day=bindparam("day"), value=1)
            .on_conflict_do_update(index_elements=["category", "service_day"], set_={"value": NumberCounter.value + 1})
            .returning(NumberCounter.value)
        )
        self.insert_ticket: Insert = insert(Ticket)
        self.insert_event: Insert = insert(HallEvent)
        # Waiting tickets of a category today, and how many of them the calling order puts before a given ticket.
        self.waiting_and_ahead: Select[int, int] = select(func.count(), func.sum(case((AHEAD, 1), else_=0))).where(
            *_waiting_in()
        )
        self.waiting: Select[int] = select(func.count()).where(*_waiting_in())
        self.waiting_by_category: Select[str, int] = (
            select(Ticket.category, func.count())
            .where(Ticket.service_day == bindparam("day"), Ticket.status == WAITING)
            .group_by(Ticket.category)
        )
        self.waiting_with_id: Select[uuid.UUID, str, date] = select(Ticket.id, Ticket.number, Ticket.service_day).where(
            Ticket.id_hash == bindparam("hashed"), Ticket.category == bindparam("category"), Ticket.status == WAITING
        )
        self.miss: Update = (
            update(Ticket)
            .where(Ticket.id == bindparam("ticket_id"), Ticket.status == WAITING)
            .values(status=TicketStatus.MISSED.value, finished_at=bindparam("now"))
        )
        self.expire_before: Update = (
            update(Ticket)
            .where(Ticket.status == WAITING, Ticket.service_day < bindparam("day"))
            .values(status=TicketStatus.MISSED.value, finished_at=bindparam("now"))
        )
        self.ticket: Select[Any] = select(*TICKET.c).where(Ticket.id == bindparam("ticket_id"))
        # Windows.
        self.paused: Select[bool] = select(WindowState.paused).where(WindowState.number == bindparam("window_number"))
        self.finish_current: Update = (
            update(Ticket)
            .where(Ticket.window == bindparam("window_number"), Ticket.status == CALLED)
            .values(status=bindparam("new_status"), finished_at=bindparam("now"))
            .returning(*TICKET.c)
        )
        self.candidate: Select[uuid.UUID] = (
            select(Ticket.id)
            .where(
                Ticket.service_day == bindparam("day"),
                Ticket.status == WAITING,
                or_(
                    Ticket.target_window == bindparam("window_number"),
                    Ticket.target_window.is_(None) & Ticket.category.in_(bindparam("categories", expanding=True)),
                ),
            )
            .order_by(*CALLING_ORDER)
            .limit(1)
        )
        if postgres:
            self.candidate = self.candidate.with_for_update(skip_locked=True)
        self.claim: Update = (
            update(Ticket)
            .where(Ticket.id == bindparam("ticket_id"), Ticket.status == WAITING)
            .values(status=CALLED, window=bindparam("window_number"), called_at=bindparam("now"))
            .returning(*TICKET.c)
        )
        self.recent_services: Select[datetime | None, datetime | None] = (
            select(Ticket.called_at, Ticket.finished_at)
            .where(
                Ticket.category == bindparam("category"),
                Ticket.status == TicketStatus.COMPLETED.value,
                Ticket.called_at.is_not(None),
                Ticket.finished_at.is_not(None),
            )
            .order_by(Ticket.finished_at.desc())
            .limit(RECENT_SERVICES)
        )
