"""A slow and lossy network between kiosk and hall: a relay that delays every chunk and loses some of them with
their connection (seeded, so a failure repeats from its seed). Requests that never arrive and answers that never
come back after the hall acted: the outbox still delivers every rating and every filing exactly once."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

from hall.ratings import Rating
from hall.server import Hall
from hall.tokens import Role, create_token
from kiosk.hallclient import HallClient
from kiosk.hallclient.filings import sync_worker
from kiosk.hallclient.outbox import OutboxSender, enqueue
from kiosk.hallclient.ratings import ROUTES
from kiosk.store import Store, open_store
from tests.kiosk.hallclient.filing_fixtures import KIOSK_ID, RETENTION, filing, filing_store, hall_bytes, photo
from tests.support.hall import served
from tests.support.relay import relayed

pytestmark = pytest.mark.e2e  # a hall served over HTTP, behind a relay

SEEDS = (1, 2, 3)
ROUNDS = 200  # each round a whole pass over what is due; a round on a lossy link may deliver nothing


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    (tmp_path / "kiosk").mkdir()
    opened = open_store(tmp_path / "kiosk")
    yield opened
    opened.close()


def served_tickets(url: str, hall: Hall, count: int) -> list[str]:
    kiosk = HallClient(url, create_token(hall.sessions, "kiosk-tickets", Role.KIOSK))
    pads = HallClient(url, create_token(hall.sessions, "pads-calls", Role.PADS))
    ids = []
    with kiosk, pads:
        for _ in range(count):
            ticket = kiosk.post("/api/v1/tickets", {"category": "A", "channel": "kiosk"})
            assert ticket is not None
            pads.post("/api/v1/windows/1/call-next")
            ids.append(str(ticket["id"]))
    return ids


@pytest.mark.parametrize("seed", SEEDS)
def test_every_rating_arrives_exactly_once_over_a_slow_lossy_link(hall: Hall, store: Store, seed: int) -> None:
    with served(hall.app) as url, relayed(url) as relay:
        tickets = served_tickets(url, hall, 12)
        with store.sessions.begin() as session:
            for ticket_id in tickets:
                enqueue(session, "rating", {"ticket_id": ticket_id, "level": 4, "channel": "pad", "window": 1})
        relay.lossy(loss_rate=0.15, latency_s=0.005, seed=seed)
        with HallClient(relay.url, create_token(hall.sessions, "pads", Role.PADS), timeout_s=2) as client:
            sender = OutboxSender(store, client, ROUTES)
            for _ in range(ROUNDS):
                if sender.pending() == 0:
                    break
                sender.send_due(everything=True)  # the back-off's waits, without waiting them
            assert sender.pending() == 0
    assert relay.dropped > 0, "the link lost nothing: the test proved nothing"
    with hall.sessions() as session:
        rated = session.scalars(select(Rating.ticket_id)).all()
    assert sorted(str(t) for t in rated) == sorted(tickets)  # each once, none lost


@pytest.mark.parametrize("seed", SEEDS)
def test_every_filing_arrives_exactly_once_with_its_bytes_over_a_slow_lossy_link(
    hall: Hall, store: Store, tmp_path: Path, seed: int
) -> None:
    filings = filing_store(store, tmp_path / "kiosk")
    saved = [filings.save(filing(photo(30_000 + n * 1000, bytes([n])))) for n in range(6)]
    with served(hall.app) as url, relayed(url) as relay:
        token = create_token(hall.sessions, KIOSK_ID, Role.KIOSK)
        relay.lossy(loss_rate=0.1, latency_s=0.002, seed=seed)
        with HallClient(relay.url, token, timeout_s=2) as client:
            worker = sync_worker(store, client, filings, KIOSK_ID, retention=RETENTION)
            for _ in range(ROUNDS):
                if worker.pending() == 0:
                    break
                worker.send_due(everything=True)
            assert worker.pending() == 0
        assert relay.dropped > 0, "the link lost nothing: the test proved nothing"
        with HallClient(url, token) as direct:
            listed = direct.get("/api/v1/filings", kiosk_id=KIOSK_ID)
    assert sorted(f["id"] for f in listed["filings"]) == sorted(str(s.id) for s in saved)
    for one in saved:
        [attachment] = one.attachments
        assert hall_bytes(hall, attachment.sha256) == filings.attachment_path(attachment.sha256).read_bytes()
    with hall.sessions() as session:
        assert session.scalar(select(func.count()).select_from(Rating)) == 0
