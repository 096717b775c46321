"""What the queue engine does for the citizen holding a ticket and for the hall's displays: give up a place
(放弃排队), the number now being called in a category, and the latest calls of the day. ``QueueEngine`` takes these
methods from ``CitizenQueue``; they use its sessions, lock and events like its other actions."""

from __future__ import annotations

import uuid
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import TYPE_CHECKING

from sqlalchemy import bindparam, select, update

from common.queue_words import give_up_refused
from hall.calendar import service_day
from hall.models import HallEvent, Ticket, TicketStatus

if TYPE_CHECKING:
    from collections.abc import Callable
    from contextlib import AbstractContextManager
    from zoneinfo import ZoneInfo

    from sqlalchemy import Connection, Engine
    from sqlalchemy.orm import Session, sessionmaker

    from hall.queue_sql import QueueStatements

CALLED_EVENT = "ticket.called"
RECENT_CALL_EVENTS = 60  # call events read to find the latest few distinct calls (recalls repeat a number)

_GIVE_UP = (
    update(Ticket)
    .where(
        Ticket.id == bindparam("ticket_id"),
        Ticket.status == TicketStatus.WAITING.value,
        Ticket.service_day == bindparam("day"),
    )
    .values(status=TicketStatus.CANCELLED.value, finished_at=bindparam("now"))
    .returning(*Ticket.__table__.c)
)
_NOW_CALLING = (
    select(Ticket.number, Ticket.window)
    .where(
        Ticket.service_day == bindparam("day"),
        Ticket.category == bindparam("category"),
        Ticket.called_at.is_not(None),
    )
    .order_by(Ticket.called_at.desc(), Ticket.seq.desc())
    .limit(1)
)


@dataclass(frozen=True)
class Call:
    """One call of a number to a window, as a display shows it."""

    number: str
    window: int
    recalls: int
    category: str


class CitizenQueue:
    if TYPE_CHECKING:  # the engine's own, set by QueueEngine.__init__
        clock: Callable[[], datetime]
        zone: ZoneInfo
        engine: Engine
        reader: Engine
        readers: sessionmaker[Session]
        _serial: AbstractContextManager[object]
        _sql: QueueStatements

        def _publish(self, connection: Connection, kind: str, ticket: Ticket, now: datetime) -> None: ...

    def give_up(self, ticket_id: uuid.UUID) -> Ticket:
        """The citizen gives up a waiting ticket's place (放弃排队): it is cancelled, the people behind move up, and
        a ``ticket.cancelled`` event tells displays and staff. Refused (``not_waiting``, in words) once the ticket
        has been called, served, missed, cancelled, or belongs to an earlier day; None-safe for unknown ids."""
        from hall.queue import QueueError  # noqa: PLC0415  (hall.queue imports this module)

        now = self.clock()
        day = service_day(now, self.zone)
        with self._serial, self.engine.begin() as connection:
            row = connection.execute(_GIVE_UP, {"ticket_id": ticket_id, "day": day, "now": now}).first()
            if row is not None:
                ticket = Ticket(**row._mapping)
                self._publish(connection, "ticket.cancelled", ticket, now)
                return ticket
            held = connection.execute(self._sql.ticket, {"ticket_id": ticket_id}).first()
        if held is None:
            raise QueueError("not_found", "没有这张号 / no such ticket")
        refusal = give_up_refused(held.status, held.number, held.window)
        raise QueueError(refusal.code, str(refusal.words()))

    def now_calling(self, category: str, day: date | None = None) -> tuple[str, int | None] | None:
        """The number most recently called in ``category`` on the service day (today unless given), and its window:
        what a waiting citizen compares their own number with. None before the first call."""
        day = day if day is not None else service_day(self.clock(), self.zone)
        with self.reader.connect() as connection:
            row = connection.execute(_NOW_CALLING, {"day": day, "category": category}).first()
        return None if row is None else (str(row.number), row.window)

    def latest_calls(self, limit: int = 6, serving: Collection[str] = ()) -> list[Call]:
        """The latest calls, newest first, one per number (a recall counts as the latest call of its number): those
        of the service day, and those of the numbers still ``serving`` at a window (a call from before midnight
        that a 24-hour category is still serving). What a display that has just (re)loaded shows in its big box
        and its list of calls, consistent with its list of windows."""
        start = datetime.combine(service_day(self.clock(), self.zone), time(0), self.zone)
        query = (
            select(HallEvent.payload, HallEvent.created_at)
            .where(HallEvent.kind == CALLED_EVENT)
            .order_by(HallEvent.id.desc())
            .limit(RECENT_CALL_EVENTS)
        )
        calls: dict[str, Call] = {}
        with self.readers() as session:
            for payload, created_at in session.execute(query):
                number, window = payload.get("number"), payload.get("window")
                if not isinstance(number, str) or not isinstance(window, int) or number in calls:
                    continue
                if created_at < start and number not in serving:
                    continue
                recalls, category = payload.get("recalls"), payload.get("category")
                calls[number] = Call(
                    number,
                    window,
                    recalls if isinstance(recalls, int) else 0,
                    category if isinstance(category, str) else "",
                )
                if len(calls) == limit:
                    break
        return list(calls.values())
