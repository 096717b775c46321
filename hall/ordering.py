"""The calling order of docs/domain.md §2 as SQL: to sort the waiting queue, and to count who is ahead of a ticket."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BindParameter, ColumnElement, and_, bindparam, or_

from hall.models import Ticket

# docs/domain.md §2, the calling order: green channel, pinned, transferred, appointment, then arrival time.
PRIORITY = (Ticket.green, Ticket.pinned, Ticket.transferred, Ticket.appointment)
CALLING_ORDER = (*(column.desc() for column in PRIORITY), Ticket.issued_at, Ticket.seq)
# The bound parameters of AHEAD: the priorities, issue time and sequence of the ticket whose place is counted.
AHEAD_PARAMETERS = ("green", "pinned", "transferred", "appointment", "issued_at", "seq")


def _ahead_clause() -> ColumnElement[bool]:
    """Tickets that the calling order puts before a ticket given as bound parameters (``AHEAD_PARAMETERS``):
    at some priority level the earlier levels equal and this one higher (True outranks False), or every priority
    equal and issued earlier (the sequence breaking a tie). Same day and category are the caller's filter.

    Built once with bound parameters, so SQLAlchemy compiles it once rather than per ticket."""
    values: list[BindParameter[bool]] = [bindparam(name) for name in AHEAD_PARAMETERS[:4]]
    levels = [
        and_(*(c == v for c, v in zip(PRIORITY[:level], values[:level], strict=True)), PRIORITY[level] > values[level])
        for level in range(len(PRIORITY))
    ]
    same = and_(*(c == v for c, v in zip(PRIORITY, values, strict=True)))
    issued_at: BindParameter[datetime] = bindparam("issued_at")
    seq: BindParameter[int] = bindparam("seq")
    earlier = or_(Ticket.issued_at < issued_at, and_(Ticket.issued_at == issued_at, Ticket.seq < seq))
    return or_(*levels, and_(same, earlier))


AHEAD = _ahead_clause()


def ahead_parameters(ticket: Ticket) -> dict[str, object]:
    """The values of ``AHEAD``'s bound parameters for ``ticket``."""
    return {name: getattr(ticket, name) for name in AHEAD_PARAMETERS}
