"""`kiosk hall backup DIR` and `kiosk hall restore DIR`: the hall's database, attachments and keys, copied out
while it serves and back into a fresh hall (docs/hall.md, "Backups")."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

KEYS_WARNING = (
    "注意：备份里有大厅的密钥，能解开申报中的身份证号，请像大厅服务器一样保管（加密存放、只许管理员读取）/ note: this "
    "backup holds the hall's keys, which open the filed ID numbers: keep it as safe as the hall server itself "
    "(encrypted storage, administrators only)"
)


def register(actions: Any, database_options: Callable[[argparse.ArgumentParser], None]) -> None:
    backup = actions.add_parser("backup", help="copy the hall (database, attachments, keys) into DIR/<UTC time>/")
    backup.add_argument("dir", type=Path, metavar="DIR", help="where backups are kept; each goes in a new folder")
    database_options(backup)
    backup.set_defaults(handler=_backup)
    restore = actions.add_parser("restore", help="restore a backup into a fresh, stopped hall")
    restore.add_argument("dir", type=Path, metavar="DIR", help="a backup's folder, or DIR to take its newest")
    restore.add_argument("--force", action="store_true", help="replace a hall that is not empty")
    database_options(restore)
    restore.set_defaults(handler=_restore)


def _backup(args: argparse.Namespace) -> int:
    from common.settings import load_hall_config  # noqa: PLC0415
    from hall.backup import make_backup  # noqa: PLC0415
    from hall.backup_files import BackupError, HallPlaces, Manifest  # noqa: PLC0415

    places = HallPlaces.of(load_hall_config(args.config), args.db)
    try:
        made = make_backup(places, args.dir)
    except BackupError as error:
        print(f"备份失败 / backup failed: {error}", file=sys.stderr)
        return 2
    except OSError as error:  # a full or read-only disk, a folder without permission
        print(f"备份失败，未写入备份 / backup failed, nothing was kept: {_os_words(error)}", file=sys.stderr)
        return 2
    manifest = Manifest.read(made)
    size = sum(int(f["size"]) for f in manifest.files.values())
    counts = manifest.counts
    print(
        f"备份完成 / backup written: {made}  ({manifest.database}, schema {manifest.revision}, "
        f"{counts.get('filing', 0)} filings, {counts.get('attachment_files', 0)} attachment files, "
        f"{counts.get('ticket', 0)} tickets, {size / 1e6:.1f} MB)"
    )
    print(KEYS_WARNING, file=sys.stderr)
    return 0


def _restore(args: argparse.Namespace) -> int:
    from common.settings import load_hall_config  # noqa: PLC0415
    from hall.backup_files import BackupError, HallPlaces  # noqa: PLC0415
    from hall.restore import restore_backup  # noqa: PLC0415

    config = load_hall_config(args.config)
    places = HallPlaces.of(config, args.db)
    try:
        restored = restore_backup(config, places, args.dir, force=args.force)
    except BackupError as error:
        print(f"恢复失败 / restore failed: {error}", file=sys.stderr)
        return 2
    except OSError as error:
        print(
            f"恢复中断，请解决后加 --force 重新恢复 / restore failed part way: {_os_words(error)}; fix it, then run "
            "the restore again with --force",
            file=sys.stderr,
        )
        return 2
    made = restored.manifest.created_at.isoformat(timespec="seconds")
    print(
        f"恢复完成 / restored: {restored.backup} (made {made}, schema {restored.manifest.revision} -> "
        f"{restored.revision}). 启动大厅后，各自助机会重新发送备份之后交付的申报 / once the hall is started, the "
        "kiosks send again what they delivered after this backup was made"
    )
    return 0


def _os_words(error: OSError) -> str:
    return f"{error.strerror or error} ({error.filename})" if error.filename else f"{error.strerror or error}"
