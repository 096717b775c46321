"""Filings with attachments through a power cut: every filing whose save returned keeps all its files' bytes."""

from __future__ import annotations

import hashlib
import random
import sys
import uuid
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from devtools.powercut import cut, preload_env
from kiosk.store import open_store
from kiosk.store.attachment_files import attachments_dir
from kiosk.store.filings import FilingStore
from tests.devtools.powercut.children import KIOSK_FILINGS
from tests.devtools.powercut.disk import sync_tree
from tests.support.processes import Running

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize("seed", [None, 7, 8])
def test_every_saved_filing_keeps_its_attachments_through_a_power_cut(tmp_path: Path, seed: int | None) -> None:
    data, journal = tmp_path / "data", tmp_path / "journal"
    data.mkdir()
    open_store(data).close()
    attachments_dir(data).mkdir(mode=0o700)  # made at installation, durable like the rest
    sync_tree(data)

    with Running([sys.executable, "-c", KIOSK_FILINGS, str(data)], env=preload_env(data, journal)) as child:
        child.out.wait_for(f"committed {25 + 5 * (seed or 0)}")
        child.process.kill()
        child.process.wait()
        printed = child.out.rest().splitlines()
    saved = [uuid.UUID(line.split()[2]) for line in printed if line.startswith("committed ")]

    report = cut(data, journal, random.Random(seed), drop_all=seed is None)

    store = open_store(data)
    try:
        filings = FilingStore(store, data, "K01", ZoneInfo("Asia/Shanghai"))
        for filing_id in saved:
            record = filings.get(filing_id)
            assert record is not None, (filing_id, report)
            for file in record.attachments:
                path = filings.attachment_path(file.sha256)
                assert hashlib.sha256(path.read_bytes()).hexdigest() == file.sha256, report
        with store.engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
    finally:
        store.close()


def test_the_first_filing_keeps_its_attachments_directory_through_a_power_cut(tmp_path: Path) -> None:
    data, journal = tmp_path / "data", tmp_path / "journal"
    data.mkdir()
    open_store(data).close()
    sync_tree(data)  # installed; the attachments directory is made by the first filing, after this
    # SQLite fsyncs the data dir at a process's first commit (it syncs the directory of a WAL it opens), so
    # the directory made by a first filing before any other commit is durable; here the kiosk committed first.
    command = [sys.executable, "-c", KIOSK_FILINGS, str(data), "busy"]
    with Running(command, env=preload_env(data, journal)) as child:
        child.out.wait_for("committed 1 ")
        child.process.kill()
        child.process.wait()
        printed = child.out.rest().splitlines()
    saved = [uuid.UUID(line.split()[2]) for line in printed if line.startswith("committed ")]

    report = cut(data, journal, random.Random(0), drop_all=True)

    store = open_store(data)
    try:
        filings = FilingStore(store, data, "K01", ZoneInfo("Asia/Shanghai"))
        for filing_id in saved:
            record = filings.get(filing_id)
            assert record is not None, (filing_id, report)
            for file in record.attachments:
                assert filings.attachment_path(file.sha256).exists(), report
    finally:
        store.close()
