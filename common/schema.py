"""Schema versions of the kiosk's store and the hall's database: Alembic revisions numbered 0001, 0002 ...;
a database newer than the code is refused, an older one is backed up (SQLite) and upgraded."""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine

from common.errors import StoreError
from common.settings.paths import private_sqlite_file

log = logging.getLogger(__name__)


def alembic_config(migrations: Path) -> Config:
    """Alembic run from ``migrations`` (a folder with env.py and versions/), on a connection handed over."""
    config = Config()
    config.set_main_option("script_location", str(migrations))
    return config


def code_head(config: Config) -> str:
    head = ScriptDirectory.from_config(config).get_current_head()
    assert head is not None, "no migrations in this folder"
    return head


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def migrate(engine: Engine, path: Path | None, config: Config) -> None:
    """Refuse a database this code does not know; back it up (SQLite files), then upgrade it to head."""
    where = str(path) if path is not None else engine.url.render_as_string(hide_password=True)
    scripts = ScriptDirectory.from_config(config)
    known = {script.revision for script in scripts.walk_revisions()}
    head = code_head(config)
    current = current_revision(engine)
    if current is not None and current not in known:
        if current.isdigit() and int(current) > int(head):
            raise StoreError(
                f"数据库来自更新版本的软件 / the database {where} was written by a newer version of this "
                f"software (schema {current}; this version knows up to {head}): install that version or use "
                "another data directory; nothing was changed"
            )
        raise StoreError(
            f"数据库的结构版本未知 / the database {where} has an unknown schema revision {current!r}; "
            "nothing was changed"
        )
    if current == head:
        return
    if current is not None and path is not None:
        _backup(path, f"{path.name}.before-{head}")
    log.info("migrating %s from schema %s to %s", where, current or "empty", head)
    with engine.connect() as connection:
        enforced = _foreign_keys(connection, None)
        try:
            with connection.begin():
                config.attributes["connection"] = connection
                command.upgrade(config, "head")
                _check_foreign_keys(connection, where)
        finally:
            _foreign_keys(connection, enforced)


def _foreign_keys(connection: Connection, enforce: bool | None) -> bool | None:
    """On SQLite, set foreign key enforcement (None: off) and say whether it was on; elsewhere nothing.

    A migration that changes a table on SQLite rebuilds it (copy, drop, rename); with enforcement on, dropping
    the old table would delete the rows that refer to it (ON DELETE CASCADE), so migrations run with it off, as
    SQLite's documentation prescribes, and a check afterwards. The pragma is ignored inside a transaction: it is
    set, and committed, between them."""
    if connection.dialect.name != "sqlite":
        return None
    was = bool(connection.exec_driver_sql("PRAGMA foreign_keys").scalar())
    connection.exec_driver_sql(f"PRAGMA foreign_keys={'ON' if enforce else 'OFF'}")
    connection.commit()
    return was


def _check_foreign_keys(connection: Connection, where: str) -> None:
    if connection.dialect.name != "sqlite":
        return
    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").all()
    if broken:
        raise StoreError(
            f"迁移后数据库的引用不一致 / after migrating {where}, {len(broken)} rows refer to rows that are not "
            f"there (first: {tuple(broken[0])}); the copy from before the migration is kept beside it"
        )


def _backup(path: Path, name: str) -> None:
    """A consistent copy made with SQLite's online backup, kept beside the store."""
    target = private_sqlite_file(path.with_name(name))  # a copy of personal data: 0600 like the store
    source = sqlite3.connect(path)
    copy = sqlite3.connect(target)
    try:
        source.backup(copy)
    finally:
        copy.close()
        source.close()
    log.info("backed up %s to %s before migrating", path, target)
