"""Encryption at rest of the ID numbers the hall and the kiosk must keep: SM4-GCM (GB/T 32907, the national
commercial block cipher) where the ``cryptography`` package's OpenSSL offers it, AES-256-GCM otherwise.

A sealed value is text: a prefix naming the format and cipher, then base64 of nonce, ciphertext and tag. The
prefix lets a value made by another cipher (or the hall's first format, ``v1:``: AES-256-GCM under the raw key)
still be opened after an upgrade or on a machine whose OpenSSL differs. Each value is bound to a context (the
row's id): a sealed value copied into another row does not open.

The key lives in its own file (``load_or_create_key``), never in the database it protects.
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

from cryptography.exceptions import InvalidTag, UnsupportedAlgorithm
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from common.errors import ConfigError
from common.settings.paths import open_private, private_dir, sync_directory

KEY_BYTES = 32
NONCE_BYTES = 12
TAG_BYTES = 16
V1_PREFIX = "v1:"  # AES-256-GCM under the key itself: the hall's first format, still opened
SM4_PREFIX = "v2:sm4:"
AES_PREFIX = "v2:aes:"


def _sm4_offered() -> bool:
    try:
        Cipher(algorithms.SM4(bytes(16)), modes.GCM(bytes(NONCE_BYTES))).encryptor()
    except (UnsupportedAlgorithm, AttributeError, ValueError):
        return False
    return True


SM4_GCM = _sm4_offered()
CIPHER_NAME = "SM4-GCM" if SM4_GCM else "AES-256-GCM"


class Sealer:
    """Seals and opens text under one 32-byte key; new values with SM4-GCM when offered, else AES-256-GCM."""

    def __init__(self, key: bytes, *, prefer_sm4: bool = True) -> None:
        if len(key) != KEY_BYTES:
            raise ValueError(f"a sealing key has {KEY_BYTES} bytes")
        self._key = key
        self._sm4_key = hmac.new(key, b"sealing:sm4-gcm", hashlib.sha256).digest()[:16]
        self._aes = AESGCM(hmac.new(key, b"sealing:aes-256-gcm", hashlib.sha256).digest())
        self._legacy = AESGCM(key)
        self.prefix = SM4_PREFIX if prefer_sm4 and SM4_GCM else AES_PREFIX

    def seal(self, text: str, context: bytes) -> str:
        """``text`` encrypted and bound to ``context`` (a value copied to another row won't open)."""
        nonce = secrets.token_bytes(NONCE_BYTES)
        if self.prefix == SM4_PREFIX:
            encryptor = Cipher(algorithms.SM4(self._sm4_key), modes.GCM(nonce)).encryptor()
            encryptor.authenticate_additional_data(context)
            sealed = encryptor.update(text.encode()) + encryptor.finalize() + encryptor.tag
        else:
            sealed = self._aes.encrypt(nonce, text.encode(), context)
        return self.prefix + base64.b64encode(nonce + sealed).decode("ascii")

    def open(self, sealed: str, context: bytes) -> str:
        """The text ``seal`` encrypted; ValueError if made under another key or context, altered, or unknown."""
        for prefix in (SM4_PREFIX, AES_PREFIX, V1_PREFIX):
            if sealed.startswith(prefix):
                break
        else:
            raise ValueError("not a sealed value of a known format")
        try:
            raw = base64.b64decode(sealed.removeprefix(prefix), validate=True)
        except ValueError:
            raise ValueError("a sealed value that is not base64") from None
        nonce, body = raw[:NONCE_BYTES], raw[NONCE_BYTES:]
        try:
            if prefix == SM4_PREFIX:
                return self._open_sm4(nonce, body, context).decode()
            cipher = self._aes if prefix == AES_PREFIX else self._legacy
            return cipher.decrypt(nonce, body, context).decode()
        except InvalidTag:
            raise ValueError("sealed under another key or for another row") from None

    def _open_sm4(self, nonce: bytes, body: bytes, context: bytes) -> bytes:
        if not SM4_GCM:
            raise ValueError("this value is sealed with SM4-GCM, which this machine's OpenSSL does not offer")
        if len(body) < TAG_BYTES:
            raise InvalidTag()
        ciphertext, tag = body[:-TAG_BYTES], body[-TAG_BYTES:]
        decryptor = Cipher(algorithms.SM4(self._sm4_key), modes.GCM(nonce, tag)).decryptor()
        decryptor.authenticate_additional_data(context)
        return decryptor.update(ciphertext) + decryptor.finalize()


def derive(key: bytes, purpose: str) -> bytes:
    """A key for one ``purpose`` from a key file's key, so that no use helps to attack another."""
    return hmac.new(key, purpose.encode(), hashlib.sha256).digest()


def load_or_create_key(path: Path, what: str = "密钥文件 / key file") -> bytes:
    """The key in ``path`` (64 hex digits); made there, 0600 in a 0700 folder, when there is none yet.

    Several processes may start at once: the new key is written whole under a temporary name and linked to
    ``path``, which fails for all but the first; the others read the first one's key. A key file that others may
    read is refused (ConfigError), as is one that does not hold a key.
    """
    if not path.exists():
        private_dir(path.parent)
        temporary = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
        fd = open_private(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL)
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
            f"{path}: {what}不能让其他用户读取，请执行 chmod 600 / must be readable by its owner only "
            f"(mode {stat.S_IMODE(mode):o}); run chmod 600 on it"
        )
    text = path.read_text(encoding="ascii", errors="replace").strip()
    try:
        key = bytes.fromhex(text)
    except ValueError:
        key = b""
    if len(key) != KEY_BYTES:
        raise ConfigError(
            f"{path}: {what}内容不对（应为 64 位十六进制数）/ must hold 64 hex digits; restore it from the backup"
        )
    return key
