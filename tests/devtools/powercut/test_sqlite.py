"""SQLite under the power-cut layer: unsynced commits are lost, the kiosk store's durable settings lose none."""

from __future__ import annotations

import random
import shutil
import sqlite3
import sys
from pathlib import Path

import pytest

from devtools.powercut import cut, preload_env
from devtools.powercut.journal import Kind, read_journal
from kiosk.store import open_store
from tests.devtools.powercut.children import KIOSK_STORE, SQLITE_UNSYNCED
from tests.devtools.powercut.disk import sync_tree
from tests.support.processes import Running

pytestmark = pytest.mark.e2e

COMMITS_BEFORE_THE_KILL = 40


def committed_then_killed(
    program: str, target: Path, watched: Path, journal: Path, commits: int = COMMITS_BEFORE_THE_KILL
) -> list[int]:
    """Run ``program`` under the layer until it confirmed ``commits`` commits, SIGKILL it mid-stream, and
    return every number it confirmed (the lines already printed when it died)."""
    with Running([sys.executable, "-c", program, str(target)], env=preload_env(watched, journal)) as child:
        child.out.wait_for(f"committed {commits}")
        child.process.kill()
        child.process.wait()
        printed = child.out.rest()
    return [int(line.split()[1]) for line in printed.splitlines() if line.startswith("committed ")]


def test_commits_that_were_never_synced_are_lost_in_a_power_cut(tmp_path: Path) -> None:
    watched, journal = tmp_path / "data", tmp_path / "journal"
    watched.mkdir()
    database = watched / "probe.db"
    with sqlite3.connect(database) as db:
        db.execute("CREATE TABLE probe (n INTEGER PRIMARY KEY, pad TEXT)")
    sync_tree(watched)

    confirmed = committed_then_killed(SQLITE_UNSYNCED, database, watched, journal)
    sigkill_only = shutil.copytree(watched, tmp_path / "copy")  # read a copy: opening it checkpoints the WAL
    with sqlite3.connect(sigkill_only / "probe.db") as db:  # a SIGKILL alone loses none of them
        assert db.execute("SELECT count(*) FROM probe").fetchone()[0] >= len(confirmed)

    report = cut(watched, journal, random.Random(1), drop_all=True)

    with sqlite3.connect(database) as db:
        survivors = db.execute("SELECT count(*) FROM probe").fetchone()[0]
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert survivors < len(confirmed), report  # the layer bites: confirmed rows are gone
    assert report.writes_dropped > 0


@pytest.mark.parametrize("seed", [None, 1, 2, 3, 4])
def test_the_kiosk_store_keeps_every_confirmed_commit_through_a_power_cut(tmp_path: Path, seed: int | None) -> None:
    watched, journal = tmp_path / "data", tmp_path / "journal"
    watched.mkdir()
    open_store(watched).close()  # installed and started before: its files exist and are durable
    sync_tree(watched)

    commits = COMMITS_BEFORE_THE_KILL + 7 * (seed or 0)  # killed at a different point for each seed
    confirmed = committed_then_killed(KIOSK_STORE, watched, watched, journal, commits)
    report = cut(watched, journal, random.Random(seed), drop_all=seed is None)

    store = open_store(watched)
    try:
        with store.engine.connect() as connection:
            check = connection.exec_driver_sql("PRAGMA integrity_check").scalar()
            ids = [row[0] for row in connection.exec_driver_sql("SELECT id FROM audit_entry ORDER BY id")]
    finally:
        store.close()
    assert check == "ok", report
    assert set(confirmed) <= set(ids), report  # every commit that returned before the kill survived
    assert ids == list(range(1, len(ids) + 1))  # and nothing half-written sits between them
    assert report.records > 0 and report.shm_removed == 1


@pytest.mark.parametrize("seed", [5, 6])
def test_the_kiosk_store_survives_a_power_cut_after_checkpoints(tmp_path: Path, seed: int) -> None:
    watched, journal = tmp_path / "data", tmp_path / "journal"
    watched.mkdir()
    open_store(watched).close()
    sync_tree(watched)

    confirmed = committed_then_killed(KIOSK_STORE, watched, watched, journal, commits=700 + 50 * seed)
    written = {Path(record.path).name for record in read_journal(journal) if record.kind is Kind.DATA}
    assert "kiosk.db" in written  # SQLite checkpointed the WAL into the database, and then started it again
    report = cut(watched, journal, random.Random(seed))

    store = open_store(watched)
    try:
        with store.engine.connect() as connection:
            check = connection.exec_driver_sql("PRAGMA integrity_check").scalar()
            ids = [row[0] for row in connection.exec_driver_sql("SELECT id FROM audit_entry ORDER BY id")]
    finally:
        store.close()
    assert check == "ok", report
    assert set(confirmed) <= set(ids) and ids == list(range(1, len(ids) + 1)), report
