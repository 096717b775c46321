"""The queue engine's actions for the citizen and the displays, on SQLite and PostgreSQL: giving up a waiting
place (放弃排队) and its refusals, the number now being called in a category, and the latest calls of the day."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from hall.models import HallEvent, TicketStatus
from hall.queue import QueueError
from hall.server import Hall
from tests.support.clocks import FrozenClock


def test_giving_up_a_waiting_place_moves_the_queue_on(hall: Hall) -> None:
    queue = hall.queue
    first, mine, behind = (queue.take_number("A", "kiosk").ticket for _ in range(3))
    assert queue.position(behind.id)[0] == 2
    cancelled = queue.give_up(mine.id)
    assert cancelled.status == TicketStatus.CANCELLED and cancelled.finished_at is not None
    # The person behind has one fewer ahead, the count drops, and calls skip the cancelled ticket.
    assert queue.position(behind.id)[0] == 1
    assert queue.waiting_counts()["A"] == 2
    called = [queue.call_next(2), queue.call_next(2)]
    assert [t.number for t in called if t is not None] == [first.number, behind.number]
    # Displays and staff hear of it like any other change, with the count after it.
    with queue.readers() as session:
        event = session.scalars(select(HallEvent).where(HallEvent.kind == "ticket.cancelled")).one()
    assert event.payload["number"] == mine.number and event.payload["waiting"] == 2


def test_a_place_cannot_be_given_up_once_called_served_missed_or_given_up(hall: Hall) -> None:
    queue = hall.queue
    called, served, missed, gone = (queue.take_number("A", "kiosk").ticket for _ in range(4))
    queue.call_next(2)
    queue.call_next(1)  # window 1 serves A too
    assert queue.complete(1) is not None  # the second is served
    queue.call_next(1)
    assert queue.no_show(1) is not None  # the third is a no-show
    queue.give_up(gone.id)
    refusals = {}
    for ticket in (called, served, missed, gone):
        with pytest.raises(QueueError) as refused:
            queue.give_up(ticket.id)
        assert refused.value.code == "not_waiting"
        refusals[ticket.number] = refused.value.message
    assert "A001已叫号，不能再放弃排队" in refusals["A001"] and "请到 2 号窗口办理" in refusals["A001"]
    assert "window 2" in refusals["A001"]
    assert "A002已办理完毕" in refusals["A002"]
    assert "A003已不在排队" in refusals["A003"] and "请重新取号" in refusals["A003"]
    assert "A004已放弃排队" in refusals["A004"]
    assert queue.ticket(called.id).status == TicketStatus.CALLED  # type: ignore[union-attr]


def test_yesterdays_ticket_cannot_be_given_up(hall: Hall, clock: FrozenClock) -> None:
    ticket = hall.queue.take_number("S", "kiosk").ticket
    clock.advance(days=1)
    with pytest.raises(QueueError) as refused:
        hall.queue.give_up(ticket.id)
    assert refused.value.code == "not_waiting"
    assert hall.queue.ticket(ticket.id).status == TicketStatus.WAITING  # type: ignore[union-attr]


def test_the_number_now_called_and_the_latest_calls_of_the_day(hall: Hall, clock: FrozenClock) -> None:
    queue = hall.queue
    for category in "AAAB":
        queue.take_number(category, "kiosk")
    assert queue.now_calling("A") is None and queue.latest_calls() == []
    queue.call_next(2)  # A001 at 2
    clock.advance(minutes=1)
    queue.call_next(3)  # B001 at 3
    clock.advance(minutes=1)
    queue.call_next(2)  # A002 at 2, A001 done
    clock.advance(minutes=1)
    queue.recall(3)  # B001 again: its latest call
    assert queue.now_calling("A") == ("A002", 2)
    assert queue.now_calling("B") == ("B001", 3)
    calls = [(c.number, c.window, c.recalls) for c in queue.latest_calls()]
    assert calls == [("B001", 3, 1), ("A002", 2, 0), ("A001", 2, 0)]
    # A new service day starts with no calls, but for the numbers still at a window (a 24-hour category).
    clock.advance(days=1)
    assert queue.latest_calls() == [] and queue.now_calling("A") is None
    assert [c.number for c in queue.latest_calls(serving={"A002", "B001"})] == ["B001", "A002"]
