"""The progress token on a filing receipt's QR code: the filing id and an HMAC of it under the receipt key of the
kiosk that made it (docs/filings.md, "The receipt's QR code"). The kiosk signs offline with the key the hall gave
it; the hall, which derives every kiosk's key from its own secret, verifies any receipt."""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import uuid

MAC_BYTES = 12  # 96 bits: a forged token is found by chance once in 2**96 tries


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def receipt_key(hall_secret: bytes, kiosk_id: str) -> bytes:
    """The receipt key of one kiosk, derived from the hall's secret (the hall hands it to that kiosk once)."""
    return hmac.new(hall_secret, f"receipt:{kiosk_id}".encode(), hashlib.sha256).digest()


def sign_receipt(key: bytes, filing_id: uuid.UUID) -> str:
    """The token printed in the receipt's QR code: 22 + 1 + 16 URL-safe characters."""
    mac = hmac.new(key, filing_id.bytes, hashlib.sha256).digest()[:MAC_BYTES]
    return f"{_b64(filing_id.bytes)}.{_b64(mac)}"


def receipt_filing_id(token: str) -> uuid.UUID | None:
    """The filing id a token names, unverified (to find the filing, and so its kiosk and key); None if malformed."""
    head, dot, tail = token.partition(".")
    if not dot or len(head) != 22 or len(tail) != 16:
        return None
    try:
        return uuid.UUID(bytes=_unb64(head))
    except (binascii.Error, ValueError):
        return None


def verify_receipt(key: bytes, token: str) -> uuid.UUID | None:
    """The filing id of a genuine token signed with ``key``; None for a forged or malformed one."""
    filing_id = receipt_filing_id(token)
    if filing_id is None:
        return None
    expected = sign_receipt(key, filing_id)
    return filing_id if hmac.compare_digest(expected.encode(), token.encode()) else None
