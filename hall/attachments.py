"""The hall's content-addressed store of attachments and result documents: each file is named by the SHA-256 of
its bytes, so a file sent twice is stored once and a stored file can be checked against its name.

Layout under the configured directory: ``ab/cd/abcd…`` (two levels of fan-out by the first hex digits). A file
appears under its name only complete and fsynced (written beside it, then renamed), so a crash never leaves a
half-written file under a hash it does not match.

Uploads (``begin_upload``) arrive in ``.partial/{sha256}`` beside the fan-out and are renamed into place once
their bytes hash to their name; an interrupted upload's bytes stay there for the client to resume from
(``sweep_partials`` removes those left too long). At most one upload of a name runs at a time, among every
server process on the directory: each holds ``flock`` on ``.partial/{sha256}.lock``.
"""

from __future__ import annotations

import errno
import fcntl
import hashlib
import os
import re
import tempfile
import time
from pathlib import Path
from typing import BinaryIO, Self

from common.settings.paths import open_private, private_dir, sync_directory

_SHA256 = re.compile(r"^[0-9a-f]{64}$")
_READ = 1024 * 1024  # re-reading a held prefix to hash it, a piece at a time
NO_SPACE = (errno.ENOSPC, errno.EDQUOT)  # disk (or quota) full: the upload is refused, nothing is kept


class AttachmentStore:
    def __init__(self, root: Path) -> None:
        self.root = root
        private_dir(root)  # citizens' documents: the service's user only

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

    def held(self, sha256: str) -> int:
        """How many bytes of an unfinished upload of ``sha256`` the store holds (0 for none)."""
        try:
            return self._partial(sha256).stat().st_size
        except FileNotFoundError:
            return 0

    def begin_upload(self, sha256: str) -> Upload | None:
        """The upload of ``sha256``, locked for this caller; None while another upload of it holds the lock."""
        self.path_for(sha256)  # refuses a name that is not a SHA-256
        folder = self.root / ".partial"
        folder.mkdir(mode=0o700, exist_ok=True)
        lock_path = folder / f"{sha256}.lock"
        while True:
            fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o600)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                os.close(fd)
                return None
            try:
                same = lock_path.stat().st_ino == os.fstat(fd).st_ino
            except FileNotFoundError:
                same = False
            if same:
                return Upload(self, sha256, lock_path, fd)
            # The holder before us finished and removed the lock file while we opened it: lock the new one.
            os.close(fd)

    def sweep_partials(self, older_than: float, now: float | None = None) -> list[str]:
        """Remove the bytes of uploads left unfinished for more than ``older_than`` seconds (by the partial file's
        last change) that no upload holds now; returns their names."""
        folder = self.root / ".partial"
        if not folder.is_dir():
            return []
        now = time.time() if now is None else now
        removed = []

        def old(partial: Path) -> bool:
            try:
                return now - partial.stat().st_mtime > older_than
            except FileNotFoundError:  # finished, or swept by another server process, meanwhile
                return False

        for partial in folder.iterdir():
            if not _SHA256.match(partial.name) or not old(partial):
                continue
            upload = self.begin_upload(partial.name)
            if upload is None:  # being resumed right now
                continue
            with upload:
                if old(partial):  # still: not resumed between the look and the lock
                    upload.discard()
                    removed.append(partial.name)
        return removed

    def _partial(self, sha256: str) -> Path:
        return self.root / ".partial" / sha256

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
        private_dir(target.parent)
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


class Upload:
    """One locked upload of a name: the bytes from ``start(offset)`` on are appended to the partial file and
    hashed, with the bytes it already held re-read into the hash first. Blocking file work: call it from a worker
    thread. ``close`` (or leaving the ``with``) releases the lock; the partial file stays unless ``finish`` or
    ``discard`` removed it."""

    def __init__(self, store: AttachmentStore, sha256: str, lock_path: Path, lock_fd: int) -> None:
        self.store, self.sha256 = store, sha256
        self.partial = store._partial(sha256)
        self._lock_path, self._lock_fd = lock_path, lock_fd
        self._file: BinaryIO | None = None
        self._hash = hashlib.sha256()
        self.size = 0  # bytes in the partial file
        self.head = b""  # the file's first bytes, for its magic

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def start(self, offset: int) -> None:
        """Append from ``offset``: 0 starts over; any other must be exactly the bytes held (check ``held`` first)."""
        if offset == 0:
            self._file = os.fdopen(open_private(self.partial), "wb")
            return
        self._file = self.partial.open("r+b")
        self._file.seek(0)
        while self.size < offset:
            piece = self._file.read(min(_READ, offset - self.size))
            if not piece:
                raise ValueError(f"only {self.size} bytes held, not {offset}")
            self._take(piece)
        self._file.seek(offset)
        self._file.truncate()

    def write(self, data: bytes) -> None:
        assert self._file is not None
        self._file.write(data)
        self._take(data)

    def _take(self, data: bytes) -> None:
        self._hash.update(data)
        if len(self.head) < 16:
            self.head += data[: 16 - len(self.head)]
        self.size += len(data)

    def keep(self, last: bytes = b"") -> None:
        """Write ``last`` and make what arrived durable, for the client to resume from after it was cut off."""
        if self._file is not None:
            self.write(last)
            self._file.flush()
            os.fsync(self._file.fileno())

    def finish(self) -> bool:
        """Install the file under its name if its bytes hash to it (True); otherwise remove them (False)."""
        assert self._file is not None
        self.keep()
        self._file.close()
        if self._hash.hexdigest() != self.sha256:
            self.discard()
            return False
        target = self.store.path_for(self.sha256)
        private_dir(target.parent)
        self.partial.replace(target)
        sync_directory(target.parent)
        return True

    def discard(self) -> None:
        if self._file is not None:
            self._file.close()
        self.partial.unlink(missing_ok=True)

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
        if self._lock_fd >= 0:
            # Remove the lock file while holding it; a waiter that opened it before sees it is gone and retries.
            self._lock_path.unlink(missing_ok=True)
            os.close(self._lock_fd)
            self._lock_fd = -1
