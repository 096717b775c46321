"""What a hall backup is made of, shared by ``kiosk hall backup`` and ``kiosk hall restore`` (docs/hall.md,
"Backups"): where a hall keeps its data (``HallPlaces``), the manifest, copying a file with its SHA-256, and the
refusal every step raises in words a technician reads.

A backup is one directory, mode 0700, every file 0600 (it holds the keys that open the filed ID numbers)::

    manifest.json         format, time, software version, schema revision, database kind, counts, files
    hall.db | hall.dump   the database: an SQLite copy, or a pg_dump archive (custom format)
    attachments/ab/cd/…   the attachment store, by SHA-256 as in the hall
    keys/*.key            the key ring (signing keys, the ID-hash key)
    filing-id.key         the key that seals the filed ID numbers
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from common.settings import resolve_data_dir
from common.settings.models import HallConfig
from common.settings.paths import open_private, private_dir, sync_directory
from hall.database import default_url
from hall.filing_keys import key_file
from hall.keyring import keys_dir

FORMAT = 1
MANIFEST = "manifest.json"
SQLITE_FILE = "hall.db"
DUMP_FILE = "hall.dump"
ATTACHMENTS = "attachments"
KEYS = "keys"
ID_KEY = "filing-id.key"
_PIECE = 1024 * 1024


class BackupError(Exception):
    """A backup or restore refused or failed; the message is for the technician (中文 / English)."""


@dataclass(frozen=True)
class HallPlaces:
    """Where one hall keeps what a backup holds."""

    url: str
    attachments: Path
    keys: Path
    id_key: Path

    @classmethod
    def of(cls, config: HallConfig, db_url: str | None) -> HallPlaces:
        data_dir = resolve_data_dir(config.paths.data_dir)
        return cls(
            url=db_url or config.database.url or default_url(data_dir),
            attachments=config.filings.attachments_dir or data_dir / ATTACHMENTS,
            keys=keys_dir(config),
            id_key=key_file(config),
        )

    @property
    def kind(self) -> str:
        return "sqlite" if self.url.startswith("sqlite") else "postgresql"

    @property
    def sqlite_path(self) -> Path:
        if not self.url.startswith("sqlite:///"):
            raise BackupError(f"不是 SQLite 文件数据库 / not an SQLite file database: {self.url}")
        return Path(self.url.removeprefix("sqlite:///"))


@dataclass(frozen=True)
class Manifest:
    format: int
    created_at: datetime
    software: str
    revision: str | None
    database: str
    counts: dict[str, int]
    files: dict[str, dict[str, Any]]  # relative path -> {"sha256", "size"}

    def as_json(self) -> dict[str, Any]:
        return {
            "format": self.format,
            "created_at": self.created_at.isoformat(),
            "software": self.software,
            "revision": self.revision,
            "database": self.database,
            "counts": self.counts,
            "files": self.files,
        }

    @classmethod
    def read(cls, directory: Path) -> Manifest:
        path = directory / MANIFEST
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
            manifest = cls(
                format=int(raw["format"]),
                created_at=datetime.fromisoformat(raw["created_at"]),
                software=str(raw["software"]),
                revision=raw["revision"],
                database=str(raw["database"]),
                counts={str(k): int(v) for k, v in raw["counts"].items()},
                files={str(k): dict(v) for k, v in raw["files"].items()},
            )
        except FileNotFoundError:
            raise BackupError(
                f"{directory} 不是备份目录（没有 {MANIFEST}）/ {directory} is not a backup: it has no {MANIFEST}"
            ) from None
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            raise BackupError(
                f"备份清单已损坏，不能用这份备份 / the backup's {MANIFEST} in {directory} is damaged; "
                "use another backup"
            ) from None
        if manifest.format != FORMAT:
            raise BackupError(
                f"备份格式 {manifest.format} 不是本版本能读的 {FORMAT} / backup format {manifest.format} is not the "
                f"format {FORMAT} this version reads; restore it with the version that made it ({manifest.software})"
            )
        return manifest


def sha256_of(path: Path) -> tuple[str, int]:
    digest, size = hashlib.sha256(), 0
    with path.open("rb") as file:
        while piece := file.read(_PIECE):
            digest.update(piece)
            size += len(piece)
    return digest.hexdigest(), size


def copy_private(source: Path, target: Path) -> tuple[str, int]:
    """Copy ``source`` to ``target`` (0600, its folders 0700, fsynced); the SHA-256 and size of what was copied."""
    private_dir(target.parent)
    digest, size = hashlib.sha256(), 0
    fd = open_private(target)
    with source.open("rb") as reading, os.fdopen(fd, "wb") as writing:
        while piece := reading.read(_PIECE):
            writing.write(piece)
            digest.update(piece)
            size += len(piece)
        writing.flush()
        os.fsync(writing.fileno())
    return digest.hexdigest(), size


def write_private(target: Path, data: bytes) -> None:
    fd = open_private(target)
    with os.fdopen(fd, "wb") as writing:
        writing.write(data)
        writing.flush()
        os.fsync(writing.fileno())


def sync_tree(root: Path) -> None:
    """fsync every directory under ``root`` (the files were fsynced as they were written)."""
    for folder, _dirs, _files in os.walk(root, topdown=False):
        sync_directory(Path(folder))


def store_files(root: Path) -> list[Path]:
    """The files of an attachment store (``ab/cd/<sha256>``), not its unfinished uploads or temporary files."""
    if not root.is_dir():
        return []
    found = []
    for path in sorted(root.glob("??/??/*")):
        if path.is_file() and len(path.name) == 64 and not path.name.startswith("."):
            found.append(path)
    return found


def key_files(directory: Path) -> list[Path]:
    return sorted(p for p in directory.glob("*.key") if p.is_file()) if directory.is_dir() else []
