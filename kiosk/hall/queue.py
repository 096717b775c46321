"""The queue engine: numbering, priorities, calling, waiting counts and estimates. Plain Python, no web code."""

from __future__ import annotations

import math
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import and_, func, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from kiosk.hall.calendar import is_open, service_day
from kiosk.hall.idhash import id_hash
from kiosk.hall.models import HallEvent, NumberCounter, Ticket, TicketStatus, WindowState
from kiosk.hall.ordering import CALLING_ORDER, ahead_of_clause
from kiosk.settings.models import CategorySection, HallConfig, WindowSection

Clock = Callable[[], datetime]
RECENT_SERVICES = 20  # completed services the estimate learns from


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


class QueueEngine:
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
        self.dialect: str = sessions.kw["bind"].dialect.name
        self._postgres = self.dialect == "postgresql"

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
            raise QueueError("category_closed", f"{section.name_zh}现在不办理 / {section.name_en} is closed now")
        day = service_day(now, self.zone)
        hashed = id_hash(id_number, self.id_key) if id_number else None
        try:
            with self.sessions.begin() as session:
                self._expire_old_days(session, now)
                if hashed and (held := self._waiting_with_id(session, hashed, category)) is not None:
                    raise _duplicate(held)
                seq = self._next_seq(session, category, day)
                if seq > section.daily_cap:
                    raise QueueError(
                        "daily_cap_reached",
                        f"{section.name_zh}今日号已取完 / no more numbers for {section.name_en} today",
                    )
                ticket = Ticket(
                    id=uuid.uuid4(),
                    number=f"{category}{seq:03d}",
                    category=category,
                    issued_category=category,
                    service_day=day,
                    seq=seq,
                    status=TicketStatus.WAITING,
                    channel=channel,
                    green=green,
                    pinned=False,
                    transferred=False,
                    appointment=appointment,
                    id_hash=hashed,
                    issued_at=now,
                    recalls=0,
                )
                session.add(ticket)
                session.flush()
                self._publish(session, "ticket.issued", ticket, now)
                ahead = self._ahead_of(session, ticket)
                eta = self._eta_minutes(session, category, ahead)
        except IntegrityError:
            # The partial unique index caught a second kiosk taking a number for the same card at the same moment.
            with self.sessions() as session:
                held = self._waiting_with_id(session, hashed or "", category)
            if held is not None:
                raise _duplicate(held) from None
            raise
        return IssuedTicket(ticket, ahead, eta)

    def _category(self, prefix: str) -> CategorySection:
        section = self.categories.get(prefix)
        if section is None:
            raise QueueError("unknown_category", f"没有这个业务类别 / unknown category {prefix!r}")
        return section

    def _waiting_with_id(self, session: Session, hashed: str, category: str) -> Ticket | None:
        return session.scalar(
            select(Ticket).where(
                Ticket.id_hash == hashed, Ticket.category == category, Ticket.status == TicketStatus.WAITING
            )
        )

    def _next_seq(self, session: Session, category: str, day: object) -> int:
        """One atomic statement: insert 1 or add 1, and return the value; safe across processes and servers."""
        dialect = postgresql if self._postgres else sqlite
        statement = (
            dialect.insert(NumberCounter)
            .values(category=category, service_day=day, value=1)
            .on_conflict_do_update(index_elements=["category", "service_day"], set_={"value": NumberCounter.value + 1})
            .returning(NumberCounter.value)
        )
        value = session.execute(statement).scalar_one()
        return int(value)

    # -- calling ----------------------------------------------------------------------------------------------
    def call_next(self, window: int) -> Ticket | None:
        """Finish what the window was serving and call the next ticket it may serve, or None if nobody waits."""
        served = self._window(window)
        now = self.clock()
        with self.sessions.begin() as session:
            self._expire_old_days(session, now)
            state = session.get(WindowState, window)
            if state is not None and state.paused:
                raise QueueError("window_paused", f"{window}号窗口已暂停 / window {window} is paused")
            self._finish_current(session, window, TicketStatus.COMPLETED, now)
            eligible = and_(
                Ticket.service_day == service_day(now, self.zone),
                Ticket.status == TicketStatus.WAITING,
                or_(
                    Ticket.target_window == window,
                    and_(Ticket.target_window.is_(None), Ticket.category.in_(served.categories)),
                ),
            )
            for _attempt in range(10):
                query = select(Ticket.id).where(eligible).order_by(*CALLING_ORDER).limit(1)
                if self._postgres:
                    query = query.with_for_update(skip_locked=True)
                candidate = session.scalar(query)
                if candidate is None:
                    return None
                claimed = session.execute(
                    update(Ticket)
                    .where(Ticket.id == candidate, Ticket.status == TicketStatus.WAITING)
                    .values(status=TicketStatus.CALLED, window=window, called_at=now)
                )
                if claimed.rowcount == 1:  # type: ignore[attr-defined]
                    called = session.get(Ticket, candidate)
                    assert called is not None
                    self._publish(session, "ticket.called", called, now)
                    return called
        raise QueueError("busy", "叫号繁忙，请重试 / the queue is busy, please try again")

    def recall(self, window: int) -> Ticket | None:
        with self.sessions.begin() as session:
            ticket = self._current(session, window)
            if ticket is not None:
                ticket.recalls += 1
                self._publish(session, "ticket.called", ticket, self.clock())
            return ticket

    def no_show(self, window: int) -> Ticket | None:
        with self.sessions.begin() as session:
            return self._finish_current(session, window, TicketStatus.MISSED, self.clock())

    def complete(self, window: int) -> Ticket | None:
        with self.sessions.begin() as session:
            return self._finish_current(session, window, TicketStatus.COMPLETED, self.clock())

    def transfer(self, window: int, *, to_category: str | None = None, to_window: int | None = None) -> Ticket | None:
        """Send the ticket being served to another category or window; it waits there ahead of new arrivals."""
        if (to_category is None) == (to_window is None):
            raise QueueError("bad_transfer", "请指定转到的业务类别或窗口之一 / give either a category or a window")
        if to_category is not None:
            self._category(to_category)
        if to_window is not None:
            self._window(to_window)
        with self.sessions.begin() as session:
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
            self._publish(session, "ticket.transferred", ticket, self.clock(), from_window=window)
            return ticket

    def pin(self, ticket_id: uuid.UUID, pinned: bool = True) -> Ticket | None:
        """Move a waiting ticket ahead of everything but the green channel (a supervisor's decision)."""
        with self.sessions.begin() as session:
            ticket = session.get(Ticket, ticket_id)
            if ticket is None:
                return None
            if ticket.status != TicketStatus.WAITING:
                raise QueueError("not_waiting", f"{ticket.number}已不在等候 / {ticket.number} is no longer waiting")
            ticket.pinned = pinned
            self._publish(session, "ticket.pinned", ticket, self.clock())
            return ticket

    def pause(self, window: int, paused: bool) -> bool:
        self._window(window)
        with self.sessions.begin() as session:
            state = session.get(WindowState, window) or WindowState(number=window, paused=False)
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

    def _finish_current(self, session: Session, window: int, status: TicketStatus, now: datetime) -> Ticket | None:
        ticket = self._current(session, window)
        if ticket is not None:
            ticket.status = status
            ticket.finished_at = now
            self._publish(session, f"ticket.{status.value}", ticket, now)
        return ticket

    def _publish(self, session: Session, kind: str, ticket: Ticket, now: datetime, **extra: object) -> None:
        """Record an event beside the change, with the category's waiting count as it is after the change."""
        session.flush()
        waiting = session.scalar(
            select(func.count()).where(
                Ticket.service_day == ticket.service_day,
                Ticket.status == TicketStatus.WAITING,
                Ticket.category == ticket.category,
            )
        )
        payload: dict[str, object] = {
            "ticket_id": str(ticket.id),
            "number": ticket.number,
            "category": ticket.category,
            "window": ticket.window,
            "recalls": ticket.recalls,
            "waiting": int(waiting or 0),
            **extra,
        }
        session.add(HallEvent(kind=kind, payload=payload, created_at=now))

    # -- counts and estimates ---------------------------------------------------------------------------------
    def ticket(self, ticket_id: uuid.UUID) -> Ticket | None:
        with self.sessions() as session:
            return session.get(Ticket, ticket_id)

    def position(self, ticket_id: uuid.UUID) -> tuple[int, int]:
        """People ahead and estimated minutes for a waiting ticket; (0, 0) once it is called or done."""
        with self.sessions() as session:
            ticket = session.get(Ticket, ticket_id)
            if ticket is None or ticket.status != TicketStatus.WAITING:
                return 0, 0
            ahead = self._ahead_of(session, ticket)
            return ahead, self._eta_minutes(session, ticket.category, ahead)

    def waiting_counts(self) -> dict[str, int]:
        now = self.clock()
        with self.sessions() as session:
            rows = session.execute(
                select(Ticket.category, func.count())
                .where(Ticket.service_day == service_day(now, self.zone), Ticket.status == TicketStatus.WAITING)
                .group_by(Ticket.category)
            ).all()
        counts = dict.fromkeys(self.categories, 0)
        counts.update({category: int(count) for category, count in rows})
        return counts

    def _ahead_of(self, session: Session, ticket: Ticket) -> int:
        """Tickets of the same category that will be called before this one."""
        before = ahead_of_clause(ticket)
        query = select(func.count()).where(
            Ticket.service_day == ticket.service_day,
            Ticket.status == TicketStatus.WAITING,
            Ticket.category == ticket.category,
            Ticket.id != ticket.id,
            before,
        )
        return int(session.scalar(query) or 0)

    def _eta_minutes(self, session: Session, category: str, ahead: int) -> int:
        recent = session.execute(
            select(Ticket.called_at, Ticket.finished_at)
            .where(
                Ticket.category == category,
                Ticket.status == TicketStatus.COMPLETED,
                Ticket.called_at.is_not(None),
                Ticket.finished_at.is_not(None),
            )
            .order_by(Ticket.finished_at.desc())
            .limit(RECENT_SERVICES)
        ).all()
        durations = [(done - called) for called, done in recent if called and done]
        if durations:
            minutes = sum(durations, timedelta()).total_seconds() / 60 / len(durations)
        else:
            minutes = self.categories[category].service_minutes
        windows = max(1, sum(category in w.categories for w in self.windows.values()))
        return math.ceil(ahead * minutes / windows)

    def _expire_old_days(self, session: Session, now: datetime) -> None:
        """Tickets still waiting from an earlier service day become missed; they are never carried over."""
        session.execute(
            update(Ticket)
            .where(Ticket.status == TicketStatus.WAITING, Ticket.service_day < service_day(now, self.zone))
            .values(status=TicketStatus.MISSED, finished_at=now)
        )


def _duplicate(held: Ticket) -> QueueError:
    return QueueError(
        "duplicate_ticket", f"您已取号{held.number}，请勿重复取号 / you already have number {held.number} in this queue"
    )
