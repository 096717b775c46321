"""An expiring link for a row of the hall's (a phone upload session): its id, its expiry and a nonce, then a
truncated HMAC, in the one spelling common/signedcode.py allows (a respelled link is refused)."""

from __future__ import annotations

import hmac
import secrets
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime

from common.signedcode import b64decode, b64encode
from hall.idhash import ALGORITHM

MAX_TOKEN = 100


@dataclass(frozen=True)
class TimedLink:
    row_id: uuid.UUID
    expires: datetime


def sign_link(secret: bytes, row_id: uuid.UUID, expires: datetime) -> str:
    payload = row_id.bytes + int(expires.timestamp()).to_bytes(8, "big") + secrets.token_bytes(8)
    return f"{b64encode(payload)}.{b64encode(hmac.new(secret, payload, ALGORITHM).digest()[:16])}"


def verify_link(secret: bytes, token: str) -> TimedLink | None:
    """The row and expiry a genuine token names (expired or not); None for anything forged, respelled or altered."""
    if len(token) > MAX_TOKEN or token.count(".") != 1:
        return None
    encoded, _, mac_text = token.partition(".")
    payload, mac = b64decode(encoded), b64decode(mac_text)
    if payload is None or mac is None or len(payload) != 32:
        return None
    if not hmac.compare_digest(mac, hmac.new(secret, payload, ALGORITHM).digest()[:16]):
        return None
    return TimedLink(uuid.UUID(bytes=payload[:16]), datetime.fromtimestamp(int.from_bytes(payload[16:24], "big"), UTC))
