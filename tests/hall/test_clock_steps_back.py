"""The hall's wall clock stepped back across midnight (00:05 back to 23:55 of the day before) and forward again:
no number is given twice, the new day's numbering goes on in order, nothing taken during the step is swept away
as yesterday's, and the log says it once."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from common.settings import load_hall_config
from hall.models import Ticket, TicketStatus
from hall.queue import QueueEngine
from hall.service_days import HOLD
from tests.hall.test_queue import KEY, Db
from tests.support.clocks import FrozenClock
from tests.support.hall import SHANGHAI
from tests.support.paths import SHIPPED_CONFIG

MONDAY_2355 = datetime(2026, 11, 23, 23, 55, tzinfo=SHANGHAI)
TUESDAY = datetime(2026, 11, 24).date()


def take(queue: QueueEngine) -> str:
    return queue.take_number("S", "kiosk").ticket.number  # S: the 24-hour category


def tickets(queue: QueueEngine) -> list[tuple[str, str, str]]:
    with queue.sessions() as session:
        rows = session.scalars(select(Ticket).order_by(Ticket.service_day, Ticket.seq)).all()
        return [(t.service_day.isoformat(), t.number, t.status) for t in rows]


def test_a_step_back_across_midnight_keeps_the_new_day_and_gives_no_number_twice(
    hall_db: Db, clock: FrozenClock, caplog: pytest.LogCaptureFixture
) -> None:
    queue = QueueEngine(hall_db[1], load_hall_config(SHIPPED_CONFIG / "hall.toml"), id_key=KEY, clock=clock)
    clock.moment = MONDAY_2355 - timedelta(minutes=5)
    assert take(queue) == "S001"  # Monday 23:50
    clock.moment = MONDAY_2355 + timedelta(minutes=10)
    assert take(queue) == "S001"  # Tuesday 00:05: a new day, a new line
    with caplog.at_level(logging.WARNING, logger="hall"):
        clock.moment = MONDAY_2355  # the clock steps back to Monday 23:55
        assert take(queue) == "S002"
        clock.advance(minutes=1)
        assert take(queue) == "S003"
        assert queue.waiting_counts()["S"] == 3
        clock.moment = MONDAY_2355 + timedelta(minutes=15)  # and forward again: Tuesday 00:10
        assert take(queue) == "S004"
    rows = tickets(queue)
    assert len({(day, number) for day, number, _ in rows}) == len(rows)  # no number given twice in a day
    tuesday = [(number, status) for day, number, status in rows if day == TUESDAY.isoformat()]
    assert tuesday == [(f"S00{n}", TicketStatus.WAITING) for n in range(1, 5)]  # in order, none swept away
    [line] = [r.getMessage() for r in caplog.records if "stepped back" in r.getMessage()]
    assert line.startswith("hall clock stepped back across midnight") and "numbering stays on 2026-11-24" in line
    assert not any(r.exc_info for r in caplog.records)


def test_a_clock_corrected_by_more_than_the_hold_is_followed(hall_db: Db, clock: FrozenClock) -> None:
    queue = QueueEngine(hall_db[1], load_hall_config(SHIPPED_CONFIG / "hall.toml"), id_key=KEY, clock=clock)
    clock.moment = MONDAY_2355 + timedelta(days=1)  # set a day ahead by mistake
    assert take(queue) == "S001"
    clock.moment = MONDAY_2355 - HOLD  # corrected: the real Monday evening
    assert take(queue) == "S001"
    assert sorted(day for day, _, _ in tickets(queue)) == ["2026-11-23", "2026-11-24"]
