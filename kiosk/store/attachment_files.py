"""Attachment files in the data dir, named by their SHA-256: written beside, fsynced, renamed, the directory
fsynced, so a name that exists always holds all its bytes."""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
from pathlib import Path

from common.settings.paths import open_private, sync_directory

ATTACHMENTS_DIR = "attachments"
DISK_FULL = frozenset({errno.ENOSPC, errno.EDQUOT})


def attachments_dir(data_dir: Path) -> Path:
    return data_dir / ATTACHMENTS_DIR


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def write_file(directory: Path, sha256: str, data: bytes) -> bool:
    """Store ``data`` as ``directory/sha256``; True if this call created it, False if it was there already (the
    same bytes, by its name). On any error nothing new is left behind."""
    target = directory / sha256
    if target.exists():
        return False
    partial = directory / f".{sha256}.partial"
    try:
        with os.fdopen(open_private(partial), "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        partial.replace(target)
    except BaseException:
        with contextlib.suppress(OSError):
            partial.unlink()
        raise
    return True


def remove_files(directory: Path, names: list[str]) -> None:
    """Remove the files a failed save created; a file that cannot go now is left for the next purge."""
    for name in names:
        with contextlib.suppress(OSError):
            (directory / name).unlink()
    with contextlib.suppress(OSError):
        sync_directory(directory)


def sweep(directory: Path, named: set[str]) -> list[str]:
    """Remove the files in ``directory`` that ``named`` does not hold: pages a save wrote and never committed,
    ``.partial`` files a write was cut off in (the process killed, the power cut). Only while nothing saves."""
    if not directory.is_dir():
        return []
    left = sorted(path.name for path in directory.iterdir() if path.name not in named and path.is_file())
    remove_files(directory, left)
    return left


def is_disk_full(error: BaseException) -> bool:
    """ENOSPC/EDQUOT from the file system, or SQLite's "database or disk is full" (SQLITE_FULL)."""
    if isinstance(error, OSError) and error.errno in DISK_FULL:
        return True
    text = str(getattr(error, "orig", error)).lower()
    return "disk is full" in text or "no space left" in text
