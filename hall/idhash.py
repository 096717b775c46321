"""Keyed hashes of ID numbers: enough to tell one card from another, useless to recover the number (HMAC-SM3)."""

from __future__ import annotations

import hashlib
import hmac

# SM3 is the national commercial hash (GB/T 32905); OpenSSL builds without it fall back to SHA-256.
ALGORITHM = "sm3" if "sm3" in hashlib.algorithms_available else "sha256"


def id_hash(id_number: str, key: bytes) -> str:
    normalised = id_number.strip().upper().encode("ascii", "replace")
    return hmac.new(key, normalised, ALGORITHM).hexdigest()
