"""A hall that refuses the kiosk itself (a revoked token) pauses the outbox and drops nothing; a refusal of one
message parks it and the line goes on. Against a real hall server."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

from common.hallapi.ratings import RatingIn
from hall.models import ApiToken
from hall.ratings import Rating
from hall.server import Hall
from hall.tokens import Role, create_token, revoke_token
from kiosk.hallclient import HallClient
from kiosk.hallclient.outbox import OutboxSender
from kiosk.hallclient.outbox_state import outbox_report, retry
from kiosk.hallclient.ratings import ROUTES, RatingOutbox
from kiosk.store import OutboxMessage, Store, open_store
from tests.kiosk.hallclient.test_outbox import queue_rating
from tests.support.hall import served

pytestmark = pytest.mark.e2e  # a hall served over HTTP


def served_tickets(url: str, hall: Hall, count: int) -> list[str]:
    """``count`` tickets called to window 1 one after another, so each may be rated."""
    kiosk = HallClient(url, create_token(hall.sessions, "kiosk", Role.KIOSK))
    pads = HallClient(url, create_token(hall.sessions, "pads-setup", Role.PADS))
    ids = []
    with kiosk, pads:
        for _ in range(count):
            ticket = kiosk.post("/api/v1/tickets", {"category": "A", "channel": "kiosk"})
            assert ticket is not None
            ids.append(str(ticket["id"]))
            pads.post("/api/v1/windows/1/call-next")
    return ids


def hall_ratings(hall: Hall) -> int:
    with hall.sessions() as session:
        return session.scalar(select(func.count()).select_from(Rating)) or 0


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = open_store(tmp_path, "kiosk.db")
    yield opened
    opened.close()


def test_a_revoked_token_pauses_everything_and_a_new_one_delivers_each_once(hall: Hall, store: Store) -> None:
    with served(hall.app) as url:
        tickets = served_tickets(url, hall, 5)
        old = create_token(hall.sessions, "pads", Role.PADS)
        revoke_token(hall.sessions, "pads")
        with HallClient(url, old) as client:
            sender = OutboxSender(store, client, ROUTES)
            for ticket in tickets:
                queue_rating(store, ticket)
            first = sender.send_due(everything=True)
            assert first.paused and first.sent == 0 and not first.refused
            assert sender.send_due(everything=True).paused  # a probe: still refused, still nothing dropped
        with store.sessions() as session:
            report = outbox_report(session)
        assert report.pending == 5 and not report.parked and report.delivered_today == 0
        assert report.paused is not None and "401" in report.paused and report.paused_since is not None
        assert hall_ratings(hall) == 0

        # The kiosk restarts with a new token: a started sender's first round takes the whole line, back-off
        # or not (the threaded path is in the pad desk's test below).
        new = create_token(hall.sessions, "pads", Role.PADS)
        with HallClient(url, new) as client:
            restarted = OutboxSender(store, client, ROUTES)
            assert restarted.send_due(everything=True).sent == 5
            assert restarted.paused is None and restarted.send_due(everything=True).sent == 0
    assert hall_ratings(hall) == 5
    with store.sessions() as session:
        report = outbox_report(session)
    assert report.pending == 0 and report.paused is None and report.delivered_today == 5


def test_the_pad_desks_ratings_survive_a_revoked_token(hall: Hall, tmp_path: Path) -> None:
    """The hall device controller's RatingOutbox: five ratings under a revoked token, then a restart with a new
    token; all five arrive once."""
    with served(hall.app) as url:
        tickets = served_tickets(url, hall, 5)
        old = create_token(hall.sessions, "desk", Role.PADS)
        revoke_token(hall.sessions, "desk")
        with HallClient(url, old) as client:
            outbox = RatingOutbox(tmp_path / "desk", client, interval_s=0.05)
            outbox.start()
            for ticket in tickets:
                outbox.add(RatingIn.model_validate({"ticket_id": ticket, "level": 4, "channel": "pad", "window": 1}))
            deadline = time.monotonic() + 20
            while outbox.sender.paused is None and time.monotonic() < deadline:
                time.sleep(0.05)
            assert outbox.sender.paused is not None
            assert outbox.sender.pending() == 5
            outbox.stop()
        new = create_token(hall.sessions, "desk", Role.PADS)
        with HallClient(url, new) as client:
            outbox = RatingOutbox(tmp_path / "desk", client, interval_s=0.05)
            outbox.start()
            deadline = time.monotonic() + 20
            while hall_ratings(hall) < 5 and time.monotonic() < deadline:
                time.sleep(0.05)
            outbox.stop()
    assert hall_ratings(hall) == 5


def test_a_parked_message_waits_for_the_technician_and_retry_puts_it_back(hall: Hall, store: Store) -> None:
    with served(hall.app) as url:
        [ticket] = served_tickets(url, hall, 1)
        with HallClient(url, create_token(hall.sessions, "pads", Role.PADS)) as client:
            sender = OutboxSender(store, client, ROUTES)
            queue_rating(store, "00000000-0000-4000-8000-000000000000")  # no such ticket: the hall refuses it
            queue_rating(store, ticket)
            first = sender.send_due()
            assert first.sent == 1 and len(first.refused) == 1
            assert sender.send_due(everything=True).refused == []  # never retried by itself
            with store.sessions() as session:
                [parked] = outbox_report(session).parked
            assert parked.kind == "rating" and "HTTP 404" in parked.reason
            with store.sessions.begin() as session:
                assert retry(session, parked.id) is not None
            again = sender.send_due()
            assert again.refused and again.sent == 0  # retried once, refused again, parked again
    with store.sessions() as session:
        message = session.get(OutboxMessage, parked.id)
        assert message is not None and message.parked_at is not None and message.attempts == 2


def test_a_paused_outbox_resumes_when_a_later_probe_gets_through(hall: Hall, store: Store) -> None:
    """The same kiosk, no restart: the hall refused its token, then takes it again (a hall restored from the
    backup before the revocation). The next probe delivers, and the pause is over."""
    with served(hall.app) as url:
        [ticket] = served_tickets(url, hall, 1)
        token = create_token(hall.sessions, "pads", Role.PADS)
        revoke_token(hall.sessions, "pads")
        with HallClient(url, token) as client:
            sender = OutboxSender(store, client, ROUTES)
            queue_rating(store, ticket)
            assert sender.send_due(everything=True).paused and sender.paused is not None
            with hall.sessions.begin() as session:
                row = session.get(ApiToken, "pads")
                assert row is not None
                row.revoked_at = None
            probe = sender.send_due(everything=True)
    assert probe.sent == 1 and not probe.paused and sender.paused is None
    with store.sessions() as session:
        assert outbox_report(session).paused is None
    assert hall_ratings(hall) == 1
