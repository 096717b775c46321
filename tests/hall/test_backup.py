"""A hall backed up while open and restored into a fresh hall (a new data dir, a new database) holds every filing
with its attachments' bytes, its tickets and ratings, and still opens the sealed ID numbers: on SQLite and on
PostgreSQL (pg_dump and pg_restore)."""

from __future__ import annotations

import json
import stat
import subprocess
import threading
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from sqlalchemy import func, select

from common.schema import alembic_config, code_head
from common.settings import load_hall_config
from common.settings.models import HallConfig
from devtools.ports import free_port
from devtools.postgres import create_database, drop_database
from hall.backup import make_backup
from hall.backup_files import MANIFEST, BackupError, HallPlaces
from hall.database import MIGRATIONS, create_hall_engine
from hall.instance import instance_id
from hall.models import Ticket
from hall.ratings import Rating
from hall.restore import restore_backup
from hall.server import Hall
from tests.hall.uploads import MB, jpeg, sha
from tests.support.filings import FilingApi, filing_api
from tests.support.hall import MONDAY_10AM, open_hall, sqlite_url
from tests.support.paths import SHIPPED_CONFIG
from tests.support.ratings import add_rating
from tests.support.waiting import wait_until


def quiet(config: HallConfig) -> HallConfig:
    """The hall's config on a port nobody serves: the restore's check that the hall is stopped passes."""
    return config.model_copy(update={"server": config.server.model_copy(update={"port": free_port()})})


@pytest.fixture
def fresh_url(hall_db_url: str, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[str]:
    """Another empty database of the same kind as ``hall_db_url``."""
    if hall_db_url.startswith("sqlite"):
        (tmp_path / "fresh").mkdir()
        yield sqlite_url(tmp_path / "fresh")
        return
    server: str = request.getfixturevalue("postgres_server")
    name = f"restored_{uuid.uuid4().hex[:12]}"
    url = create_database(server, name)
    try:
        yield url
    finally:
        drop_database(server, name)


def fill(api: FilingApi) -> dict[str, Any]:
    """Several filings with attachments of several MB (one with a result document), tickets, ratings."""
    files = [jpeg(size) for size in (3 * MB, 2 * MB, MB + 17, 400_000)]
    for data in files:
        put = api.client.put(
            f"/api/v1/attachments/{sha(data)}", content=data, headers={**api.kiosk, "Content-Type": "image/jpeg"}
        )
        assert put.status_code == 201, put.text
    filings = []
    for sequence, chosen in enumerate((files[:2], files[2:3], files[3:], []), start=1):
        refs = [
            {"sha256": sha(d), "name": f"材料{n}", "size": len(d), "content_type": "image/jpeg"}
            for n, d in enumerate(chosen)
        ]
        filings.append(api.filed(sequence, attachments=refs))
    assert api.act(filings[0]["id"], "accept").status_code == 200
    assert api.act(filings[0]["id"], "approve").status_code == 200
    assert api.upload_result(filings[0]["id"]).status_code == 200
    for category in ("A", "A", "B"):
        taken = api.client.post("/api/v1/tickets", json={"category": category}, headers=api.kiosk)
        assert taken.status_code == 201, taken.text
    for level in (5, 1):
        add_rating(api.hall.sessions, MONDAY_10AM, level)
    return {"files": files, "filings": [f["id"] for f in filings]}


def read_back(api: FilingApi, filing_ids: list[str]) -> dict[str, Any]:
    """Every filing as the hall's API gives it: the kiosk's view, the staff's detail (the sealed ID number opened)
    and every attachment's and result's bytes."""
    seen: dict[str, Any] = {}
    for filing_id in filing_ids:
        detail = api.client.get(f"/api/v1/filings/{filing_id}/detail", headers=api.staff)
        assert detail.status_code == 200, detail.text
        body = detail.json()
        blobs = {}
        for ref in body["attachments"]:
            got = api.client.get(f"/api/v1/attachments/{ref['sha256']}", headers=api.staff)
            assert got.status_code == 200, got.text
            blobs[ref["sha256"]] = got.content
        result = api.client.get(f"/api/v1/filings/{filing_id}/result", headers=api.staff)
        seen[filing_id] = {
            "filing": api.get(filing_id),
            "applicant": body["applicant"],
            "attachments": blobs,
            "result": result.content if result.status_code == 200 else result.status_code,
        }
    return seen


def test_a_restored_hall_holds_every_filing_with_its_bytes(
    hall: Hall, hall_db_url: str, fresh_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with filing_api(hall) as api:
        made = fill(api)
        before = read_back(api, made["filings"])
    with hall.sessions() as session:
        old_instance = instance_id(session)
        tickets = session.scalar(select(func.count()).select_from(Ticket))
    backup = make_backup(HallPlaces.of(hall.config, hall_db_url), tmp_path / "backups")

    manifest = json.loads((backup / MANIFEST).read_text())
    assert manifest["database"] == ("sqlite" if hall_db_url.startswith("sqlite") else "postgresql")
    assert manifest["revision"] and manifest["counts"]["filing"] == 4 and manifest["counts"]["ticket"] == 3
    assert manifest["counts"]["rating"] == 2 and manifest["counts"]["attachment_files"] == 5  # 4 + the result
    assert {"keys/id-hash.key", "filing-id.key"} <= set(manifest["files"])
    for path in [backup, *backup.rglob("*")]:  # the keys are in it: the owner only
        assert stat.S_IMODE(path.stat().st_mode) == (0o700 if path.is_dir() else 0o600), path

    monkeypatch.setenv("KIOSK_DATA_DIR", str(tmp_path / "fresh-data"))  # a new hall: no keys, no attachments
    restored = restore_backup(quiet(hall.config), HallPlaces.of(hall.config, fresh_url), tmp_path / "backups")
    assert restored.backup == backup and restored.revision == manifest["revision"]
    with open_hall(fresh_url) as again, filing_api(again) as api:
        after = read_back(api, made["filings"])
        with again.sessions() as session:
            assert session.scalar(select(func.count()).select_from(Ticket)) == tickets
            assert session.scalar(select(func.count()).select_from(Rating)) == 2
            assert instance_id(session) not in (None, old_instance)  # its kiosks learn of the restore
    assert after == before
    assert sorted(b for f in after.values() for b in f["attachments"].values()) == sorted(made["files"])
    assert after[made["filings"][0]]["result"][:4] == b"%PDF"


def test_a_damaged_or_missing_file_in_the_backup_is_refused_before_anything_changes(
    hall: Hall, hall_db_url: str, fresh_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with filing_api(hall) as api:
        fill(api)
    backup = make_backup(HallPlaces.of(hall.config, hall_db_url), tmp_path / "backups")
    victim = sorted(p for p in (backup / "attachments").rglob("*") if p.is_file())[0]
    with victim.open("r+b") as damaged:
        damaged.seek(1000)
        damaged.write(b"\x00\x01")
    (backup / "keys" / "id-hash.key").unlink()
    monkeypatch.setenv("KIOSK_DATA_DIR", str(tmp_path / "fresh-data"))
    places = HallPlaces.of(hall.config, fresh_url)
    with pytest.raises(BackupError) as refused:
        restore_backup(quiet(hall.config), places, backup)
    message = str(refused.value)
    assert "备份已损坏，没有做任何改动" in message and "nothing was changed" in message
    assert f"attachments/{victim.relative_to(backup / 'attachments')} (校验不符 / checksum differs)" in message
    assert "keys/id-hash.key (缺失 / missing)" in message
    assert not (tmp_path / "fresh-data").exists() or not any((tmp_path / "fresh-data").rglob("*.key"))


def test_a_hall_that_is_not_empty_is_refused_unless_forced(
    hall: Hall, hall_db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with filing_api(hall) as api:
        made = fill(api)
    backup = make_backup(HallPlaces.of(hall.config, hall_db_url), tmp_path / "backups")
    with filing_api(hall) as api:
        extra = api.filed(9)["id"]  # after the backup
    places = HallPlaces.of(hall.config, hall_db_url)
    hall.engine.dispose()
    with pytest.raises(BackupError) as refused:
        restore_backup(quiet(hall.config), places, backup)
    message = str(refused.value)
    assert message.startswith("目标大厅不是空的，没有做任何改动 / the target hall is not empty, nothing was changed")
    assert "attachment files in" in message and "add --force" in message
    hall.close()  # the hall is stopped for the forced restore
    restore_backup(quiet(hall.config), places, backup, force=True)
    with open_hall(hall_db_url) as again, filing_api(again) as api:
        assert api.client.get(f"/api/v1/filings/{extra}", headers=api.kiosk).status_code == 404
        assert all(api.get(filing_id)["id"] == filing_id for filing_id in made["filings"])


def test_a_backup_cut_short_leaves_nothing_that_looks_complete(
    hall: Hall, hall_db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with filing_api(hall) as api:
        fill(api)
    places = HallPlaces.of(hall.config, hall_db_url)
    broken = places.attachments / "ff" / "ee"
    broken.mkdir(parents=True)
    (broken / ("ffee" + "0" * 60)).write_bytes(b"not what the name says")  # a damaged store file
    with pytest.raises(BackupError, match="is damaged"):
        make_backup(places, tmp_path / "backups")
    assert list((tmp_path / "backups").iterdir()) == []  # neither a backup nor its temporary folder


def test_a_missing_backup_directory_is_refused_in_words(hall: Hall, hall_db_url: str, tmp_path: Path) -> None:
    places = HallPlaces.of(hall.config, hall_db_url)
    with pytest.raises(BackupError) as missing:
        restore_backup(quiet(hall.config), places, tmp_path / "nowhere")
    assert str(missing.value) == f"备份目录不存在 / there is no backup directory {tmp_path / 'nowhere'}: check the path"
    (tmp_path / "empty").mkdir()
    with pytest.raises(BackupError, match="no complete backup in"):
        restore_backup(quiet(hall.config), places, tmp_path / "empty")


def test_a_backup_of_an_older_schema_is_migrated_forward_on_restore(tmp_path: Path) -> None:
    (tmp_path / "old").mkdir()
    old_url = sqlite_url(tmp_path / "old")
    config = alembic_config(MIGRATIONS)
    older = str(int(code_head(config)) - 1).zfill(4)
    engine = create_hall_engine(old_url)
    with engine.begin() as connection:  # a hall as the version before this one left it
        config.attributes["connection"] = connection
        command.upgrade(config, older)
    engine.dispose()
    hall_config = quiet(load_hall_config(SHIPPED_CONFIG / "hall.toml"))
    backup = make_backup(HallPlaces.of(hall_config, old_url), tmp_path / "backups")
    assert json.loads((backup / MANIFEST).read_text())["revision"] == older
    (tmp_path / "fresh").mkdir()
    restored = restore_backup(hall_config, HallPlaces.of(hall_config, sqlite_url(tmp_path / "fresh")), backup)
    assert restored.manifest.revision == older and restored.revision == code_head(config)


def test_a_backup_taken_while_filings_arrive_names_only_files_it_holds(
    hall: Hall, hall_db_url: str, fresh_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    stop = threading.Event()
    filed: list[str] = []

    def kiosk() -> None:  # files one filing with a fresh attachment after another until told to stop
        with filing_api(hall) as api:
            for sequence in range(1, 200):
                if stop.is_set():
                    return
                data = jpeg(200_000)
                headers = {**api.kiosk, "Content-Type": "image/jpeg"}
                assert api.client.put(f"/api/v1/attachments/{sha(data)}", content=data, headers=headers).is_success
                ref = {"sha256": sha(data), "name": "照片", "size": len(data), "content_type": "image/jpeg"}
                filed.append(api.filed(sequence, attachments=[ref])["id"])

    worker = threading.Thread(target=kiosk)
    worker.start()
    try:
        assert wait_until(lambda: len(filed) >= 3, timeout=60)
        backup = make_backup(HallPlaces.of(hall.config, hall_db_url), tmp_path / "backups")
    finally:
        stop.set()
        worker.join(timeout=60)
    monkeypatch.setenv("KIOSK_DATA_DIR", str(tmp_path / "fresh-data"))
    restore_backup(quiet(hall.config), HallPlaces.of(hall.config, fresh_url), backup)
    with open_hall(fresh_url) as again, filing_api(again) as api:
        listed = api.client.get("/api/v1/filings", params={"kiosk_id": "kiosk-01", "limit": 500}, headers=api.kiosk)
        held = [f["id"] for f in listed.json()["filings"]]
        assert len(held) >= 3 and set(held) <= set(filed)
        read_back(api, held)  # every attachment the restored database names is there, with its bytes


@pytest.mark.e2e
def test_a_postgresql_database_still_in_use_is_refused(postgres_server: str, tmp_path: Path) -> None:
    name = f"busy_{uuid.uuid4().hex[:12]}"
    url = create_database(postgres_server, name)
    engine = create_hall_engine(url)
    try:
        with open_hall(url) as hall:
            config = quiet(hall.config)
            backup = make_backup(HallPlaces.of(config, url), tmp_path / "backups")
        with engine.connect(), pytest.raises(BackupError) as refused:  # another server process holds a session
            restore_backup(config, HallPlaces.of(config, url), backup, force=True)
        assert "the hall is still serving (1 other sessions use the database)" in str(refused.value)
    finally:
        engine.dispose()
        drop_database(postgres_server, name)


@pytest.mark.e2e
def test_a_postgresql_database_that_is_not_there_is_refused_in_words(postgres_server: str, tmp_path: Path) -> None:
    config = quiet(load_hall_config(SHIPPED_CONFIG / "hall.toml"))
    missing = HallPlaces.of(config, f"{postgres_server}/no_such_hall")
    with pytest.raises(BackupError) as refused:
        make_backup(missing, tmp_path / "backups")
    assert "连不上 PostgreSQL 数据库，请检查 --db 或 database.url / cannot reach the PostgreSQL database" in str(
        refused.value
    )
    assert list((tmp_path / "backups").iterdir()) == []


@pytest.mark.e2e  # starts a process, to have the pid of one that has ended
def test_what_a_killed_backup_left_is_no_backup_and_goes_at_the_next_one(
    hall: Hall, hall_db_url: str, tmp_path: Path
) -> None:
    backups = tmp_path / "backups"
    dead_pid = _ended_pid()  # a process that has ended: its pid names no running backup
    abandoned = backups / f".20261205T020000Z.partial-{dead_pid}"
    (abandoned / "attachments").mkdir(parents=True)
    (abandoned / "hall.db").write_bytes(b"half a database")
    places = HallPlaces.of(hall.config, hall_db_url)
    with pytest.raises(BackupError, match="no complete backup in"):
        restore_backup(quiet(hall.config), places, backups)
    made = make_backup(places, backups)
    assert [p.name for p in backups.iterdir()] == [made.name]


def _ended_pid() -> int:
    process = subprocess.Popen(["true"])
    process.wait()
    return process.pid
