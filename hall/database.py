"""The hall database: SQLite by default, PostgreSQL in production; migrated at start-up, newer schemas refused."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

from common.backups import mask_backups
from common.schema import alembic_config, migrate
from common.settings.paths import private_sqlite_file

MIGRATIONS = Path(__file__).parent / "migrations"
HALL_DB_FILE = "hall.db"


def default_url(data_dir: Path) -> str:
    return f"sqlite:///{data_dir / HALL_DB_FILE}"


def _sqlite_settings(dbapi_connection: Any, _record: Any) -> None:
    # Autocommit at the driver level so that SQLAlchemy's begin below decides the transaction mode.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


READ_ONLY = "hall_read_only"


def _begin(connection: Any) -> None:
    # A transaction that may write takes the write lock when it starts: a deferred transaction that reads and
    # then writes fails at once (SQLITE_BUSY, no waiting) when another connection wrote in between, which
    # concurrent kiosks do. A read-only one (see read_only) starts deferred: in WAL mode it reads a snapshot and
    # never waits for the write lock.
    deferred = connection.get_execution_options().get(READ_ONLY, False)
    connection.exec_driver_sql("BEGIN" if deferred else "BEGIN IMMEDIATE")


def read_only(engine: Engine) -> Engine:
    """The same engine and pool for transactions that only read: on SQLite they do not queue for the write lock.
    Nothing may be written through it (on SQLite a write there could fail with "database is locked")."""
    return engine.execution_options(**{READ_ONLY: True})


def create_hall_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 10})
        event.listen(engine, "connect", _sqlite_settings)
        event.listen(engine, "begin", _begin)
        return engine
    return create_engine(url, pool_size=10, max_overflow=20, pool_pre_ping=True)


def open_hall_database(url: str) -> tuple[Engine, sessionmaker[Session]]:
    engine = create_hall_engine(url)
    path = Path(url.removeprefix("sqlite:///")) if url.startswith("sqlite:///") else None
    if path is not None and path.name != ":memory:":
        private_sqlite_file(path)  # 0600, and its -wal and -shm with it
    try:
        migrate(engine, path, alembic_config(MIGRATIONS))
    except Exception:
        engine.dispose()
        raise
    if path is not None:
        mask_backups(path)  # the copy made before migration 0012 masked the free text
    return engine, sessionmaker(engine, expire_on_commit=False)
