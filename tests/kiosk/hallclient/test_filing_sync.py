"""The sync worker delivers filings to a real hall: attachments first and resumable, then the filing, once;
a filing the hall refuses is parked and the line goes on; status changes come back by the pull; retention
after the hall confirmed."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from hall.server import Hall
from hall.tokens import Role, create_token
from kiosk.hallclient import HallClient
from kiosk.hallclient.filings import FilingPull, Retention, sync_worker
from kiosk.hallclient.outbox_state import outbox_report
from kiosk.store import FilingAttachment, OutboxMessage, Store, open_store
from tests.kiosk.hallclient.filing_fixtures import (
    KIOSK_ID,
    RETENTION,
    filing,
    filing_store,
    hall_bytes,
    hall_kept_the_cut_bytes,
    photo,
)
from tests.support.clocks import FrozenClock
from tests.support.hall import served
from tests.support.relay import relayed
from tests.support.waiting import wait_until

pytestmark = pytest.mark.e2e  # a hall served over HTTP


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """The kiosk's data dir, apart from the hall's."""
    return tmp_path / "kiosk"


@pytest.fixture
def store(data_dir: Path) -> Iterator[Store]:
    data_dir.mkdir(parents=True)
    opened = open_store(data_dir)
    yield opened
    opened.close()


def test_a_filing_reaches_the_hall_once_with_its_attachments(hall: Hall, store: Store, data_dir: Path) -> None:
    filings = filing_store(store, data_dir)
    saved = filings.save(filing(photo(40_000), photo(70_000, b"back")))
    with served(hall.app) as url, HallClient(url, create_token(hall.sessions, KIOSK_ID, Role.KIOSK)) as client:
        worker = sync_worker(store, client, filings, KIOSK_ID, retention=RETENTION)
        assert worker.send_due().sent == 1
        at_hall = client.get(f"/api/v1/filings/{saved.id}")
        assert at_hall["number"] == saved.number and at_hall["status"] == "submitted"
        # Sent again (an answer lost after the hall stored it): the hall answers the same, holds it once.
        with store.sessions.begin() as session:
            message = session.get(OutboxMessage, saved.id)
            assert message is not None
            message.sent_at = None
        assert worker.send_due().sent == 1
        listed = client.get("/api/v1/filings", kiosk_id=KIOSK_ID)
        assert [f["id"] for f in listed["filings"]] == [str(saved.id)]
    for attachment, original in zip(saved.attachments, (40_000, 70_000), strict=True):
        assert hall_bytes(hall, attachment.sha256) == filings.attachment_path(attachment.sha256).read_bytes()
        assert attachment.size == original
    mine = filings.get(saved.id)
    assert mine is not None and mine.synced and mine.status == "submitted" and mine.status_zh == "已提交，等待受理"
    assert all(a.uploaded for a in mine.attachments)


def test_a_dropped_upload_resumes_where_the_hall_stopped(hall: Hall, store: Store, data_dir: Path) -> None:
    filings = filing_store(store, data_dir)
    size = 5 * 1024 * 1024
    saved = filings.save(filing(photo(size)))
    with served(hall.app) as url, relayed(url) as relay:
        token = create_token(hall.sessions, KIOSK_ID, Role.KIOSK)
        with HallClient(relay.url, token, timeout_s=10) as client:
            worker = sync_worker(store, client, filings, KIOSK_ID, retention=RETENTION)
            relay.cut_after_bytes(2 * 1024 * 1024)  # the link drops 2 MB into the photo
            first = worker.send_due()
            assert first.unreachable and first.sent == 0
            relay.cut_after_bytes(None)  # the link is good again
            # The back-off gives the hall time to notice the dropped request and keep its bytes; here the test
            # waits for that instead.
            [attachment] = saved.attachments
            assert hall_kept_the_cut_bytes(client, attachment.sha256)
            relay.cut_after_bytes(None)  # count from here: what the resumed upload sends
            assert worker.send_due(everything=True).sent == 1
            resent = relay.sent_upstream
    assert resent < size - 1024 * 1024, f"{resent} bytes sent again: the upload restarted from zero"
    assert hall_bytes(hall, attachment.sha256) == filings.attachment_path(attachment.sha256).read_bytes()


def test_a_refused_filing_is_parked_and_the_next_one_goes(hall: Hall, store: Store, data_dir: Path) -> None:
    filings = filing_store(store, data_dir)
    refused = filings.save(filing(purpose="不在选项里"))  # the hall checks the form again: 422 invalid_form
    good = filings.save(filing())
    with served(hall.app) as url, HallClient(url, create_token(hall.sessions, KIOSK_ID, Role.KIOSK)) as client:
        worker = sync_worker(store, client, filings, KIOSK_ID, retention=RETENTION)
        result = worker.send_due()
        assert result.sent == 1 and result.refused == ["invalid_form"]
        assert worker.send_due(everything=True).refused == []  # never retried by itself
    with store.sessions() as session:
        [parked] = outbox_report(session).parked
    assert parked.id == refused.id and "HTTP 422" in parked.reason and "invalid_form" in parked.reason
    assert (mine := filings.get(good.id)) is not None and mine.synced
    assert (not_sent := filings.get(refused.id)) is not None and not not_sent.synced


def test_the_pull_brings_the_staffs_status_and_retention_follows_confirmation(
    hall: Hall, store: Store, data_dir: Path
) -> None:
    clock = FrozenClock(datetime(2026, 12, 5, 2, tzinfo=UTC))
    filings = filing_store(store, data_dir, clock=clock)
    saved = [filings.save(filing(photo(1000, bytes([n])))) for n in range(5)]
    with served(hall.app) as url:
        kiosk = HallClient(url, create_token(hall.sessions, KIOSK_ID, Role.KIOSK))
        staff = HallClient(url, create_token(hall.sessions, "staff-1", Role.STAFF))
        with kiosk, staff:
            assert sync_worker(store, kiosk, filings, KIOSK_ID, retention=RETENTION).send_due().sent == 5
            pull = FilingPull(kiosk, filings, KIOSK_ID, page=2)  # three pages for five filings
            assert pull.pull() == 0  # the hall's answers to the posts were kept: nothing new
            first, *_ = saved
            staff.post(f"/api/v1/filings/{first.id}/request-materials", {"materials": ["户口簿原件"], "note": "请补"})
            staff.post(f"/api/v1/filings/{saved[3].id}/accept")
            assert pull.pull() == 2 and pull.pull() == 0
    mine = filings.get(first.id)
    assert mine is not None and mine.status == "materials_requested" and mine.missing_materials == ("户口簿原件",)
    assert mine.note == "请补"
    assert (accepted := filings.get(saved[3].id)) is not None and accepted.status == "accepted"

    retention = Retention(filings, RETENTION)
    clock.advance(hours=23)
    retention()
    assert (kept := filings.get(first.id)) is not None and kept.purged_at is None
    clock.advance(hours=2, minutes=1)
    retention()
    purged = filings.get(first.id)
    assert purged is not None and purged.purged_at is not None
    assert not filings.attachment_path(first.attachments[0].sha256).exists()
    with store.sessions() as session:
        assert first.attachments[0].sha256 in session.scalars(select(FilingAttachment.sha256)).all()


def test_a_stop_ends_an_upload_early_and_the_next_start_resumes_it(hall: Hall, store: Store, data_dir: Path) -> None:
    filings = filing_store(store, data_dir)
    size = 5 * 1024 * 1024
    saved = filings.save(filing(photo(size)))
    [attachment] = saved.attachments
    with served(hall.app) as url, relayed(url) as slow:
        token = create_token(hall.sessions, KIOSK_ID, Role.KIOSK)
        with HallClient(slow.url, token, timeout_s=10) as client:
            slow.delay_per_chunk_s = 0.01  # about 1.6 MB/s: the stop comes in the middle
            worker = sync_worker(store, client, filings, KIOSK_ID, retention=RETENTION, interval_s=0.05).start()
            assert wait_until(lambda: slow.sent_upstream > 1024 * 1024, timeout=30)
            worker.stop()
            assert worker.pending() == 1 and slow.sent_upstream < size  # it did not finish the file first
            slow.delay_per_chunk_s = 0.0
            assert hall_kept_the_cut_bytes(client, attachment.sha256)
            slow.cut_after_bytes(None)  # count from here: what the next start sends
            restarted = sync_worker(store, client, filings, KIOSK_ID, retention=RETENTION)
            assert restarted.send_due(everything=True).sent == 1
            assert slow.sent_upstream < size - 1024 * 1024
    assert hall_bytes(hall, attachment.sha256) == filings.attachment_path(attachment.sha256).read_bytes()
