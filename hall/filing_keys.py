"""The key that protects the ID numbers of filings: AES-256-GCM for the stored number, a keyed hash to find a
person's filings, and a keyed digest of each filing's body for idempotency.

The key lives in a file, not in the database (docs/filings.md, "How the ID number is protected"): a copy of the
database alone (a backup, a replica, a dump handed to a vendor) holds no readable ID number and no way to test a
guessed one. Every server process of a hall must read the same file: ``[filings] id_key_file`` in hall.toml, else
``filing-id.key`` in the data dir, made with mode 0600 on first start.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import hmac
import os
import secrets
import stat
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from common.errors import ConfigError
from common.settings import resolve_data_dir
from common.settings.models import HallConfig
from common.settings.paths import private_dir
from hall.attachments import sync_directory
from hall.idhash import id_hash

KEY_FILE = "filing-id.key"
KEY_BYTES = 32
NONCE_BYTES = 12
SEALED_PREFIX = "v1:"  # a later key or cipher gets another prefix; stored values say which one made them


def key_file(config: HallConfig) -> Path:
    """``[filings] id_key_file``, else the data dir's filing-id.key."""
    return config.filings.id_key_file or resolve_data_dir(config.paths.data_dir) / KEY_FILE


def load_or_create_key(path: Path) -> bytes:
    """The key in ``path`` (64 hex digits); made there, readable by its owner only, when there is none yet.

    Several server processes may start at once: the new key is written whole under a temporary name and linked to
    ``path``, which fails for all but the first; the others read the first one's key.
    """
    if not path.exists():
        private_dir(path.parent)
        temporary = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            with os.fdopen(fd, "w") as file:
                file.write(secrets.token_hex(KEY_BYTES) + "\n")
                file.flush()
                os.fsync(file.fileno())
            with contextlib.suppress(FileExistsError):
                os.link(temporary, path)
        finally:
            temporary.unlink(missing_ok=True)
        sync_directory(path.parent)
    mode = path.stat().st_mode
    if mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise ConfigError(
            f"{path}: 申报身份证号密钥文件不能让其他用户读取，请执行 chmod 600 / the filings' ID-number key file must "
            f"be readable by its owner only (mode {stat.S_IMODE(mode):o}); run chmod 600 on it"
        )
    text = path.read_text(encoding="ascii", errors="replace").strip()
    try:
        key = bytes.fromhex(text)
    except ValueError:
        key = b""
    if len(key) != KEY_BYTES:
        raise ConfigError(
            f"{path}: 申报身份证号密钥文件内容不对（应为 64 位十六进制数）/ the filings' ID-number key file must hold "
            f"64 hex digits; restore it from the backup"
        )
    return key


def _derive(key: bytes, purpose: str) -> bytes:
    return hmac.new(key, f"hall-filings:{purpose}".encode(), hashlib.sha256).digest()


class FilingKeys:
    """One key file's three uses, each with its own derived key so that none helps to attack another."""

    def __init__(self, key: bytes) -> None:
        self._cipher = AESGCM(_derive(key, "id-number"))
        self._lookup = _derive(key, "lookup")
        self._digest = _derive(key, "body-digest")

    def seal(self, text: str, context: bytes) -> str:
        """``text`` encrypted and bound to ``context`` (the filing's id: a value copied to another row won't open)."""
        nonce = secrets.token_bytes(NONCE_BYTES)
        sealed = self._cipher.encrypt(nonce, text.encode(), context)
        return SEALED_PREFIX + base64.b64encode(nonce + sealed).decode("ascii")

    def open(self, sealed: str, context: bytes) -> str:
        """The text ``seal`` encrypted; ValueError if it was made under another key or context, or altered."""
        if not sealed.startswith(SEALED_PREFIX):
            raise ValueError("not a sealed value of this version")
        raw = base64.b64decode(sealed.removeprefix(SEALED_PREFIX))
        try:
            return self._cipher.decrypt(raw[:NONCE_BYTES], raw[NONCE_BYTES:], context).decode()
        except InvalidTag:
            raise ValueError("sealed under another key or for another filing") from None

    def lookup_hash(self, id_number: str) -> str:
        """The keyed hash a person's filings are found by (the same normalisation as the queue's)."""
        return id_hash(id_number, self._lookup)

    def digest(self, canonical: bytes) -> str:
        """A keyed digest of a filing's canonical body: tells a repeat from a different body without keeping one
        (a plain hash of a body would let anyone holding the other columns test guesses of its ID number)."""
        return hmac.new(self._digest, canonical, hashlib.sha256).hexdigest()
