"""Version skew in a hall upgraded kiosk by kiosk (docs/upgrades.md): the previous release's kiosk files with this
hall, this kiosk files with the previous release's hall, and a kiosk upgraded with messages in its outbox sends
each of them once. The previous release is the newest ``v*`` tag older than HEAD (skew_release.py); its code
runs in processes of its own, through skew_driver.py."""

from __future__ import annotations

import json
import signal
import sqlite3
import time
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from devtools.ports import free_port
from hall.filings import Filing
from hall.models import Ticket
from hall.ratings import Rating
from hall.server import Hall
from hall.tokens import Role, create_token
from kiosk.hallclient import HallClient
from kiosk.hallclient.filings import sync_worker
from kiosk.store import open_store
from tests.kiosk.hallclient.filing_fixtures import KIOSK_ID, RETENTION, filing_store, hall_bytes
from tests.kiosk.hallclient.skew_release import DRIVER, ROOT, Release, git, previous_tag
from tests.support.hall import served
from tests.support.waiting import wait_until

pytestmark = pytest.mark.e2e  # halls served over HTTP, kiosks and a hall of another release in processes

THIS_TREE = Release("HEAD", ROOT)


def driven(code: Release, data_dir: Path, *args: str) -> dict[str, Any]:
    """What skew_driver.py did, run on ``code``'s modules; it checks that those were the modules it ran."""
    done: dict[str, Any] = json.loads(code.run([str(DRIVER), *args], data_dir).splitlines()[-1])
    assert done.pop("kiosk_module").startswith(str(code.tree.resolve())), "the driver ran another tree's code"
    return done


def kiosk_dir(tmp_path: Path) -> Path:
    data_dir = tmp_path / "kiosk"
    data_dir.mkdir()
    return data_dir


def held_once(hall: Hall, numbers: list[str]) -> None:
    """Each filing number once at the hall, with its attachment's bytes, and one rating of each."""
    with hall.sessions() as session:
        filings = session.scalars(select(Filing).where(Filing.kiosk_id == KIOSK_ID)).all()
        rated = session.scalars(select(Rating.filing_id).where(Rating.filing_id.is_not(None))).all()
    assert sorted(f.number for f in filings) == sorted(numbers)
    assert sorted(rated) == sorted(numbers)
    for held in filings:
        [attachment] = held.attachments
        assert hall_bytes(hall, attachment["sha256"]) is not None


def test_a_kiosk_of_the_previous_release_files_and_rates_with_this_hall(
    previous_release: Release, hall: Hall, tmp_path: Path
) -> None:
    data_dir = kiosk_dir(tmp_path)
    token = create_token(hall.sessions, KIOSK_ID, Role.KIOSK)
    with served(hall.app) as url:
        done = driven(previous_release, data_dir, "send", str(data_dir), url, token)
    assert done["pending"] == 0
    assert done["catalog"]["read"] == done["catalog"]["served"] > 0  # every item of the guide shown
    held_once(hall, done["filings"])
    with hall.sessions() as session:
        tickets = session.scalar(select(func.count()).select_from(Ticket).where(Ticket.number == done["ticket"]))
    assert tickets == 1


def test_this_kiosk_files_and_rates_with_the_previous_releases_hall(previous_release: Release, tmp_path: Path) -> None:
    hall_dir, data_dir = tmp_path / "hall", kiosk_dir(tmp_path)
    hall_dir.mkdir()
    config = str(previous_release.tree / "config" / "hall.toml")
    db = f"sqlite:///{hall_dir / 'hall.db'}"
    hall_options = ["--config", config, "--db", db]
    created = previous_release.run(
        ["-m", "kiosk", "hall", "token", "create", "--name", KIOSK_ID, "--role", "kiosk", *hall_options], hall_dir
    )
    token = created.strip().splitlines()[-1]
    port = free_port()
    serve = ["-m", "kiosk", "hall", "serve", *hall_options, "--host", "127.0.0.1", "--port", str(port)]
    url = f"http://127.0.0.1:{port}"
    with previous_release.start(serve, hall_dir) as old_hall:
        with HallClient(url, token) as client:
            old_hall.wait_until(lambda: answers(client), "the previous release's hall answering")
            done = driven(THIS_TREE, data_dir, "send", str(data_dir), url, token)
            at_hall = client.get("/api/v1/filings", kiosk_id=KIOSK_ID)["filings"]
        old_hall.stop(signal.SIGTERM)
    assert done["pending"] == 0
    assert done["catalog"]["read"] == done["catalog"]["served"] > 0
    assert sorted(f["number"] for f in at_hall) == sorted(done["filings"])
    # The previous release's tables, read as they are: what it kept of the number and the rating.
    with sqlite3.connect(hall_dir / "hall.db") as database:
        tickets = database.execute("SELECT count(*) FROM ticket WHERE number = ?", (done["ticket"],)).fetchone()
        rated = [row[0] for row in database.execute("SELECT filing_id FROM rating")]
    assert tickets == (1,)
    assert sorted(rated) == sorted(done["filings"])


def answers(client: HallClient) -> bool:
    try:
        client.get("/api/v1/filings", kiosk_id=KIOSK_ID)
    except Exception:
        time.sleep(0.1)
        return False
    return True


def test_a_kiosk_upgraded_with_messages_in_its_outbox_sends_each_once(
    previous_release: Release, hall: Hall, tmp_path: Path
) -> None:
    data_dir = kiosk_dir(tmp_path)
    kept = driven(previous_release, data_dir, "keep", str(data_dir), "3")["filings"]  # the hall is away
    store = open_store(data_dir)  # this release's store: its migrations upgrade the previous one's
    try:
        token = create_token(hall.sessions, KIOSK_ID, Role.KIOSK)
        with served(hall.app) as url, HallClient(url, token) as client:
            filings = filing_store(store, data_dir)
            worker = sync_worker(store, client, filings, KIOSK_ID, retention=RETENTION, interval_s=0.05).start()
            try:

                def drained() -> bool:
                    worker.wake(everything=True)
                    return worker.pending() == 0

                assert wait_until(drained, timeout=120)
            finally:
                worker.stop()
            assert all((record := filings.by_number(number)) is not None and record.synced for number in kept)
    finally:
        store.close()
    held_once(hall, kept)


def test_the_previous_release_is_the_newest_tag_older_than_head(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()

    def commit(tag: str | None = None) -> None:
        git(repo, "commit", "--allow-empty", "-q", "-m", "a change")
        if tag:
            git(repo, "tag", "-a", tag, "-m", tag)

    assert previous_tag(tmp_path) is None  # not a clone at all
    git(repo, "init", "-q")
    git(repo, "config", "user.email", "dev@example.invalid")
    git(repo, "config", "user.name", "dev")
    commit()
    commit()
    assert previous_tag(repo) is None  # no tags (a shallow clone has none either)
    commit("v0.1.0")
    commit("not-a-release")
    commit("v0.2.0")
    assert previous_tag(repo) == "v0.1.0"  # HEAD is the release being made: the one before it
    commit()
    assert previous_tag(repo) == "v0.2.0"
