"""A hall restored from an older backup lacks what the kiosk delivered after that backup: the kiosk notices the
hall's new instance id and sends again what it still holds; the hall holds each filing once, with its bytes."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from common.settings.models import HallConfig
from devtools.ports import free_port
from hall.backup import make_backup
from hall.backup_files import HallPlaces
from hall.restore import restore_backup
from hall.tokens import Role, create_token
from kiosk.hallclient import HallClient
from kiosk.hallclient.filings import sync_worker
from kiosk.hallclient.hall_restored import RestoreWatch, resend_after_restore
from kiosk.store import Filing, OutboxMessage, Store, open_store
from tests.kiosk.hallclient.filing_fixtures import KIOSK_ID, RETENTION, filing, filing_store, hall_bytes, photo
from tests.support.hall import open_hall, served, sqlite_url
from tests.support.waiting import wait_until

pytestmark = pytest.mark.e2e  # a hall served over HTTP

MB = 1024 * 1024


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    (tmp_path / "kiosk").mkdir()
    opened = open_store(tmp_path / "kiosk")
    yield opened
    opened.close()


def stopped(config: HallConfig) -> HallConfig:
    """The config on a port nobody serves (the restore checks the hall is stopped by its address)."""
    return config.model_copy(update={"server": config.server.model_copy(update={"port": free_port()})})


def test_filings_delivered_after_the_backup_are_sent_again_to_the_restored_hall(tmp_path: Path, store: Store) -> None:
    (tmp_path / "hall").mkdir()
    url = sqlite_url(tmp_path / "hall")
    filings = filing_store(store, tmp_path / "kiosk")
    a = filings.save(filing(photo(2 * MB, b"a"), photo(300_000, b"a2")))
    with open_hall(url) as hall:
        token = create_token(hall.sessions, KIOSK_ID, Role.KIOSK)
        config, places = hall.config, HallPlaces.of(hall.config, url)
        with served(hall.app) as base, HallClient(base, token) as client:
            assert RestoreWatch(client, store, RETENTION).check() == 0  # the first instance id: remembered
            assert sync_worker(store, client, filings, KIOSK_ID, retention=RETENTION).send_due().sent == 1
        backup = make_backup(places, tmp_path / "backups")  # holds A
        b = filings.save(filing(photo(3 * MB, b"b"), purpose="入学"))
        with served(hall.app) as base, HallClient(base, token) as client:
            assert sync_worker(store, client, filings, KIOSK_ID, retention=RETENTION).send_due().sent == 1
            assert len(client.get("/api/v1/filings", kiosk_id=KIOSK_ID)["filings"]) == 2
    restore_backup(stopped(config), places, backup, force=True)  # the older backup: B is gone from the hall

    with open_hall(url) as hall, served(hall.app) as base, HallClient(base, token) as client:
        assert [f["id"] for f in client.get("/api/v1/filings", kiosk_id=KIOSK_ID)["filings"]] == [str(a.id)]
        worker = sync_worker(store, client, filings, KIOSK_ID, retention=RETENTION, interval_s=0.1).start()
        try:
            wait_until(lambda: len(client.get("/api/v1/filings", kiosk_id=KIOSK_ID)["filings"]) == 2, timeout=30)
            wait_until(lambda: worker.pending() == 0, timeout=30)
        finally:
            worker.stop()
        held = client.get("/api/v1/filings", kiosk_id=KIOSK_ID)["filings"]
        assert sorted(f["id"] for f in held) == sorted([str(a.id), str(b.id)])  # each once
        for saved in (a, b):
            for attachment in saved.attachments:
                assert hall_bytes(hall, attachment.sha256) == filings.attachment_path(attachment.sha256).read_bytes()
        # Seen once: the same instance id again sends nothing more.
        assert RestoreWatch(client, store, RETENTION).check() == 0
    mine = filings.get(b.id)
    assert mine is not None and mine.synced and all(x.uploaded for x in mine.attachments)


def test_only_what_the_kiosk_still_retains_goes_back_in_line(tmp_path: Path, store: Store) -> None:
    filings = filing_store(store, tmp_path / "kiosk")
    kept, purged, waiting = (filings.save(filing(photo(1000, seed))) for seed in (b"k", b"p", b"w"))
    now = datetime.now(UTC)
    with store.sessions.begin() as session:
        for saved in (kept, purged):
            message = session.get(OutboxMessage, saved.id)
            assert message is not None
            message.sent_at = now - timedelta(hours=1)
            row = session.get(Filing, saved.id)
            assert row is not None
            row.confirmed_at = now - timedelta(hours=1)
        purged_row = session.get(Filing, purged.id)
        assert purged_row is not None
        purged_row.purged_at = now  # retention removed its ID number and files: it cannot be sent again
    with store.sessions.begin() as session:
        assert resend_after_restore(session, now=now, retention=timedelta(hours=24)) == 1
    with store.sessions() as session:
        line = {m.id: m.sent_at for m in session.scalars(select(OutboxMessage))}
    assert line[kept.id] is None and line[waiting.id] is None and line[purged.id] is not None
