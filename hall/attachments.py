"""The hall's content-addressed store of attachments and result documents: each file is named by the SHA-256 of
its bytes, so a file sent twice is stored once and a stored file can be checked against its name.

Layout under the configured directory: ``ab/cd/abcd…`` (two levels of fan-out by the first hex digits). A file
appears under its name only complete and fsynced (written beside it, then renamed), so a crash never leaves a
half-written file under a hash it does not match.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from pathlib import Path
from typing import BinaryIO

_SHA256 = re.compile(r"^[0-9a-f]{64}$")


class AttachmentStore:
    def __init__(self, root: Path) -> None:
        self.root = root
        root.mkdir(parents=True, exist_ok=True)

    def path_for(self, sha256: str) -> Path:
        """Where the file named ``sha256`` lives (whether or not it is there yet)."""
        if not _SHA256.match(sha256):
            raise ValueError(f"not a SHA-256 name: {sha256!r}")
        return self.root / sha256[:2] / sha256[2:4] / sha256

    def has(self, sha256: str) -> bool:
        return _SHA256.match(sha256) is not None and self.path_for(sha256).is_file()

    def size(self, sha256: str) -> int:
        return self.path_for(sha256).stat().st_size

    def open(self, sha256: str) -> BinaryIO:
        return self.path_for(sha256).open("rb")

    def put_bytes(self, data: bytes) -> str:
        """Store ``data`` (small: a result document) and return its name."""
        sha256 = hashlib.sha256(data).hexdigest()
        target = self.path_for(sha256)
        if target.is_file():
            return sha256
        self.install(sha256, data)
        return sha256

    def install(self, sha256: str, data: bytes) -> None:
        target = self.path_for(sha256)
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(dir=target.parent, prefix=".incoming-")
        try:
            with os.fdopen(fd, "wb") as file:
                file.write(data)
                file.flush()
                os.fsync(file.fileno())
            Path(temporary).replace(target)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        sync_directory(target.parent)


def sync_directory(path: Path) -> None:
    """Make a rename in ``path`` durable (the directory entry, not only the file's bytes)."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
