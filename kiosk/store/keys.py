"""The kiosk's key for its local copies of ID numbers: sealed (SM4-GCM, common/sealing.py) in the filing table,
found by a keyed hash, never in clear in the database.

The key is in its own file, ``[filings] id_key_file`` in kiosk.toml, else ``keys/kiosk-id.key`` in the data dir
(made 0600 in a 0700 folder on first start). A copy of kiosk.db alone (a disk sent for repair, a backup) holds no
readable ID number and no way to test a guessed one. Losing the key file loses only the ID numbers of filings the
hall has not received yet: their rows stay, and the sync worker parks them with the reason.
"""

from __future__ import annotations

import hashlib
import hmac
from pathlib import Path

from common import sealing
from common.sealing import Sealer

KEY_DIR = "keys"
KEY_FILE = "kiosk-id.key"
# HMAC-SM3 where OpenSSL offers SM3 (the hall's queue hashes alike), else HMAC-SHA-256.
HASH = "sm3" if "sm3" in hashlib.algorithms_available else "sha256"


def default_key_file(data_dir: Path) -> Path:
    return data_dir / KEY_DIR / KEY_FILE


class StoreKeys:
    """Sealing and the lookup hash of one key file, each under its own derived key."""

    def __init__(self, key: bytes) -> None:
        self._sealer = Sealer(sealing.derive(key, "kiosk-store:id-number"))
        self._lookup = sealing.derive(key, "kiosk-store:lookup")

    @classmethod
    def from_file(cls, path: Path) -> StoreKeys:
        return cls(sealing.load_or_create_key(path, "自助终端身份证号密钥文件 / the kiosk's ID-number key file"))

    def seal(self, text: str, context: bytes) -> str:
        return self._sealer.seal(text, context)

    def open(self, sealed: str, context: bytes) -> str:
        return self._sealer.open(sealed, context)

    def lookup_hash(self, id_number: str) -> str:
        normalised = id_number.strip().upper().encode("ascii", "replace")
        return hmac.new(self._lookup, normalised, HASH).hexdigest()
