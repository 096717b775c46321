"""The filing route's own checks, before any request: a filing whose body the hall would refuse is parked
here with the reason; retention runs as the worker's chore on a stepped clock."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from common.hallapi.filings import FilingOut, FilingStatus
from devtools.ports import free_port
from kiosk.hallclient import HallClient
from kiosk.hallclient.filings import Retention, sync_worker
from kiosk.hallclient.outbox_rows import enqueue, mark_sent, park
from kiosk.hallclient.outbox_state import PAUSED, outbox_report, write_state
from kiosk.store import OutboxMessage, Store, open_store
from tests.kiosk.hallclient.filing_fixtures import KIOSK_ID, RETENTION, filing, filing_store, photo
from tests.support.clocks import FrozenClock


@pytest.fixture
def store(data_dir: Path) -> Iterator[Store]:
    data_dir.mkdir(parents=True)
    opened = open_store(data_dir)
    yield opened
    opened.close()


def test_a_body_the_hall_would_refuse_is_parked_without_a_request(store: Store, data_dir: Path) -> None:
    filings = filing_store(store, data_dir)
    broken = filings.save(dataclasses.replace(filing(), item_code="not a code"))
    # Nothing listens on this port: a request would make the round "unreachable" instead of parking.
    with HallClient(f"http://127.0.0.1:{free_port()}", "hk_x", timeout_s=1) as client:
        result = sync_worker(store, client, filings, KIOSK_ID, retention=RETENTION).send_due()
    assert result.refused == ["invalid_request"] and not result.unreachable
    with store.sessions() as session:
        [parked] = outbox_report(session).parked
    assert parked.id == broken.id and "item_code" in parked.reason


def test_an_unreachable_hall_keeps_the_filing_in_line(store: Store, data_dir: Path) -> None:
    filings = filing_store(store, data_dir)
    filings.save(filing(photo(1000)))
    with HallClient(f"http://127.0.0.1:{free_port()}", "hk_x", timeout_s=1) as client:
        worker = sync_worker(store, client, filings, KIOSK_ID, retention=RETENTION)
        assert worker.send_due().unreachable and worker.pending() == 1
    with store.sessions() as session:
        report = outbox_report(session)
    assert report.pending == 1 and not report.parked and report.last_error and "无法连接大厅服务" in report.last_error


def test_retention_runs_as_a_chore_on_its_own_schedule(store: Store, data_dir: Path) -> None:
    clock = FrozenClock(datetime(2026, 12, 5, 2, tzinfo=UTC))
    filings = filing_store(store, data_dir, clock=clock)
    saved = filings.save(filing(photo(1000)))
    answer = {
        "id": saved.id,
        "number": saved.number,
        "item_code": saved.item_code,
        "status": FilingStatus.SUBMITTED,
        "status_zh": FilingStatus.SUBMITTED.zh,
        "status_en": FilingStatus.SUBMITTED.en,
        "missing_materials": [],
        "result_ready": False,
        "updated_at": clock(),
    }
    filings.update_status(FilingOut.model_validate(answer))
    chore = Retention(filings, RETENTION)
    chore()
    clock.advance(hours=23, minutes=55)
    chore()  # confirmed 23 h 55 min ago: kept; the next look is in ten minutes
    clock.advance(minutes=7)
    chore()  # due now, but not looked at before its time
    kept = filings.get(saved.id)
    assert kept is not None and kept.purged_at is None
    clock.advance(minutes=5)
    chore()
    purged = filings.get(saved.id)
    assert purged is not None and purged.purged_at is not None
    assert not filings.attachment_path(saved.attachments[0].sha256).exists()


def test_a_filing_refused_here_does_not_end_a_pause(store: Store, data_dir: Path) -> None:
    """Only the hall's own answer shows it takes this kiosk again; a body refused before any request does not."""
    filings = filing_store(store, data_dir)
    filings.save(dataclasses.replace(filing(), item_code="not a code"))
    with store.sessions.begin() as session:
        write_state(session, PAUSED, {"reason": "令牌无效 / the token is revoked (HTTP 401)"})
    with HallClient(f"http://127.0.0.1:{free_port()}", "hk_x", timeout_s=1) as client:
        worker = sync_worker(store, client, filings, KIOSK_ID, retention=RETENTION)
        result = worker.send_due(everything=True)
    assert result.refused == ["invalid_request"] and worker.paused is not None
    with store.sessions() as session:
        assert outbox_report(session).paused is not None


def test_retention_deletes_delivered_outbox_messages_after_a_day(store: Store, data_dir: Path) -> None:
    """A kiosk up for months keeps no row per message the hall holds: delivered ones go after the retention (and
    at least a day, which "delivered today" counts); waiting and parked ones stay, and a filing's until it is
    purged."""
    clock = FrozenClock(datetime(2026, 12, 5, 2, tzinfo=UTC))
    filings = filing_store(store, data_dir, clock=clock)
    with store.sessions.begin() as session:
        old, recent, waiting_one, parked_one = (enqueue(session, "rating", {"n": n}, now=clock()) for n in range(4))
        mark_sent(old, now=clock() - timedelta(days=1, minutes=1))
        mark_sent(recent, now=clock() - timedelta(hours=23))
        park(parked_one, "refused", now=clock() - timedelta(days=3))
        kept = {recent.id, waiting_one.id, parked_one.id}
    held = filings.save(filing(photo(1000)))  # delivered long ago, not yet purged: a restored hall needs it again
    with store.sessions.begin() as session:
        message = session.get(OutboxMessage, held.id)
        assert message is not None
        mark_sent(message, now=clock() - timedelta(days=2))
    Retention(filings, RETENTION)()
    with store.sessions() as session:
        assert set(session.scalars(select(OutboxMessage.id))) == {*kept, held.id}
