"""The progress token on a filing receipt's QR code: the filing id, signed under the receipt key of the kiosk that
made it (docs/filings.md, "The receipt's QR code"). The kiosk signs offline with the key the hall gave it; the
hall, which derives every kiosk's key from its key ring, verifies any receipt.

Two shapes, told apart by their first part:

- ``<key id>.<filing id and MAC>`` (common/signedcode.py): what kiosks print now; the key id names the hall key
  the kiosk's key was derived from, so receipts printed before a rotation still verify after it.
- ``<filing id>.<MAC>`` (22 + 1 + 16 characters): receipts printed before key ids, under the legacy key (key id
  ``0`` in the hall's ring). Still verified, never made by an up-to-date kiosk holding a key id.
"""

from __future__ import annotations

import hashlib
import hmac
import uuid

from common import signedcode

MAC_BYTES = 12  # 96 bits: a forged token is found by chance once in 2**96 tries
RECEIPT = "receipt"
LEGACY_KEY_ID = "0"


def receipt_key(hall_secret: bytes, kiosk_id: str) -> bytes:
    """The legacy receipt key of one kiosk, derived from the hall's old receipt secret (key id ``0``)."""
    return hmac.new(hall_secret, f"receipt:{kiosk_id}".encode(), hashlib.sha256).digest()


def sign_receipt(key: bytes, filing_id: uuid.UUID, key_id: str | None = None) -> str:
    """The token printed in the receipt's QR code under the kiosk's key and its id; without an id, the legacy
    shape (a kiosk that still holds a key from before key ids)."""
    if key_id is None:
        mac = hmac.new(key, filing_id.bytes, hashlib.sha256).digest()[:MAC_BYTES]
        return f"{signedcode.b64encode(filing_id.bytes)}.{signedcode.b64encode(mac)}"
    return signedcode.sign(RECEIPT, key_id, key, filing_id.bytes)


def receipt_key_id(token: str) -> str | None:
    """The key id a well-formed token names (``0`` for the legacy shape), unverified; None if malformed."""
    parts = _parts(token)
    return parts[0] if parts is not None else None


def receipt_filing_id(token: str) -> uuid.UUID | None:
    """The filing id a token names, unverified (to find the filing, and so its kiosk and key); None if malformed."""
    parts = _parts(token)
    return parts[1] if parts is not None else None


def verify_receipt(key: bytes, token: str) -> uuid.UUID | None:
    """The filing id of a genuine token signed with ``key`` (the kiosk's key of the token's key id); None for a
    forged, respelled or malformed one."""
    parts = _parts(token)
    if parts is None:
        return None
    _key_id, filing_id, legacy = parts
    if legacy:
        expected = sign_receipt(key, filing_id)
        return filing_id if hmac.compare_digest(expected.encode(), token.encode()) else None
    found = signedcode.verify(RECEIPT, token, 16, lambda _key_id: key)
    return uuid.UUID(bytes=found.payload) if found is not None else None


def _parts(token: str) -> tuple[str, uuid.UUID, bool] | None:
    head, dot, tail = token.partition(".")
    if dot and len(head) == 22 and len(tail) == 16:  # the legacy shape: a key id is at most 6 digits
        data = signedcode.b64decode(head)
        if data is None or len(data) != 16 or signedcode.b64decode(tail) is None:
            return None
        return LEGACY_KEY_ID, uuid.UUID(bytes=data), True
    split = signedcode.split(token, 16)
    if split is None or split[0] == LEGACY_KEY_ID:  # the legacy key signs nothing new
        return None
    return split[0], uuid.UUID(bytes=split[1]), False
