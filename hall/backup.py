"""``kiosk hall backup DIR``: a consistent copy of a hall, while it serves, into ``DIR/<UTC time>/``.

The database first (SQLite's online backup API, or pg_dump's snapshot), then the attachment store: a file is in the
store before the row naming it commits, so every file the copied database names is there when the store is read.
Then the keys, then the manifest. Everything is written under a hidden temporary name beside the final one,
fsynced, and renamed into place last: a backup that was cut short never has the final name, and the name is only
there with its manifest (docs/hall.md, "Backups").
"""

from __future__ import annotations

import contextlib
import importlib.metadata
import json
import os
import secrets
import shutil
import sqlite3
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from common.settings.paths import private_dir, private_sqlite_file, sync_directory
from hall import backup_postgres
from hall.backup_files import (
    ATTACHMENTS,
    DUMP_FILE,
    FORMAT,
    ID_KEY,
    KEYS,
    MANIFEST,
    SQLITE_FILE,
    BackupError,
    HallPlaces,
    Manifest,
    copy_private,
    key_files,
    sha256_of,
    store_files,
    sync_tree,
    write_private,
)

# What the manifest counts, so that a technician can see a backup is the one expected.
COUNTED = ("ticket", "rating", "appointment", "filing", "payment_order", "audit_entry", "api_token")


def software_version() -> str:
    try:
        return importlib.metadata.version("hall-kiosk")
    except importlib.metadata.PackageNotFoundError:
        return "unknown"


def make_backup(places: HallPlaces, parent: Path, *, now: Callable[[], datetime] = lambda: datetime.now(UTC)) -> Path:
    """Back the hall up into a new directory under ``parent``; its path."""
    try:
        private_dir(parent)
    except OSError as error:
        raise BackupError(
            f"备份目录无法创建或写入 / cannot create or write the backup directory {parent}: {error.strerror}"
        ) from None
    _sweep_abandoned(parent)
    started = now()
    final = parent / started.strftime("%Y%m%dT%H%M%SZ")
    if final.exists():
        final = parent / f"{final.name}-{secrets.token_hex(2)}"
    working = parent / f".{final.name}.partial-{os.getpid()}"
    private_dir(working)
    try:
        manifest = _write(places, working, started)
        write_private(working / MANIFEST, (json.dumps(manifest.as_json(), indent=2) + "\n").encode())
        sync_tree(working)
        working.rename(final)
        sync_directory(parent)
    except BaseException:
        shutil.rmtree(working, ignore_errors=True)
        raise
    return final


def _sweep_abandoned(parent: Path) -> None:
    """Remove the temporary folders of backups whose process is gone (killed, or the machine lost power)."""
    for folder in parent.glob(".*.partial-*"):
        pid = folder.name.rsplit("-", 1)[-1]
        if not pid.isdigit() or _running(int(pid)):
            continue
        shutil.rmtree(folder, ignore_errors=True)


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's process
    return True


def _write(places: HallPlaces, working: Path, started: datetime) -> Manifest:
    if places.kind == "sqlite":
        revision, counts = _copy_sqlite(places.sqlite_path, working / SQLITE_FILE)
    else:
        backup_postgres.dump(places.url, working / DUMP_FILE)
        revision, counts = _postgres_facts(places.url)
    files: dict[str, dict[str, Any]] = {}
    database = working / (SQLITE_FILE if places.kind == "sqlite" else DUMP_FILE)
    digest, size = sha256_of(database)
    files[database.name] = {"sha256": digest, "size": size}
    attachments = store_files(places.attachments)
    for source in attachments:
        relative = source.relative_to(places.attachments)
        digest, size = copy_private(source, working / ATTACHMENTS / relative)
        if digest != source.name:
            raise BackupError(
                f"附件文件已损坏（内容与名称不符），请检查磁盘 / the attachment {source} is damaged (its bytes do not "
                "hash to its name): check the disk; no backup was written"
            )
        files[f"{ATTACHMENTS}/{relative}"] = {"sha256": digest, "size": size}
    for key in key_files(places.keys):
        digest, size = copy_private(key, working / KEYS / key.name)
        files[f"{KEYS}/{key.name}"] = {"sha256": digest, "size": size}
    if places.id_key.is_file():
        digest, size = copy_private(places.id_key, working / ID_KEY)
        files[ID_KEY] = {"sha256": digest, "size": size}
    counts["attachment_files"] = len(attachments)
    return Manifest(FORMAT, started, software_version(), revision, places.kind, counts, files)


def _copy_sqlite(source: Path, target: Path) -> tuple[str | None, dict[str, int]]:
    if not source.is_file():
        raise BackupError(
            f"没有大厅数据库 {source}：请检查 --config 或 --db / there is no hall database at {source}: check "
            "--config or --db"
        )
    private_sqlite_file(target)
    # Consistent while the hall writes: the copy starts over from pages changed meanwhile.
    with (
        contextlib.closing(sqlite3.connect(source, timeout=30)) as reading,
        contextlib.closing(sqlite3.connect(target)) as writing,
    ):
        reading.backup(writing)
    fd = os.open(target, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
    with contextlib.closing(sqlite3.connect(target)) as copy:
        tables = {row[0] for row in copy.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        revision = None
        if "alembic_version" in tables:
            revision = copy.execute("SELECT version_num FROM alembic_version").fetchone()
        counts = {name: int(copy.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0]) for name in _counted(tables)}
    return (str(revision[0]) if revision else None), counts


def _postgres_facts(url: str) -> tuple[str | None, dict[str, int]]:
    with backup_postgres.connect(url) as connection:
        tables = {
            str(row[0])
            for row in connection.execute(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'"
            ).fetchall()
        }
        revision = None
        if "alembic_version" in tables:
            row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
            revision = str(row[0]) if row else None
        counts = {}
        for name in _counted(tables):
            row = connection.execute(f'SELECT count(*) FROM "{name}"').fetchone()
            counts[name] = int(row[0]) if row else 0
    return revision, counts


def _counted(tables: set[str]) -> Iterator[str]:
    return (name for name in COUNTED if name in tables)
