"""The kiosk keeps its copies of ID numbers sealed under a key file of its own and finds them by a keyed hash; free
text is stored masked; a store an older version wrote in clear is converted, its backup masked."""

from __future__ import annotations

import json
import sqlite3
import stat
import uuid
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from alembic import command
from sqlalchemy import select

from common.schema import current_revision
from kiosk.hallclient import outbox
from kiosk.hallclient.filings import filing_fields
from kiosk.store import Filing, FilingAttachment, OutboxMessage, Store, open_store
from kiosk.store.database import create_sqlite_engine
from kiosk.store.filings import FilingStore
from kiosk.store.schema import store_migrations
from tests.kiosk.store.filing_helpers import attachment, new_filing
from tests.support.clocks import FrozenClock

SHANGHAI = ZoneInfo("Asia/Shanghai")
ID_X = "11010119800101123X"
TYPED = "110101 19810202 1234"  # typed into free text, with spaces
BIRTH_DATES = (b"19800101", b"19810202")


def raw_bytes(data_dir: Path) -> bytes:
    """Every byte of every file the store and its backups are made of (main file, -wal, -shm)."""
    return b"".join(path.read_bytes() for path in data_dir.glob("kiosk.db*"))


@pytest.fixture
def store(data_dir: Path) -> Store:
    data_dir.mkdir(parents=True)
    return open_store(data_dir)


def filings_of(store: Store, data_dir: Path) -> FilingStore:
    return FilingStore(store, data_dir, "K01", SHANGHAI, clock=FrozenClock(datetime(2026, 12, 5, 2, tzinfo=UTC)))


def test_the_id_number_is_sealed_found_by_its_hash_and_sent_in_clear_to_the_hall(store: Store, data_dir: Path) -> None:
    filings = filings_of(store, data_dir)
    typed_form = new_filing(attachment(100, name=f"身份证 {TYPED}"), form_text=f"经营者证号 {TYPED}", id_number=ID_X)
    saved = filings.save(typed_form)
    filings.save(new_filing())  # someone else's
    with store.sessions.begin() as session:
        outbox.enqueue(session, "rating", {"comment": f"我的身份证 {ID_X}", "level": 1})
    assert [record.id for record in filings.by_id_number(ID_X.lower())] == [saved.id]
    assert saved.form["business_name"] == "经营者证号 110101 ******** 1234"
    with store.sessions() as session:
        row = session.get(Filing, saved.id)
        assert row is not None and row.id_number_sealed and row.id_number_sealed.startswith("v2:")
        fields = filing_fields(session, saved.id, "kiosk-01", store.keys)
        payloads = [m.payload for m in session.scalars(select(OutboxMessage))]
        names = list(session.scalars(select(FilingAttachment.name)))
    assert fields is not None and fields["applicant"]["id_number"] == ID_X
    assert fields["form"]["business_name"] == f"经营者证号 {TYPED}"  # the hall gets what was typed, and masks it
    assert {"comment": "我的身份证 110101********123X", "level": 1} in payloads
    assert names == ["身份证 110101 ******** 1234"]
    store.close()
    on_disk = raw_bytes(data_dir)
    assert [date for date in BIRTH_DATES if date in on_disk] == []
    key_file = data_dir / "keys" / "kiosk-id.key"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600 and stat.S_IMODE(key_file.parent.stat().st_mode) == 0o700
    assert key_file.read_text().strip().encode() not in on_disk


def test_another_key_file_opens_nothing_and_finds_nothing(store: Store, data_dir: Path, tmp_path: Path) -> None:
    saved = filings_of(store, data_dir).save(new_filing(id_number=ID_X))
    store.close()
    other = open_store(data_dir, key_file=tmp_path / "other.key")
    try:
        assert filings_of(other, data_dir).by_id_number(ID_X) == []
        with other.sessions() as session, pytest.raises(Exception, match="key file"):
            filing_fields(session, saved.id, "kiosk-01", other.keys)
    finally:
        other.close()


def test_a_store_written_in_clear_is_sealed_on_upgrade_and_its_backup_masked(data_dir: Path) -> None:
    data_dir.mkdir()
    path = data_dir / "kiosk.db"
    engine = create_sqlite_engine(path)
    config = store_migrations()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0004")
    filing_id = uuid.uuid4()
    with engine.begin() as connection:
        connection.exec_driver_sql(
            "INSERT INTO filing (id, number, item_code, item_name, created_at, service_day, applicant_name, id_number,"
            " id_number_masked, form, materials_to_bring, delivery_method, delivery_address, missing_materials,"
            " result_ready, collected) VALUES (?, 'K01-20261205-0001', 'GT-001', '设立', '2026-12-05 02:00:00',"
            " '2026-12-05', '张三', ?, '110101********123X', ?, '[]', 'post', ?, '[]', 0, 0)",
            (filing_id.hex, ID_X, json.dumps({"id": ID_X, "note": TYPED}), f"北京 {TYPED}"),
        )
        connection.exec_driver_sql(
            "INSERT INTO outbox (id, kind, payload, created_at, attempts, next_attempt_at) VALUES (?, 'rating', ?,"
            " '2026-12-05 02:00:00', 0, '2026-12-05 02:00:00')",
            (uuid.uuid4().hex, json.dumps({"comment": ID_X})),
        )
    engine.dispose()
    assert ID_X.encode() in raw_bytes(data_dir)

    store = open_store(data_dir)
    try:
        assert current_revision(store.engine) == "0006"
        [found] = filings_of(store, data_dir).by_id_number(ID_X)
        assert found.id == filing_id and found.form == {"id": "110101********123X", "note": "110101 ******** 1234"}
        assert found.delivery_address == "北京 110101 ******** 1234"
        with store.sessions() as session:
            fields = filing_fields(session, filing_id, "kiosk-01", store.keys)
        assert fields is not None and fields["applicant"]["id_number"] == ID_X
        assert fields["form"] == {"id": ID_X, "note": TYPED}
    finally:
        store.close()
    assert list(data_dir.glob("kiosk.db.before-*"))  # the backup is kept, masked
    assert [date for date in BIRTH_DATES if date in raw_bytes(data_dir)] == []
    backup = sqlite3.connect(next(data_dir.glob("kiosk.db.before-*")))
    try:
        assert backup.execute("SELECT id_number, delivery_address FROM filing").fetchall() == [
            (None, "北京 110101 ******** 1234")
        ]
    finally:
        backup.close()


def test_a_filing_waiting_with_its_attachments_keeps_them_through_the_upgrade(data_dir: Path) -> None:
    # Migration 0006 rebuilds the filing table; with foreign keys enforced, dropping the old table would delete
    # every attachment row with it (ON DELETE CASCADE), and the filing would reach the hall without them.
    data_dir.mkdir()
    engine = create_sqlite_engine(data_dir / "kiosk.db")
    config = store_migrations()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0004")
    filing_id = uuid.uuid4()
    with engine.begin() as connection:
        connection.exec_driver_sql(
            "INSERT INTO filing (id, number, item_code, item_name, created_at, service_day, applicant_name, id_number,"
            " id_number_masked, form, materials_to_bring, delivery_method, missing_materials, result_ready,"
            " collected) VALUES (?, 'K01-20261205-0001', 'GT-001', '设立', '2026-12-05 02:00:00', '2026-12-05',"
            " '张三', ?, '110101********123X', '{}', '[]', 'kiosk', '[]', 0, 0)",
            (filing_id.hex, ID_X),
        )
        for position in (0, 1):
            connection.exec_driver_sql(
                "INSERT INTO filing_attachment (filing_id, position, sha256, name, size, content_type, uploaded)"
                " VALUES (?, ?, ?, '身份证', 100, 'image/jpeg', 0)",
                (filing_id.hex, position, f"{position}" * 64),
            )
    engine.dispose()

    store = open_store(data_dir)
    try:
        with store.sessions() as session:
            kept = session.scalars(select(FilingAttachment.sha256).order_by(FilingAttachment.position)).all()
        assert kept == ["0" * 64, "1" * 64]
        with store.engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1  # enforced again
    finally:
        store.close()
