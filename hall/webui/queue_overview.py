"""What the supervisors' queue overview shows (``/web/queue``): each category's waiting count and longest wait,
each window's state (serving which ticket since when, idle, paused since when) and the day's totals. Read from the
tickets of the service day and the window states (paused since when); no writes. A wait is coloured by the same
thresholds electronic supervision warns at (``[supervision] ticket_wait_*_minutes``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import func, select

from hall.calendar import is_open, service_day
from hall.models import Ticket, TicketStatus, WindowState
from hall.queue import QueueEngine


class Level(StrEnum):
    OK = "ok"
    YELLOW = "yellow"
    RED = "red"


def wait_level(minutes: int, yellow: int, red: int) -> Level:
    if minutes >= red:
        return Level.RED
    if minutes >= yellow:
        return Level.YELLOW
    return Level.OK


def wait_thresholds(queue: QueueEngine) -> tuple[int, int]:
    """The yellow and red waits, in minutes, of ``[supervision]``."""
    rules = queue.config.supervision
    return rules.ticket_wait_yellow_minutes, rules.ticket_wait_red_minutes


def minutes_between(start: datetime, end: datetime) -> int:
    return max(0, int((end - start).total_seconds() // 60))


@dataclass(frozen=True)
class CategoryLine:
    prefix: str
    name_zh: str
    name_en: str
    open: bool
    waiting: int
    oldest: datetime | None  # when the longest-waiting ticket was issued
    longest_minutes: int
    level: Level
    windows: tuple[int, ...]  # the windows that call this category


class WindowStateKind(StrEnum):
    SERVING = "serving"
    IDLE = "idle"
    PAUSED = "paused"


@dataclass(frozen=True)
class WindowLine:
    number: int
    name: str
    name_en: str
    staff_name: str
    categories: tuple[str, ...]
    state: WindowStateKind
    ticket: str | None  # the number being served
    since: datetime | None  # called at (serving) or paused at (paused; None when the pause is older than the events)
    minutes: int
    served_today: int


@dataclass(frozen=True)
class QueueOverview:
    now: datetime
    day: date
    categories: list[CategoryLine]
    windows: list[WindowLine]
    waiting: int
    serving: int
    paused: int
    completed: int
    missed: int


def queue_overview(queue: QueueEngine) -> QueueOverview:
    now = queue.clock()
    day = service_day(now, queue.zone)
    with queue.readers() as session:
        waiting_rows = session.execute(
            select(Ticket.category, func.count(), func.min(Ticket.issued_at))
            .where(Ticket.service_day == day, Ticket.status == TicketStatus.WAITING)
            .group_by(Ticket.category)
        ).all()
        # Served now, whatever day the ticket was issued (a 24-hour category's call from before midnight).
        serving_rows = session.execute(
            select(Ticket.window, Ticket.number, Ticket.called_at).where(Ticket.status == TicketStatus.CALLED)
        ).all()
        done_rows = session.execute(
            select(Ticket.window, Ticket.status, func.count())
            .where(
                Ticket.service_day == day,
                Ticket.status.in_([TicketStatus.COMPLETED, TicketStatus.MISSED]),
            )
            .group_by(Ticket.window, Ticket.status)
        ).all()
        paused_at = {w.number: w.paused_at for w in session.scalars(select(WindowState)) if w.paused}
        paused = set(paused_at)
    waiting = {str(category): (int(count), oldest) for category, count, oldest in waiting_rows}
    serving = {int(window): (str(number), called_at) for window, number, called_at in serving_rows if window}
    completed = {int(w): int(n) for w, status, n in done_rows if w is not None and status == TicketStatus.COMPLETED}
    missed = sum(int(n) for _w, status, n in done_rows if status == TicketStatus.MISSED)

    categories = []
    for section in queue.config.categories:
        count, oldest = waiting.get(section.prefix, (0, None))
        longest = minutes_between(oldest, now) if oldest is not None else 0
        categories.append(
            CategoryLine(
                prefix=section.prefix,
                name_zh=section.name_zh,
                name_en=section.name_en,
                open=is_open(section, now, queue.zone),
                waiting=count,
                oldest=oldest,
                longest_minutes=longest,
                level=wait_level(longest, *wait_thresholds(queue)) if count else Level.OK,
                windows=tuple(w.number for w in queue.config.windows if section.prefix in w.categories),
            )
        )
    windows = []
    for window in queue.config.windows:
        ticket, since = serving.get(window.number, (None, None))
        if window.number in paused:
            state, since = WindowStateKind.PAUSED, paused_at.get(window.number)
        elif ticket is not None:
            state = WindowStateKind.SERVING
        else:
            state = WindowStateKind.IDLE
        windows.append(
            WindowLine(
                number=window.number,
                name=window.name,
                name_en=window.name_en or f"Window {window.number}",
                staff_name=window.staff_name,
                categories=tuple(window.categories),
                state=state,
                ticket=ticket,
                since=since,
                minutes=minutes_between(since, now) if since is not None else 0,
                served_today=completed.get(window.number, 0),
            )
        )
    return QueueOverview(
        now=now,
        day=day,
        categories=categories,
        windows=windows,
        waiting=sum(c.waiting for c in categories),
        serving=sum(1 for w in windows if w.ticket is not None),
        paused=sum(1 for w in windows if w.state is WindowStateKind.PAUSED),
        completed=sum(completed.values()),
        missed=missed,
    )
