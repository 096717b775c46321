"""The key that protects the ID numbers of filings: SM4-GCM (AES-256-GCM where OpenSSL lacks SM4; common/sealing.py)
for the stored number, a keyed hash to find a person's filings, and a keyed digest of each filing's body for
idempotency.

The key lives in a file, not in the database (docs/filings.md, "How the ID number is protected"): a copy of the
database alone (a backup, a replica, a dump handed to a vendor) holds no readable ID number and no way to test a
guessed one. Every server process of a hall must read the same file: ``[filings] id_key_file`` in hall.toml, else
``filing-id.key`` in the data dir, made with mode 0600 on first start.
"""

from __future__ import annotations

import hashlib
import hmac
from pathlib import Path

from common import sealing
from common.sealing import Sealer
from common.settings import resolve_data_dir
from common.settings.models import HallConfig
from hall.idhash import id_hash

KEY_FILE = "filing-id.key"


def key_file(config: HallConfig) -> Path:
    """``[filings] id_key_file``, else the data dir's filing-id.key."""
    return config.filings.id_key_file or resolve_data_dir(config.paths.data_dir) / KEY_FILE


def load_or_create_key(path: Path) -> bytes:
    """The key in ``path`` (64 hex digits); made there, readable by its owner only, when there is none yet."""
    return sealing.load_or_create_key(path, "申报身份证号密钥文件 / the filings' ID-number key file")


def _derive(key: bytes, purpose: str) -> bytes:
    return sealing.derive(key, f"hall-filings:{purpose}")


class FilingKeys:
    """One key file's three uses, each with its own derived key so that none helps to attack another."""

    def __init__(self, key: bytes) -> None:
        # The first format (v1:, AES-256-GCM under this derived key) still opens; new values are SM4-GCM.
        self._sealer = Sealer(_derive(key, "id-number"))
        self._lookup = _derive(key, "lookup")
        self._digest = _derive(key, "body-digest")

    def seal(self, text: str, context: bytes) -> str:
        """``text`` encrypted and bound to ``context`` (the filing's id: a value copied to another row won't open)."""
        return self._sealer.seal(text, context)

    def open(self, sealed: str, context: bytes) -> str:
        """The text ``seal`` encrypted; ValueError if it was made under another key or context, or altered."""
        return self._sealer.open(sealed, context)

    def lookup_hash(self, id_number: str) -> str:
        """The keyed hash a person's filings are found by (the same normalisation as the queue's)."""
        return id_hash(id_number, self._lookup)

    def digest(self, canonical: bytes) -> str:
        """A keyed digest of a filing's canonical body: tells a repeat from a different body without keeping one
        (a plain hash of a body would let anyone holding the other columns test guesses of its ID number)."""
        return hmac.new(self._digest, canonical, hashlib.sha256).hexdigest()
