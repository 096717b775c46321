"""``kiosk hall restore DIR``: a backup back into a hall that is stopped and empty (docs/hall.md, "Backups").

In this order, and nothing is changed before the checks pass: the backup's every file against its manifest
(SHA-256 and size), the target's kind (SQLite or PostgreSQL, as backed up), that the hall is not serving, that the
target is empty (unless ``force``). Then the database, the attachment store and the keys; then the migrations of
this version run forward over a backup of an older one, and the hall gets a new instance id, from which its
kiosks learn to send again what they delivered after the backup was made (hall/instance.py).
"""

from __future__ import annotations

import os
import secrets
import shutil
import socket
from dataclasses import dataclass
from pathlib import Path

from common.schema import current_revision
from common.settings.models import HallConfig
from common.settings.paths import private_dir, sync_directory
from hall import backup_postgres
from hall.audit import record_cli
from hall.backup_files import (
    ATTACHMENTS,
    DUMP_FILE,
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
)
from hall.database import open_hall_database
from hall.instance import renew_instance


@dataclass(frozen=True)
class Restored:
    backup: Path
    manifest: Manifest
    revision: str | None  # the schema after the migrations ran


def choose_backup(path: Path) -> Path:
    """``path`` itself when it is a backup, else its newest backup (the names are UTC times)."""
    if not path.is_dir():
        raise BackupError(f"备份目录不存在 / there is no backup directory {path}: check the path")
    if (path / MANIFEST).is_file():
        return path
    found = sorted(p for p in path.iterdir() if p.is_dir() and not p.name.startswith(".") and (p / MANIFEST).is_file())
    if not found:
        raise BackupError(
            f"{path} 里没有完整的备份（没有 {MANIFEST}）/ there is no complete backup in {path} (no {MANIFEST}): "
            "give the backup's own directory"
        )
    return found[-1]


def verify(backup: Path, manifest: Manifest) -> None:
    """Every file the manifest lists, with its size and SHA-256; refuses naming the files that differ."""
    bad = []
    for relative, expected in sorted(manifest.files.items()):
        path = backup / relative
        if not path.is_file():
            bad.append(f"{relative} (缺失 / missing)")
            continue
        digest, size = sha256_of(path)
        if digest != expected.get("sha256") or size != expected.get("size"):
            bad.append(f"{relative} (校验不符 / checksum differs)")
    if bad:
        listed = ", ".join(bad[:5]) + (f" … (+{len(bad) - 5})" if len(bad) > 5 else "")
        raise BackupError(
            f"备份已损坏，没有做任何改动，请换一份备份 / the backup {backup} is damaged, nothing was changed; use "
            f"another backup: {listed}"
        )


def serving_address(config: HallConfig) -> str | None:
    """The hall's configured address when something answers there (the hall still serving), else None."""
    host = config.server.host
    host = "127.0.0.1" if host in ("0.0.0.0", "", "::") else host
    try:
        with socket.create_connection((host, config.server.port), timeout=1):
            return f"{host}:{config.server.port}"
    except OSError:
        return None


def _holdings(places: HallPlaces) -> list[str]:
    """What the target hall holds already, in words; empty for a fresh hall."""
    held = []
    if places.kind == "sqlite":
        path = places.sqlite_path
        if path.is_file() and path.stat().st_size > 0:
            held.append(f"数据库 / database {path}")
    elif backup_postgres.table_count(places.url) > 0:
        held.append(f"数据库 / database {backup_postgres.libpq_url(places.url).rsplit('@', 1)[-1]}")
    if files := store_files(places.attachments):
        held.append(f"{len(files)} 个附件 / attachment files in {places.attachments}")
    if key_files(places.keys) or places.id_key.exists():
        held.append(f"密钥 / keys in {places.keys}" + (f", {places.id_key}" if places.id_key.exists() else ""))
    return held


def restore_backup(config: HallConfig, places: HallPlaces, where: Path, *, force: bool = False) -> Restored:
    backup = choose_backup(where)
    manifest = Manifest.read(backup)
    verify(backup, manifest)
    if manifest.database != places.kind:
        raise BackupError(
            f"这是 {manifest.database} 大厅的备份，目标是 {places.kind}，没有做任何改动 / this backup is of a "
            f"{manifest.database} hall and the target is {places.kind}; nothing was changed"
        )
    address = serving_address(config)
    where_zh, where_en = (f"{address} 有应答", f"{address} answers") if address else ("", "")
    if address is None and places.kind == "postgresql" and (others := backup_postgres.other_sessions(places.url)):
        where_zh, where_en = f"数据库有 {others} 个其他连接", f"{others} other sessions use the database"
    if where_en:
        raise BackupError(
            f"大厅服务还在运行（{where_zh}），请先停止每个大厅服务进程再恢复 / the hall is still serving "
            f"({where_en}): stop every hall server process first (systemctl stop …), then restore"
        )
    held = _holdings(places)
    if held and not force:
        raise BackupError(
            "目标大厅不是空的，没有做任何改动 / the target hall is not empty, nothing was changed: "
            + "; ".join(held)
            + ". 请恢复到新的大厅（新的数据目录或新的数据库），或加 --force 用备份替换它的全部数据 / restore into a "
            "fresh hall (a new data dir or database), or add --force to replace all of its data with the backup"
        )
    if held:
        _clear(places)
    _restore_database(places, backup)
    _restore_files(places, backup, manifest)
    engine, sessions = open_hall_database(places.url)  # runs this version's migrations over an older backup
    try:
        renew_instance(sessions, manifest.created_at)
        revision = current_revision(engine)
        detail = {"backup": str(backup), "made": manifest.created_at.isoformat(), "forced": bool(held)}
        record_cli(sessions, "hall.restore", f"backup={backup.name}", detail)
    finally:
        engine.dispose()
    return Restored(backup, manifest, revision)


def _clear(places: HallPlaces) -> None:
    if places.kind == "sqlite":
        path = places.sqlite_path
        for doomed in (path, *(path.with_name(path.name + side) for side in ("-wal", "-shm", "-journal"))):
            doomed.unlink(missing_ok=True)
    else:
        backup_postgres.wipe(places.url)
    for fan_out in places.attachments.glob("??"):
        if fan_out.is_dir():
            shutil.rmtree(fan_out)
    for key in key_files(places.keys):
        key.unlink()
    places.id_key.unlink(missing_ok=True)


def _restore_database(places: HallPlaces, backup: Path) -> None:
    if places.kind == "postgresql":
        backup_postgres.restore(places.url, backup / DUMP_FILE)
        return
    target = places.sqlite_path
    _place(backup / SQLITE_FILE, target)


def _restore_files(places: HallPlaces, backup: Path, manifest: Manifest) -> None:
    for relative in sorted(manifest.files):
        source = backup / relative
        if relative.startswith(f"{ATTACHMENTS}/"):
            _place(source, places.attachments / relative.removeprefix(f"{ATTACHMENTS}/"))
        elif relative.startswith(f"{KEYS}/"):
            private_dir(places.keys)
            _place(source, places.keys / relative.removeprefix(f"{KEYS}/"))
        elif relative == ID_KEY:
            _place(source, places.id_key)
        elif relative not in (SQLITE_FILE, DUMP_FILE):
            raise BackupError(f"备份里有不认识的文件 / the backup holds a file this version does not know: {relative}")


def _place(source: Path, target: Path) -> None:
    """Copy ``source`` to a temporary name beside ``target``, then rename it into place (0600, fsynced)."""
    private_dir(target.parent)
    temporary = target.with_name(f".{target.name}.restoring-{os.getpid()}-{secrets.token_hex(3)}")
    try:
        copy_private(source, temporary)
        temporary.replace(target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    sync_directory(target.parent)
