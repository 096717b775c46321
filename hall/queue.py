"""The queue engine: numbering, priorities, calling, waiting counts and estimates. Plain Python, no web code."""

from __future__ import annotations

import math
import threading
import uuid
from collections.abc import Callable, Iterable
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Connection, Engine, Row, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from common.refusals import category_closed, daily_cap_reached
from common.settings.hours import describe_hours
from common.settings.models import CategorySection, HallConfig, WindowSection
from hall.calendar import is_open
from hall.database import read_only
from hall.estimate import ServiceTimes
from hall.idhash import id_hash
from hall.models import HallEvent, Ticket, TicketStatus, WindowState
from hall.ordering import ahead_parameters
from hall.queue_citizen import CitizenQueue
from hall.queue_sql import RECENT_SERVICES, QueueStatements
from hall.service_days import ServiceDays

Clock = Callable[[], datetime]


class QueueError(Exception):
    """A request the queue refuses; ``code`` is stable for the API, the message is for people."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True)
class IssuedTicket:
    ticket: Ticket
    waiting_ahead: int
    eta_minutes: int


def _utc_now() -> datetime:
    return datetime.now(UTC)


class QueueEngine(CitizenQueue):
    def __init__(
        self, sessions: sessionmaker[Session], config: HallConfig, *, id_key: bytes, clock: Clock = _utc_now
    ) -> None:
        self.sessions = sessions
        self.config = config
        self.zone = ZoneInfo(config.hall.timezone)
        self.categories = {c.prefix: c for c in config.categories}
        self.windows = {w.number: w for w in config.windows}
        self.id_key = id_key
        self.clock = clock
        self.engine: Engine = sessions.kw["bind"]
        self.dialect: str = self.engine.dialect.name
        # Reads that change nothing: on SQLite they start a plain (deferred) transaction and never wait for the
        # write lock that taking and calling numbers hold.
        self.reader = read_only(self.engine)
        self.readers: sessionmaker[Session] = sessionmaker(self.reader, expire_on_commit=False)
        self._sql = QueueStatements(self.dialect)
        # SQLite has one write lock per database. Threads of this process that wait for it in SQLite's busy handler
        # sleep in growing steps (up to 100 ms) and can lose it to newer arrivals again and again; queueing them on
        # a lock of the process first hands the write lock on as soon as it is free. PostgreSQL locks rows.
        self._serial: AbstractContextManager[object] = threading.Lock() if self.dialect == "sqlite" else nullcontext()
        self._serving = {p: sum(p in w.categories for w in self.windows.values()) for p in self.categories}
        self._swept_day: date | None = None  # the service day whose leftovers from earlier days were made missed
        self._days = ServiceDays(self.zone)  # held when the clock steps back across midnight
        self._times = ServiceTimes(
            self.reader,
            self._sql.recent_services,
            RECENT_SERVICES,
            lambda category: float(self.categories[category].service_minutes),
        )

    # -- taking a number --------------------------------------------------------------------------------------
    def take_number(
        self,
        category: str,
        channel: str,
        *,
        id_number: str | None = None,
        green: bool = False,
        appointment: bool = False,
    ) -> IssuedTicket:
        section = self._category(category)
        now = self.clock()
        if not is_open(section, now, self.zone):
            refusal = category_closed(section.name_zh, section.name_en, *describe_hours(section))
            raise QueueError(refusal.code, str(refusal.words()))
        day = self._days.of(now)
        hashed = id_hash(id_number, self.id_key) if id_number else None
        sql = self._sql
        try:
            with self._serial, self.engine.begin() as connection:
                swept = self._sweep(connection, day, now)
                if hashed:
                    self._refuse_duplicate(connection, hashed, category, day, now)
                seq = int(connection.execute(sql.next_seq, {"category": category, "day": day}).scalar_one())
                if seq > section.daily_cap:
                    refusal = daily_cap_reached(section.name_zh, section.name_en)
                    raise QueueError(refusal.code, str(refusal.words()))
                values: dict[str, Any] = {
                    "id": uuid.uuid4(),
                    "number": f"{category}{seq:03d}",
                    "category": category,
                    "issued_category": category,
                    "service_day": day,
                    "seq": seq,
                    "status": TicketStatus.WAITING.value,
                    "channel": channel,
                    "green": green,
                    "pinned": False,
                    "transferred": False,
                    "appointment": appointment,
                    "target_window": None,
                    "id_hash": hashed,
                    "issued_at": now,
                    "called_at": None,
                    "finished_at": None,
                    "window": None,
                    "recalls": 0,
                }
                connection.execute(sql.insert_ticket, values)
                ticket = Ticket(**values)
                place = {"day": day, "category": category, **ahead_parameters(ticket)}
                waiting, ahead = connection.execute(sql.waiting_and_ahead, place).one()
                self._publish(connection, "ticket.issued", ticket, now, waiting=int(waiting))
        except IntegrityError:
            # The partial unique index caught a second kiosk taking a number for the same card at the same moment.
            with self.reader.connect() as connection:
                held = connection.execute(sql.waiting_with_id, {"hashed": hashed or "", "category": category}).first()
            if held is not None:
                raise _duplicate() from None
            raise
        self._swept(swept, day)
        ahead = int(ahead or 0)
        return IssuedTicket(ticket, ahead, self._eta_minutes(category, ahead))

    def _category(self, prefix: str) -> CategorySection:
        section = self.categories.get(prefix)
        if section is None:
            raise QueueError("unknown_category", f"没有这个业务类别 / unknown category {prefix!r}")
        return section

    def _refuse_duplicate(self, connection: Connection, hashed: str, category: str, day: date, now: datetime) -> None:
        held = connection.execute(self._sql.waiting_with_id, {"hashed": hashed, "category": category}).first()
        if held is None:
            return
        if held.service_day < day:
            # Left waiting from an earlier day (this process has not swept since): missed, not a reason to refuse.
            connection.execute(self._sql.miss, {"ticket_id": held.id, "now": now})
            return
        raise _duplicate()

    # -- calling ----------------------------------------------------------------------------------------------
    def call_next(self, window: int) -> Ticket | None:
        """Finish what the window was serving and call the next ticket it may serve, or None if nobody waits."""
        served = self._window(window)
        now = self.clock()
        day = self._days.of(now)
        with self._serial, self.engine.begin() as connection:
            swept = self._sweep(connection, day, now)
            if connection.execute(self._sql.paused, {"window_number": window}).scalar():
                raise QueueError("window_paused", f"{window}号窗口已暂停 / window {window} is paused")
            finished = self._finish_current(connection, window, TicketStatus.COMPLETED, now)
            called = self._claim_next(connection, window, served.categories, day, now)
        self._swept(swept, day)
        self._times.served(finished)
        return called

    def _claim_next(
        self, connection: Connection, window: int, categories: Iterable[str], day: date, now: datetime
    ) -> Ticket | None:
        """Claim the first eligible ticket with a conditional update; on PostgreSQL the candidate is locked
        (``SKIP LOCKED``), so two windows in two processes pass each other instead of waiting or colliding."""
        eligible = {"day": day, "window_number": window, "categories": list(categories)}
        for _attempt in range(10):
            candidate = connection.execute(self._sql.candidate, eligible).scalar()
            if candidate is None:
                return None
            claim = {"ticket_id": candidate, "window_number": window, "now": now}
            row = connection.execute(self._sql.claim, claim).first()
            if row is not None:
                called = _ticket(row)
                self._publish(connection, "ticket.called", called, now)
                return called
        raise QueueError("busy", "叫号繁忙，请重试 / the queue is busy, please try again")

    def recall(self, window: int) -> Ticket | None:
        with self._serial, self.sessions.begin() as session:
            ticket = self._current(session, window)
            if ticket is not None:
                ticket.recalls += 1
                session.flush()
                self._publish(session.connection(), "ticket.called", ticket, self.clock())
            return ticket

    def no_show(self, window: int) -> Ticket | None:
        with self._serial, self.engine.begin() as connection:
            missed = self._finish_current(connection, window, TicketStatus.MISSED, self.clock())
        return missed[0] if missed else None

    def complete(self, window: int) -> Ticket | None:
        with self._serial, self.engine.begin() as connection:
            completed = self._finish_current(connection, window, TicketStatus.COMPLETED, self.clock())
        self._times.served(completed)
        return completed[0] if completed else None

    def transfer(self, window: int, *, to_category: str | None = None, to_window: int | None = None) -> Ticket | None:
        """Send the ticket being served to another category or window; it waits there ahead of new arrivals."""
        if (to_category is None) == (to_window is None):
            raise QueueError("bad_transfer", "请指定转到的业务类别或窗口之一 / give either a category or a window")
        if to_category is not None:
            self._category(to_category)
        if to_window is not None:
            self._window(to_window)
        with self._serial, self.sessions.begin() as session:
            ticket = self._current(session, window)
            if ticket is None:
                return None
            ticket.status = TicketStatus.WAITING
            ticket.transferred = True
            ticket.window = None
            ticket.called_at = None
            ticket.target_window = to_window
            if to_category is not None:
                ticket.category = to_category
            session.flush()
            self._publish(session.connection(), "ticket.transferred", ticket, self.clock(), from_window=window)
            return ticket

    def pin(self, ticket_id: uuid.UUID, pinned: bool = True) -> Ticket | None:
        """Move a waiting ticket ahead of everything but the green channel (a supervisor's decision)."""
        with self._serial, self.sessions.begin() as session:
            ticket = session.get(Ticket, ticket_id)
            if ticket is None:
                return None
            if ticket.status != TicketStatus.WAITING:
                raise QueueError("not_waiting", f"{ticket.number}已不在等候 / {ticket.number} is no longer waiting")
            ticket.pinned = pinned
            session.flush()
            self._publish(session.connection(), "ticket.pinned", ticket, self.clock())
            return ticket

    def pause(self, window: int, paused: bool) -> bool:
        self._window(window)
        with self._serial, self.sessions.begin() as session:
            state = session.get(WindowState, window) or WindowState(number=window, paused=False)
            if paused and not state.paused:
                state.paused_at = self.clock()  # paused since (electronic supervision warns on a long pause)
            elif not paused:
                state.paused_at = None
            state.paused = paused
            session.add(state)
            event = HallEvent(
                kind="window.paused", payload={"window": window, "paused": paused}, created_at=self.clock()
            )
            session.add(event)
        return paused

    def _window(self, number: int) -> WindowSection:
        window = self.windows.get(number)
        if window is None:
            raise QueueError("unknown_window", f"没有{number}号窗口 / there is no window {number}")
        return window

    def _current(self, session: Session, window: int) -> Ticket | None:
        return session.scalar(
            select(Ticket).where(Ticket.window == window, Ticket.status == TicketStatus.CALLED).limit(1)
        )

    def _finish_current(self, connection: Connection, window: int, status: TicketStatus, now: datetime) -> list[Ticket]:
        """End the service at ``window`` (completed or missed), if there is one, and say so in an event."""
        finish = {"window_number": window, "new_status": status.value, "now": now}
        finished = [_ticket(row) for row in connection.execute(self._sql.finish_current, finish).all()]
        for ticket in finished:
            self._publish(connection, f"ticket.{status.value}", ticket, now)
        return finished

    def _publish(
        self,
        connection: Connection,
        kind: str,
        ticket: Ticket,
        now: datetime,
        waiting: int | None = None,
        **extra: object,
    ) -> None:
        """Record an event beside the change, with the category's waiting count as it is after the change."""
        if waiting is None:
            count = {"day": ticket.service_day, "category": ticket.category}
            waiting = int(connection.execute(self._sql.waiting, count).scalar_one())
        payload: dict[str, object] = {
            "ticket_id": str(ticket.id),
            "number": ticket.number,
            "category": ticket.category,
            "window": ticket.window,
            "recalls": ticket.recalls,
            "waiting": waiting,
            **extra,
        }
        connection.execute(self._sql.insert_event, {"kind": kind, "payload": payload, "created_at": now})

    def _sweep(self, connection: Connection, day: date, now: datetime) -> bool:
        """Once per service day and process: tickets still waiting from an earlier day become missed (they are
        never carried over). True when it ran; the caller records it once the transaction has committed."""
        if day == self._swept_day:
            return False
        connection.execute(self._sql.expire_before, {"day": day, "now": now})
        return True

    def _swept(self, swept: bool, day: date) -> None:
        if swept:
            self._swept_day = day

    # -- counts and estimates ---------------------------------------------------------------------------------
    def ticket(self, ticket_id: uuid.UUID) -> Ticket | None:
        with self.reader.connect() as connection:
            row = connection.execute(self._sql.ticket, {"ticket_id": ticket_id}).first()
        return None if row is None else _ticket(row)

    def position(self, ticket_id: uuid.UUID) -> tuple[int, int]:
        """People ahead and estimated minutes for a waiting ticket; (0, 0) once it is called or done."""
        with self.reader.connect() as connection:
            row = connection.execute(self._sql.ticket, {"ticket_id": ticket_id}).first()
            if row is None or row.status != TicketStatus.WAITING:
                return 0, 0
            ticket = _ticket(row)
            place = {"day": ticket.service_day, "category": ticket.category, **ahead_parameters(ticket)}
            _waiting, ahead = connection.execute(self._sql.waiting_and_ahead, place).one()
        return int(ahead or 0), self._eta_minutes(ticket.category, int(ahead or 0))

    def waiting_counts(self) -> dict[str, int]:
        day = self._days.of(self.clock())
        with self.reader.connect() as connection:
            rows = connection.execute(self._sql.waiting_by_category, {"day": day}).all()
        counts = dict.fromkeys(self.categories, 0)
        counts.update({category: int(count) for category, count in rows})
        return counts

    def _eta_minutes(self, category: str, ahead: int) -> int:
        if ahead == 0:
            return 0
        windows = max(1, self._serving.get(category, 0))
        return math.ceil(ahead * self._times.mean_minutes(category) / windows)


def _ticket(row: Row[Any]) -> Ticket:
    """A ticket row as a (detached) ``Ticket``, for the callers and the API."""
    return Ticket(**row._mapping)


def _duplicate() -> QueueError:
    # The same words whatever ticket is held: the refusal tells a caller nothing of it (its number, window or time).
    return QueueError(
        "duplicate_ticket",
        "此证件已在本类业务排队，请勿重复取号；请留意叫号，或到服务台咨询 / this ID card already holds a number "
        "in this queue: please wait to be called, or ask at the help desk",
    )
