"""The queue engine on SQLite and PostgreSQL: numbering, day rollover, priorities, the ID guard, concurrency."""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine, select, text
from sqlalchemy.orm import Session, sessionmaker

from common.errors import StoreError
from common.settings import load_hall_config
from hall.database import open_hall_database
from hall.estimate import ESTIMATE_REFRESH_SECONDS
from hall.models import Ticket, TicketStatus
from hall.queue import QueueEngine, QueueError
from tests.support.clocks import FrozenClock
from tests.support.hall import MONDAY_10AM, SHANGHAI
from tests.support.paths import SHIPPED_CONFIG

KEY = b"test-key-not-for-production"
ID_NUMBER = "11010119900307123X"


Db = tuple[Engine, sessionmaker[Session]]


def make_engine(db: Db, clock: Callable[[], datetime]) -> QueueEngine:
    return QueueEngine(db[1], load_hall_config(SHIPPED_CONFIG / "hall.toml"), id_key=KEY, clock=clock)


@pytest.fixture
def queue(hall_db: Db, clock: FrozenClock) -> QueueEngine:
    return make_engine(hall_db, clock)


def test_numbers_are_prefixed_zero_padded_and_counted_per_category(queue: QueueEngine) -> None:
    numbers = [queue.take_number(c, "kiosk").ticket.number for c in ("A", "A", "B", "A")]
    assert numbers == ["A001", "A002", "B001", "A003"]


def test_the_day_rolls_over_at_local_midnight_not_utc(queue: QueueEngine, clock: FrozenClock) -> None:
    clock.moment = datetime(2026, 11, 23, 23, 58, tzinfo=SHANGHAI)
    assert queue.take_number("S", "kiosk").ticket.number == "S001"
    assert queue.take_number("S", "kiosk").ticket.number == "S002"
    clock.moment = datetime(2026, 11, 23, 16, 1, tzinfo=UTC)  # 00:01 on Tuesday in Shanghai
    fresh = queue.take_number("S", "kiosk")
    assert fresh.ticket.number == "S001" and fresh.waiting_ahead == 0
    with queue.sessions() as session:
        old = session.scalars(select(Ticket).where(Ticket.number.in_(["S001", "S002"]))).all()
        statuses = sorted((t.service_day.isoformat(), t.number, t.status) for t in old)
    assert statuses == [
        ("2026-11-23", "S001", TicketStatus.MISSED),
        ("2026-11-23", "S002", TicketStatus.MISSED),
        ("2026-11-24", "S001", TicketStatus.WAITING),
    ]


def test_calling_order_green_then_transferred_then_appointment_then_arrival(queue: QueueEngine) -> None:
    queue.take_number("A", "kiosk")  # A001, plain
    queue.take_number("A", "kiosk", appointment=True)  # A002
    queue.take_number("A", "kiosk")  # A003
    queue.take_number("V", "kiosk", green=True)  # V001, window 1 serves V
    queue.take_number("Y", "kiosk", appointment=True)  # Y001
    first = queue.call_next(2)  # window 2 serves A only
    assert first is not None and first.number == "A002"  # appointment before arrival order
    moved = queue.transfer(2, to_category="A")
    assert moved is not None and moved.transferred
    order = [t.number for t in iter(lambda: queue.call_next(1), None)]
    assert order == ["V001", "A002", "Y001", "A001", "A003"]


def test_people_ahead_and_the_estimate(queue: QueueEngine, clock: FrozenClock) -> None:
    first = queue.take_number("B", "kiosk")
    assert (first.waiting_ahead, first.eta_minutes) == (0, 0)
    third = [queue.take_number("B", "kiosk") for _ in range(2)][-1]
    # Two ahead, 15 seed minutes each, one window (3) serves B.
    assert (third.waiting_ahead, third.eta_minutes) == (2, 30)
    green = queue.take_number("B", "kiosk", green=True)
    assert green.waiting_ahead == 0
    # Real service times replace the seed: two services of 6 minutes.
    for _ in range(2):
        queue.call_next(3)
        clock.advance(minutes=6)
    queue.complete(3)
    later = queue.take_number("B", "kiosk")
    assert later.waiting_ahead == 2 and later.eta_minutes == 12


def test_one_waiting_ticket_per_id_card_per_category(queue: QueueEngine, hall_db: Db) -> None:
    held = queue.take_number("A", "kiosk", id_number=ID_NUMBER)
    with pytest.raises(QueueError) as refused:
        queue.take_number("A", "kiosk", id_number=ID_NUMBER.lower())
    assert refused.value.code == "duplicate_ticket" and held.ticket.number not in refused.value.message
    assert "请勿重复取号" in refused.value.message and "服务台" in refused.value.message
    assert queue.take_number("B", "kiosk", id_number=ID_NUMBER).ticket.number == "B001"
    queue.call_next(2)
    assert queue.take_number("A", "kiosk", id_number=ID_NUMBER).ticket.number == "A002"
    with hall_db[0].connect() as connection:
        dump = " ".join(str(row) for row in connection.execute(text("SELECT * FROM ticket")))
    assert ID_NUMBER not in dump and ID_NUMBER[:14] not in dump


def test_window_actions(queue: QueueEngine) -> None:
    for _ in range(3):
        queue.take_number("A", "kiosk")
    called = queue.call_next(2)
    assert called is not None and called.number == "A001" and called.window == 2
    recalled = queue.recall(2)
    assert recalled is not None and recalled.recalls == 1
    missed = queue.no_show(2)
    assert missed is not None and missed.status == TicketStatus.MISSED
    assert queue.call_next(2).number == "A002"  # type: ignore[union-attr]
    moved = queue.transfer(2, to_window=3)
    assert moved is not None and moved.target_window == 3
    assert queue.call_next(2).number == "A003"  # type: ignore[union-attr]  # A002 waits for window 3 only
    assert queue.call_next(3).number == "A002"  # type: ignore[union-attr]
    queue.pause(2, True)
    with pytest.raises(QueueError, match="window 2 is paused"):
        queue.call_next(2)
    queue.pause(2, False)
    assert queue.call_next(2) is None  # A003 completed, nobody waits
    assert queue.waiting_counts()["A"] == 0


def test_refusals_say_why(queue: QueueEngine, clock: FrozenClock) -> None:
    with pytest.raises(QueueError, match="unknown category 'Z'"):
        queue.take_number("Z", "kiosk")
    with pytest.raises(QueueError, match="there is no window 9"):
        queue.call_next(9)
    clock.moment = datetime(2026, 11, 23, 12, 30, tzinfo=SHANGHAI)  # lunch break for A
    with pytest.raises(QueueError) as closed:
        queue.take_number("A", "kiosk")
    assert closed.value.code == "category_closed"
    # What happened, when it opens, and what to do now: in the kiosk's words (common/refusals.py).
    zh, _, en = closed.value.message.partition(" / ")
    assert zh.startswith(f"{queue.categories['A'].name_zh}当前不在办理时间。办理时间 周一至周五 ") and "服务台" in zh
    assert "is closed now. Hours: Mon-Fri " in en and "help desk" in en
    clock.moment = datetime(2026, 11, 22, 3, 0, tzinfo=SHANGHAI)  # Sunday night: self-service stays open
    assert queue.take_number("S", "kiosk").ticket.number == "S001"


def test_daily_cap(hall_db: Db, clock: FrozenClock) -> None:
    queue = make_engine(hall_db, clock)
    queue.categories["V"] = queue.categories["V"].model_copy(update={"daily_cap": 2})
    queue.take_number("V", "kiosk")
    queue.take_number("V", "kiosk")
    with pytest.raises(QueueError) as capped:
        queue.take_number("V", "kiosk")
    assert capped.value.code == "daily_cap_reached"


def test_concurrent_kiosks_never_share_or_skip_a_number(queue: QueueEngine) -> None:
    with ThreadPoolExecutor(max_workers=8) as pool:
        numbers = list(pool.map(lambda _: queue.take_number("S", "kiosk").ticket.number, range(120)))
    assert sorted(numbers) == [f"S{i:03d}" for i in range(1, 121)]


def test_concurrent_windows_never_call_the_same_ticket(queue: QueueEngine) -> None:
    for _ in range(40):
        queue.take_number("A", "kiosk")

    def drain(window: int) -> list[str]:
        called = []
        while (ticket := queue.call_next(window)) is not None:
            called.append(ticket.number)
        return called

    with ThreadPoolExecutor(max_workers=2) as pool:
        first, second = pool.map(drain, [1, 2])
    assert sorted(first + second) == [f"A{i:03d}" for i in range(1, 41)]


def _take_in_another_process(url: str, count: int) -> list[str]:
    clock = FrozenClock(MONDAY_10AM)
    engine, sessions = open_hall_database(url)
    try:
        queue = QueueEngine(sessions, load_hall_config(SHIPPED_CONFIG / "hall.toml"), id_key=KEY, clock=clock)
        return [queue.take_number("S", "kiosk").ticket.number for _ in range(count)]
    finally:
        engine.dispose()


@pytest.mark.e2e
def test_two_server_processes_share_one_numbering(hall_db_url: str, hall_db: Db) -> None:
    context = multiprocessing.get_context("spawn")
    with context.Pool(2) as pool:
        results = pool.starmap(_take_in_another_process, [(hall_db_url, 40), (hall_db_url, 40)])
    assert sorted(results[0] + results[1]) == [f"S{i:03d}" for i in range(1, 81)]


def test_the_hall_database_refuses_a_newer_schema(hall_db_url: str, hall_db: Db) -> None:
    with hall_db[0].begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '0099'"))
    hall_db[0].dispose()
    with pytest.raises(StoreError, match="newer version"):
        open_hall_database(hall_db_url)


def test_sqlite_hall_database_is_a_file_in_the_data_dir(tmp_path: Path) -> None:
    engine, _ = open_hall_database(f"sqlite:///{tmp_path / 'hall.db'}")
    engine.dispose()
    assert (tmp_path / "hall.db").exists()


def test_a_ticket_left_waiting_from_an_earlier_day_holds_no_id_card(hall_db: Db, clock: FrozenClock) -> None:
    # Each process makes earlier days' waiting tickets missed once per service day; a process whose clock lags
    # can still issue one for the old day after another has swept. It must not refuse the card the next day.
    today = make_engine(hall_db, clock)
    clock.moment = datetime(2026, 11, 24, 8, 0, tzinfo=SHANGHAI)  # Tuesday
    today.take_number("S", "kiosk")  # the Tuesday sweep has run in this process
    lagging = make_engine(hall_db, FrozenClock(datetime(2026, 11, 23, 23, 59, tzinfo=SHANGHAI)))
    assert lagging.take_number("S", "kiosk", id_number=ID_NUMBER).ticket.number == "S001"
    fresh = today.take_number("S", "kiosk", id_number=ID_NUMBER)
    assert fresh.ticket.number == "S002" and fresh.waiting_ahead == 1
    with today.sessions() as session:
        monday = session.scalars(select(Ticket).where(Ticket.service_day == MONDAY_10AM.date())).one()
    assert monday.status == TicketStatus.MISSED


def test_the_estimate_follows_service_times_from_other_processes_after_a_while(
    hall_db: Db, clock: FrozenClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    kiosk, window = make_engine(hall_db, clock), make_engine(hall_db, clock)
    seconds = [1000.0]
    monkeypatch.setattr(kiosk._times, "clock", lambda: seconds[0])
    for _ in range(3):
        kiosk.take_number("B", "kiosk")
    assert kiosk.position(kiosk.take_number("B", "kiosk").ticket.id) == (3, 45)  # 15 seed minutes, one window
    for _ in range(2):  # two services of 6 minutes, completed by another server process
        window.call_next(3)
        clock.advance(minutes=6)
    window.complete(3)
    last = kiosk.take_number("B", "kiosk")
    assert (last.waiting_ahead, last.eta_minutes) == (2, 30)  # still the mean this process read
    seconds[0] += ESTIMATE_REFRESH_SECONDS
    assert kiosk.position(last.ticket.id) == (2, 12)


def test_reading_the_queue_does_not_wait_for_a_writer(queue: QueueEngine, hall_db: Db) -> None:
    queue.take_number("A", "kiosk")
    taken = queue.take_number("A", "kiosk")
    with hall_db[0].begin() as writer:  # holds the write lock (BEGIN IMMEDIATE on SQLite) until the block ends
        writer.execute(text("UPDATE window_state SET paused = paused"))
        assert queue.waiting_counts()["A"] == 2
        assert queue.position(taken.ticket.id)[0] == 1
        ticket = queue.ticket(taken.ticket.id)
        assert ticket is not None and ticket.number == "A002"


def test_the_estimate_learns_this_processes_services_at_once_and_keeps_the_last_twenty(
    queue: QueueEngine, clock: FrozenClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(queue._times, "clock", lambda: 1000.0)  # never old enough to be read again
    first = queue.take_number("B", "kiosk")
    assert queue.take_number("B", "kiosk").eta_minutes == 15  # read now: no services yet, the seed minutes
    queue.call_next(3)
    clock.advance(minutes=30)
    queue.no_show(3)  # not a service: not learned
    queue.call_next(3)
    clock.advance(minutes=30)
    queue.complete(3)
    assert queue.position(queue.take_number("B", "kiosk").ticket.id) == (0, 0)
    assert queue.take_number("B", "kiosk").eta_minutes == 30
    for _ in range(18):
        queue.take_number("B", "kiosk")
    for _ in range(20):
        queue.call_next(3)
        clock.advance(minutes=1)
    queue.complete(3)  # 30 and twenty of 1 minute: the 30 drops out
    waiting = [queue.take_number("B", "kiosk") for _ in range(2)]
    assert (waiting[1].waiting_ahead, waiting[1].eta_minutes) == (1, 1)
    assert first.ticket.number == "B001"
