"""The outbox sender against a real hall: nothing lost while the hall is away, nothing sent twice."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

from devtools.ports import free_port
from hall.ratings import Rating
from hall.server import Hall
from hall.tokens import Role, create_token
from kiosk.hallclient import HallClient
from kiosk.hallclient.outbox import OutboxSender, enqueue
from kiosk.hallclient.ratings import ROUTES
from kiosk.store import OutboxMessage, Store, open_store
from tests.support.hall import served

RATINGS = ROUTES  # the station's and the pad desk's one route for ratings


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = open_store(tmp_path, "hall-devices.db")
    yield opened
    opened.close()


def served_ticket(url: str, hall: Hall) -> str:
    kiosk = HallClient(url, create_token(hall.sessions, "kiosk", Role.KIOSK))
    pads = HallClient(url, create_token(hall.sessions, "pads-1", Role.PADS))
    with kiosk, pads:
        ticket = kiosk.post("/api/v1/tickets", {"category": "A", "channel": "kiosk"})
        pads.post("/api/v1/windows/1/call-next")
    assert ticket is not None
    return str(ticket["id"])


def queue_rating(store: Store, ticket_id: str, level: int = 5) -> None:
    with store.sessions() as session:
        enqueue(session, "rating", {"ticket_id": ticket_id, "level": level, "channel": "pad", "window": 1})
        session.commit()


def test_a_rating_waits_out_an_outage_then_arrives_once(hall: Hall, store: Store) -> None:
    port = free_port()
    with served(hall.app, port) as url:
        ticket_id = served_ticket(url, hall)
        token = create_token(hall.sessions, "pads", Role.PADS)
    with HallClient(url, token, timeout_s=1) as client:
        sender = OutboxSender(store, client, RATINGS)
        queue_rating(store, ticket_id)
        first = sender.send_due()
        assert first.unreachable and first.sent == 0 and sender.pending() == 1
        assert sender.last_error and "大厅" in sender.last_error
        with served(hall.app, port):
            assert sender.send_due().sent == 0  # backing off: not due yet
            assert sender.send_due(everything=True).sent == 1
            assert sender.pending() == 0 and sender.last_error is None
            # The same rating again (an answer lost after the hall stored it): the hall says it has it.
            queue_rating(store, ticket_id)
            again = sender.send_due()
            assert again.sent == 1 and not again.refused
    with hall.sessions() as session:
        assert session.scalar(select(func.count()).select_from(Rating)) == 1


def test_a_refused_message_is_parked_with_its_reason_and_does_not_block(hall: Hall, store: Store) -> None:
    with served(hall.app) as url:
        ticket_id = served_ticket(url, hall)
        with HallClient(url, create_token(hall.sessions, "pads", Role.PADS)) as client:
            sender = OutboxSender(store, client, RATINGS).start()
            queue_rating(store, ticket_id, level=9)  # out of range: refused for good
            queue_rating(store, ticket_id, level=4)
            sender.wake()
            for _ in range(200):
                if sender.pending() == 0:
                    break
                sender.wake()
                time.sleep(0.05)
            sender.stop()
    assert sender.pending() == 0
    with store.sessions() as session:
        rows = sorted(session.query(OutboxMessage), key=lambda m: m.payload["level"])
    delivered, parked = rows
    assert delivered.sent_at is not None and delivered.parked_at is None
    assert parked.sent_at is None and parked.parked_at is not None
    assert (parked.park_reason or "").startswith("refused invalid_request")
