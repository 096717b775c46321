"""Opening the local store: durable SQLite settings, a schema check that refuses newer data, then migrations."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import DatabaseError
from sqlalchemy.orm import Session, sessionmaker

from common.backups import mask_backups
from common.errors import StoreError
from common.schema import migrate
from common.settings.paths import private_sqlite_file
from kiosk.store.keys import StoreKeys, default_key_file
from kiosk.store.schema import store_migrations

STORE_FILE = "kiosk.db"


@dataclass(frozen=True)
class Store:
    path: Path
    engine: Engine
    sessions: sessionmaker[Session]
    keys: StoreKeys  # seals the ID numbers kept here (kiosk/store/keys.py)

    def close(self) -> None:
        self.engine.dispose()


def _durable_sqlite(dbapi_connection: Any, _record: Any) -> None:
    # WAL lets the UI read while the sync worker writes; FULL syncs the WAL on every commit, so a ticket or
    # filing that was confirmed to a citizen survives a power cut.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    # Deleted content is overwritten, so a purged ID number (kiosk/store/filings.py) leaves no trace in free pages.
    cursor.execute("PRAGMA secure_delete=ON")
    cursor.close()


def create_sqlite_engine(path: Path) -> Engine:
    engine = create_engine(f"sqlite:///{path}", connect_args={"check_same_thread": False})
    event.listen(engine, "connect", _durable_sqlite)
    return engine


def open_store(data_dir: Path, file_name: str = STORE_FILE, *, key_file: Path | None = None) -> Store:
    """Open (or create) the store in ``data_dir`` and bring its schema to this version's head.

    ``key_file`` (default: the data dir's keys/kiosk-id.key, made on first start) seals the ID numbers kept here;
    it is never in the database. The hall device controller keeps its own file beside the kiosk's
    (``hall-devices.db``)."""
    path = data_dir / file_name
    _refuse_foreign_file(path)
    keys = StoreKeys.from_file(key_file or default_key_file(data_dir))
    private_sqlite_file(path)  # 0600, and its -wal and -shm with it: it holds personal data
    engine = create_sqlite_engine(path)
    migrations = store_migrations()
    migrations.attributes["store_keys"] = keys  # the migration that seals ID numbers kept in clear before
    try:
        migrate(engine, path, migrations)
    except DatabaseError as error:
        engine.dispose()
        raise StoreError(
            f"本地数据库无法打开 / the local store cannot be opened: {path} ({error.orig}); nothing was changed"
        ) from None
    except StoreError:
        engine.dispose()
        raise
    mask_backups(path, emptied=[("filing", "id_number")])  # the copy made before migration 0006 sealed them
    return Store(path=path, engine=engine, sessions=sessionmaker(engine, expire_on_commit=False), keys=keys)


def _refuse_foreign_file(path: Path) -> None:
    """Check the header read-only, so that switching the file to WAL never touches something not ours."""
    if not path.exists() or path.stat().st_size == 0:
        return
    try:
        probe = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.Error as error:
        raise StoreError(f"本地数据库无法打开 / the local store cannot be opened: {path} ({error})") from None
    try:
        probe.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.DatabaseError as error:
        raise StoreError(
            f"本地数据库文件已损坏或不是数据库 / not a usable store file: {path} ({error}); nothing was changed"
        ) from None
    finally:
        probe.close()
