"""The hall's key ring: its secrets in files, never in the database (docs/security.md, "Signed codes and keys").

A directory (``[keys] dir`` in hall.toml, else the data dir's ``keys/``), mode 0700, each file 0600 whatever the
umask:

- ``signing-<id>.key``: the keys that sign tickets and filing receipts, by key id. The highest id is the current
  one; ``kiosk hall keys rotate`` adds the next. Older keys stay, so yesterday's printed codes still verify. Key
  ``0`` is the legacy receipt secret of halls from before key ids: it verifies old receipts and never signs.
- ``<name>.key``: secrets that never rotate, e.g. ``id-hash.key``, which finds a person's tickets by ID number
  (a new one would lose every hash made with the old).

Several server processes share the ring: each re-reads the directory when its modification time changes (a
rotation adds a file) and when it meets a key id it does not know. Files are written whole under a temporary name
and linked into place, so two processes that start at once never see half a key, and the second one's key loses.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import secrets
import stat
import threading
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from common.errors import ConfigError
from common.settings import resolve_data_dir
from common.settings.models import HallConfig

KEY_BYTES = 32
SIGNING = re.compile(r"^signing-(0|[1-9][0-9]{0,5})\.key$")
NAME = re.compile(r"^[a-z][a-z0-9-]{0,31}$")
ID_HASH = "id-hash"  # never rotates: it finds people's tickets and appointments by their ID number
PHONE_UPLOAD = "phone-upload"
LEGACY_KEY_ID = "0"


@dataclass(frozen=True)
class SigningKey:
    key_id: str
    created: datetime
    secret: bytes

    @property
    def number(self) -> int:
        return int(self.key_id)


def keys_dir(config: HallConfig) -> Path:
    """``[keys] dir``, else the data dir's keys/."""
    return config.keys.dir or resolve_data_dir(config.paths.data_dir) / "keys"


class KeyRing:
    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self._lock = threading.Lock()
        self._keys: dict[str, SigningKey] = {}
        self._seen: int | None = None  # the directory's mtime when it was last read
        self._named: dict[str, bytes] = {}
        _make_private_dir(directory)

    # -- signing keys ---------------------------------------------------------------------------------------
    def current(self) -> SigningKey:
        """The key new codes are signed with: the highest id; made (as ``1``) when the ring has none yet."""
        with self._lock:
            self._refresh()
            if not any(k.number > 0 for k in self._keys.values()):
                self._write_signing("1")
                self._refresh(force=True)
            return max(self._keys.values(), key=lambda k: k.number)

    def key(self, key_id: str) -> SigningKey | None:
        """The key with ``key_id``; the directory is read again once when the id is not known here."""
        with self._lock:
            self._refresh()
            if key_id not in self._keys:
                self._refresh(force=True)
            return self._keys.get(key_id)

    def signing_keys(self) -> list[SigningKey]:
        with self._lock:
            self._refresh(force=True)
            return sorted(self._keys.values(), key=lambda k: k.number)

    def rotate(self) -> SigningKey:
        """A new current key (the next id); every older key stays for verifying."""
        with self._lock:
            self._refresh(force=True)
            number = max((k.number for k in self._keys.values()), default=0) + 1
            while not self._write_signing(str(number)):  # another process took this id meanwhile
                number += 1
            self._refresh(force=True)
            return self._keys[str(number)]

    def add_legacy(self, secret: bytes) -> None:
        """Keep a secret from before key ids as key ``0`` (verify only); nothing if it is there already."""
        with self._lock:
            self._write_signing(LEGACY_KEY_ID, secret)
            self._refresh(force=True)

    # -- named secrets --------------------------------------------------------------------------------------
    def secret(self, name: str) -> bytes:
        """The secret ``<name>.key``, made on first use."""
        with self._lock:
            if name not in self._named:
                self._named[name] = self._read_or_make_named(name, None)
            return self._named[name]

    def import_secret(self, name: str, value: bytes) -> bytes:
        """Write ``value`` as ``<name>.key`` unless that file exists; the secret the file holds afterwards."""
        with self._lock:
            self._named[name] = self._read_or_make_named(name, value)
            return self._named[name]

    def has_secret(self, name: str) -> bool:
        return (self.directory / f"{name}.key").exists()

    # -- files ----------------------------------------------------------------------------------------------
    def _refresh(self, *, force: bool = False) -> None:
        try:
            seen = self.directory.stat().st_mtime_ns
        except FileNotFoundError:
            _make_private_dir(self.directory)
            seen = self.directory.stat().st_mtime_ns
        if not force and seen == self._seen:
            return
        keys: dict[str, SigningKey] = {}
        for path in self.directory.iterdir():
            found = SIGNING.match(path.name)
            if found:
                keys[found.group(1)] = _read_signing(path, found.group(1))
        self._keys, self._seen = keys, seen

    def _write_signing(self, key_id: str, secret: bytes | None = None) -> bool:
        record = {
            "id": key_id,
            "created": datetime.now(UTC).isoformat(timespec="seconds"),
            "key": (secret or secrets.token_bytes(KEY_BYTES)).hex(),
        }
        return _write_new(self.directory / f"signing-{key_id}.key", json.dumps(record) + "\n")

    def _read_or_make_named(self, name: str, value: bytes | None) -> bytes:
        if not NAME.match(name):
            raise ValueError(f"not a key name: {name!r}")
        path = self.directory / f"{name}.key"
        if not path.exists():
            _write_new(path, (value or secrets.token_bytes(KEY_BYTES)).hex() + "\n")
        _check_private(path)
        text = path.read_text(encoding="ascii", errors="replace").strip()
        try:
            return bytes.fromhex(text)
        except ValueError:
            raise _broken(path) from None


def _read_signing(path: Path, key_id: str) -> SigningKey:
    _check_private(path)
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
        created = datetime.fromisoformat(record["created"])
        secret = bytes.fromhex(record["key"])
        if record["id"] != key_id or not secret:
            raise ValueError(key_id)
    except (OSError, ValueError, KeyError, TypeError):
        raise _broken(path) from None
    return SigningKey(key_id, created, secret)


def _write_new(path: Path, text: str) -> bool:
    """Write ``path`` whole, mode 0600, unless it exists; whether this call made it."""
    if path.exists():
        return False
    temporary = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        os.fchmod(fd, 0o600)  # whatever the umask
        with os.fdopen(fd, "w", encoding="utf-8") as file:
            file.write(text)
            file.flush()
            os.fsync(file.fileno())
        try:
            os.link(temporary, path)
        except FileExistsError:
            return False
    finally:
        temporary.unlink(missing_ok=True)
    with contextlib.suppress(OSError):
        directory = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(directory)
        finally:
            os.close(directory)
    return True


def _make_private_dir(directory: Path) -> None:
    directory.mkdir(parents=True, exist_ok=True, mode=0o700)
    mode = stat.S_IMODE(directory.stat().st_mode)
    if mode & (stat.S_IRWXG | stat.S_IRWXO):
        directory.chmod(0o700)


def _check_private(path: Path) -> None:
    mode = path.stat().st_mode
    if mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise ConfigError(
            f"{path}: 密钥文件不能让其他用户读取，请执行 chmod 600 / a key file must be readable by its owner only "
            f"(mode {stat.S_IMODE(mode):o}); run chmod 600 on it"
        )


def _broken(path: Path) -> ConfigError:
    return ConfigError(f"{path}: 密钥文件内容不对，请从备份恢复 / this key file is damaged; restore it from the backup")
