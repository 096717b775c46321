"""The database side of the queue benchmark: fresh databases, tokens, the no-HTTP baselines, and the checks after."""

from __future__ import annotations

import contextlib
import secrets
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import func, insert, select

from benchmarks._hallserver import CATEGORY, bench_clock
from common.settings import load_hall_config
from devtools.postgres import create_database, drop_database
from hall.database import open_hall_database
from hall.models import NumberCounter, Ticket, TicketStatus
from hall.queue import QueueEngine
from hall.tokens import Role, create_token


@dataclass(frozen=True)
class Numbering:
    tickets: int
    duplicates: int  # tickets sharing a number with another
    gaps: int  # sequence numbers between 1 and the highest that no ticket has
    counter: int  # the counter row's value: must equal the highest number


@dataclass(frozen=True)
class Calls:
    called: int  # tickets that were ever called to a window
    waiting: int
    serving_twice: int  # windows that show more than one ticket being served


@contextlib.contextmanager
def fresh_database(backend: str, folder: Path, cluster_url: str | None) -> Iterator[str]:
    """A new, empty hall database for one scenario: a new SQLite file, or a new database on the cluster."""
    name = f"hall_{uuid.uuid4().hex[:12]}"
    if backend == "sqlite":
        yield f"sqlite:///{folder / name}.db"
        return
    assert cluster_url is not None
    url = create_database(cluster_url, name)
    try:
        yield url
    finally:
        drop_database(cluster_url, name)


def tokens(url: str) -> dict[Role, str]:
    """Migrate the database and make a kiosk and a window-pads token in it."""
    engine, sessions = open_hall_database(url)
    try:
        return {role: create_token(sessions, f"bench-{role.value}", role) for role in (Role.KIOSK, Role.PADS)}
    finally:
        engine.dispose()


def engine_take_numbers(url: str, config: Path, epoch: float, count: int) -> tuple[float, float]:
    """Take ``count`` numbers through the queue engine in one thread, no HTTP; returns tickets per second and the
    share of that time the process was on a CPU (near 1: bound by Python, not by the disk)."""
    engine, sessions = open_hall_database(url)
    try:
        queue = QueueEngine(
            sessions, load_hall_config(config), id_key=secrets.token_bytes(32), clock=lambda: bench_clock(epoch)
        )
        start, cpu = time.perf_counter(), time.process_time()
        for _ in range(count):
            queue.take_number(CATEGORY, "kiosk")
        elapsed = time.perf_counter() - start
        return count / elapsed, (time.process_time() - cpu) / elapsed
    finally:
        engine.dispose()


def _row(seq: int, day: date, issued_at: datetime) -> dict[str, object]:
    """A ticket row as take-number writes it."""
    return {
        "id": uuid.uuid4(), "number": f"{CATEGORY}{seq:03d}", "category": CATEGORY, "issued_category": CATEGORY,
        "service_day": day, "seq": seq, "status": TicketStatus.WAITING, "channel": "kiosk", "green": False,
        "pinned": False, "transferred": False, "appointment": False, "issued_at": issued_at, "recalls": 0,
    }  # fmt: skip


def bare_inserts(url: str, epoch: float, count: int) -> float:
    """The floor under take-number: the same ticket rows inserted one transaction each, no HTTP and no queue logic
    (no counter, no position, no estimate); returns rows per second."""
    engine, _sessions = open_hall_database(url)
    try:
        day = bench_clock(epoch).date()
        start = time.perf_counter()
        for seq in range(1, count + 1):
            with engine.begin() as connection:
                connection.execute(insert(Ticket).values(_row(seq, day, bench_clock(epoch))))
        return count / (time.perf_counter() - start)
    finally:
        engine.dispose()


def fill_queue(url: str, epoch: float, count: int) -> None:
    """``count`` waiting tickets and their counter, as take-number would leave them, in one transaction."""
    engine, _sessions = open_hall_database(url)
    try:
        now = bench_clock(epoch)
        with engine.begin() as connection:
            connection.execute(insert(Ticket), [_row(seq, now.date(), now) for seq in range(1, count + 1)])
            connection.execute(insert(NumberCounter).values(category=CATEGORY, service_day=now.date(), value=count))
    finally:
        engine.dispose()


def check_numbering(url: str) -> Numbering:
    engine, sessions = open_hall_database(url)
    try:
        with sessions() as session:
            rows = session.execute(select(Ticket.number, Ticket.seq).where(Ticket.issued_category == CATEGORY)).all()
            counter = session.scalar(select(func.max(NumberCounter.value)).where(NumberCounter.category == CATEGORY))
    finally:
        engine.dispose()
    numbers, seqs = [r.number for r in rows], {r.seq for r in rows}
    highest = max(seqs, default=0)
    return Numbering(len(rows), len(numbers) - len(set(numbers)), highest - len(seqs), int(counter or 0))


def check_calls(url: str) -> Calls:
    engine, sessions = open_hall_database(url)
    try:
        with sessions() as session:
            called = session.scalar(select(func.count()).where(Ticket.called_at.is_not(None)))
            waiting = session.scalar(select(func.count()).where(Ticket.status == TicketStatus.WAITING))
            per_window = (
                select(Ticket.window)
                .where(Ticket.status == TicketStatus.CALLED)
                .group_by(Ticket.window)
                .having(func.count() > 1)
            )
            twice = session.scalar(select(func.count()).select_from(per_window.subquery()))
    finally:
        engine.dispose()
    return Calls(int(called or 0), int(waiting or 0), int(twice or 0))
