"""Killed in the middle of a sync: the kiosk's sync worker (a process of its own) is SIGKILLed while it uploads
through a slow link, then started again; the hall holds each filing once, with its attachments' bytes intact."""

from __future__ import annotations

import signal
import sys
from pathlib import Path

import pytest

from hall.server import Hall
from hall.tokens import Role, create_token
from kiosk.hallclient import HallClient
from kiosk.store import open_store
from tests.kiosk.hallclient.filing_fixtures import KIOSK_ID, filing, filing_store, hall_bytes, photo
from tests.support.hall import served
from tests.support.processes import Running
from tests.support.relay import relayed

pytestmark = pytest.mark.e2e  # a hall served over HTTP, the worker in a process of its own

ROOT = Path(__file__).resolve().parents[3]


def worker(data_dir: Path, url: str, token: str) -> Running:
    argv = [sys.executable, "-m", "tests.kiosk.hallclient.sync_process", str(data_dir), url, token]
    return Running(argv, cwd=ROOT, env={"PYTHONPATH": str(ROOT)})


def test_a_kiosk_killed_during_an_upload_delivers_each_filing_once(hall: Hall, tmp_path: Path) -> None:
    data_dir = tmp_path / "kiosk"
    data_dir.mkdir()
    store = open_store(data_dir)
    filings = filing_store(store, data_dir)
    saved = [filings.save(filing(photo(2 * 1024 * 1024, bytes([n])))) for n in range(3)]
    store.close()
    token = create_token(hall.sessions, KIOSK_ID, Role.KIOSK)
    with served(hall.app) as url:
        with relayed(url) as slow, worker(data_dir, slow.url, token) as first:
            slow.delay_per_chunk_s = 0.01  # about 1.6 MB/s: the kill lands inside the first upload
            first.wait_until(lambda: slow.sent_upstream > 1024 * 1024, "a megabyte of the first upload")
            assert first.stop(signal.SIGKILL).code == -signal.SIGKILL
        with worker(data_dir, url, token) as again:
            again.out.wait_for("drained")
            again.stop(signal.SIGINT)
        with HallClient(url, token) as client:
            at_hall = client.get("/api/v1/filings", kiosk_id=KIOSK_ID)["filings"]
    assert sorted(f["number"] for f in at_hall) == sorted(s.number for s in saved)  # each once
    store = open_store(data_dir)
    try:
        filings = filing_store(store, data_dir)
        for made in saved:
            [attachment] = made.attachments
            assert hall_bytes(hall, attachment.sha256) == filings.attachment_path(attachment.sha256).read_bytes()
            mine = filings.get(made.id)
            assert mine is not None and mine.synced
    finally:
        store.close()
