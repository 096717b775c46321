"""Events older than two days are deleted by the hall's event-retention worker; newer ones, and always the newest,
stay."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import select

from hall.event_retention import EVENTS_KEPT, prune_events
from hall.models import HallEvent
from tests.support.hall import open_hall, sqlite_url

NOW = datetime(2026, 12, 5, 12, tzinfo=UTC)


def test_old_events_go_and_recent_ones_stay(tmp_path: Path) -> None:
    with open_hall(sqlite_url(tmp_path)) as hall:
        ages = [timedelta(days=5), timedelta(days=3), timedelta(days=1), timedelta(minutes=1)]
        with hall.sessions.begin() as session:
            session.add_all(
                HallEvent(kind="ticket.called", payload={"n": n}, created_at=NOW - age) for n, age in enumerate(ages)
            )
        assert prune_events(hall.sessions, NOW - EVENTS_KEPT) == 2
        with hall.sessions() as session:
            assert [e.payload["n"] for e in session.scalars(select(HallEvent).order_by(HallEvent.id))] == [2, 3]


def test_the_newest_event_stays_however_old(tmp_path: Path) -> None:
    """A stream's next id never goes back below one it has seen, after a long quiet spell too."""
    with open_hall(sqlite_url(tmp_path)) as hall:
        with hall.sessions.begin() as session:
            session.add_all(
                HallEvent(kind="alert.changed", payload={"n": n}, created_at=NOW - timedelta(days=9)) for n in range(3)
            )
        assert prune_events(hall.sessions, NOW - EVENTS_KEPT) == 2
        with hall.sessions() as session:
            assert [e.payload["n"] for e in session.scalars(select(HallEvent))] == [2]


def test_the_worker_is_part_of_the_hall(tmp_path: Path) -> None:
    with open_hall(sqlite_url(tmp_path)) as hall:
        assert "event-retention" in [w.name for w in hall.app.state.workers]
