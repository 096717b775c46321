"""The calling order of DOMAIN.md as SQL: to sort the waiting queue, and to count who is ahead of a ticket."""

from __future__ import annotations

from sqlalchemy import ColumnElement, and_, false, or_

from kiosk.hall.models import Ticket

# DOMAIN.md calling order: green channel, pinned, transferred, appointment, then arrival time.
PRIORITY = (Ticket.green, Ticket.pinned, Ticket.transferred, Ticket.appointment)
CALLING_ORDER = (*(column.desc() for column in PRIORITY), Ticket.issued_at, Ticket.seq)


def _ahead_at_level(ticket: Ticket, level: int) -> ColumnElement[bool]:
    """Other tickets ahead of ``ticket`` by the first ``level`` priorities being equal and the next one higher,
    or, at the last level, all priorities equal and issued earlier."""
    values = (ticket.green, ticket.pinned, ticket.transferred, ticket.appointment)
    equal = [column == value for column, value in zip(PRIORITY[:level], values[:level], strict=True)]
    column, value = PRIORITY[level], values[level]
    higher = column.is_(True) if not value else false()  # nothing outranks True at this level
    ahead = and_(*equal, higher) if equal else higher
    if level == len(PRIORITY) - 1:
        same = [c == v for c, v in zip(PRIORITY, values, strict=True)]
        earlier = or_(
            Ticket.issued_at < ticket.issued_at, and_(Ticket.issued_at == ticket.issued_at, Ticket.seq < ticket.seq)
        )
        return or_(ahead, and_(*same, earlier))
    return ahead


def ahead_of_clause(ticket: Ticket) -> ColumnElement[bool]:
    """Tickets that the calling order puts before ``ticket`` (same day and category are the caller's filter)."""
    return or_(*(_ahead_at_level(ticket, level) for level in range(len(PRIORITY))))
