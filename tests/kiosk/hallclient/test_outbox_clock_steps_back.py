"""The kiosk's wall clock stepped back (00:05 to 23:55 of the day before): a message backing off is not held
for the ten minutes the clock went back, while one still within its back-off keeps waiting."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from kiosk.hallclient.outbox_rows import due, enqueue, mark_failed
from kiosk.store import OutboxMessage, Store, open_store

TUESDAY_0005 = datetime(2026, 11, 24, 0, 5, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = open_store(tmp_path)
    yield opened
    opened.close()


def test_a_step_back_does_not_hold_a_message_that_is_backing_off(store: Store) -> None:
    with store.sessions.begin() as session:
        message = enqueue(session, "rating", {"level": 5}, now=TUESDAY_0005)
        mark_failed(message, "hall unreachable", now=TUESDAY_0005, jitter=lambda: 1.0)  # next try at 00:05:05
    with store.sessions() as session:
        assert due(session, now=TUESDAY_0005 + timedelta(seconds=2)) == []  # backing off, as before
        stepped_back = TUESDAY_0005 - timedelta(minutes=10)  # Monday 23:55
        assert [m.id for m in due(session, now=stepped_back)] == [message.id]
        stored = session.get(OutboxMessage, message.id)
        assert stored is not None and stored.attempts == 1
