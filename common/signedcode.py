"""Signed codes: what the hall and the kiosk put in a QR code that a phone, a scanner or a person carries back.

One shape for every kind (a ticket, a filing receipt): ``<key id>.<payload and MAC in URL-safe base64>``, e.g.
``3.SMo9cnJ9Rr6Hjz6KZ0Vq0A8sPAhZ9cZb2dVE-gA`` for a ticket (16 bytes of payload, 12 of MAC: 40 characters).

- The key id says which of the hall's keys signed it, so a key can be replaced without voiding the codes printed
  yesterday: the verifier looks the id up among the keys it keeps.
- The MAC is a truncated HMAC-SHA256 over the kind, the key id and the payload, so a ticket's code does not pass
  as a receipt's, nor a code as one of another key. (SHA-256 rather than SM3: the kiosk signs and the hall
  verifies, and not every OpenSSL build offers SM3; a mismatch would void every receipt.)
- Exactly one spelling: the base64 is checked against its strict alphabet and length and must re-encode to the
  same text (the last character's unused bits are zero), and a key id is a decimal number without leading zeros.
  A respelled code is refused before any MAC is computed, so "used" can be keyed on the code itself.
- MACs are compared in constant time.

Pure: bytes in, a typed result out; no I/O, no clock, no Qt.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import re
from collections.abc import Callable
from dataclasses import dataclass

MAC_BYTES = 12  # 96 bits: a forged code is accepted by chance once in 2**96 tries
MAX_CODE = 120
KEY_ID = re.compile(r"^(0|[1-9][0-9]{0,5})$")  # "0" is the legacy key; new keys count up from "1"
_B64 = re.compile(r"^[A-Za-z0-9_-]*$")


@dataclass(frozen=True)
class SignedCode:
    """A genuine code: its kind, the key id that signed it, and the payload it carries."""

    kind: str
    key_id: str
    payload: bytes


def b64encode(data: bytes) -> str:
    """URL-safe base64 without padding."""
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def b64decode(text: str) -> bytes | None:
    """The bytes of the one canonical spelling of them; None for anything else (padding, other alphabets, a last
    character with stray low bits, an impossible length)."""
    if not _B64.match(text) or len(text) % 4 == 1:
        return None
    try:
        data = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (binascii.Error, ValueError):
        return None
    return data if b64encode(data) == text else None


def derive(master: bytes, purpose: str) -> bytes:
    """A key for one purpose from a master key, so that no two uses share a key."""
    return hmac.new(master, f"hall-code:{purpose}".encode(), hashlib.sha256).digest()


def mac(kind: str, key_id: str, key: bytes, payload: bytes) -> bytes:
    message = f"{kind}\x00{key_id}\x00".encode() + payload
    return hmac.new(key, message, hashlib.sha256).digest()[:MAC_BYTES]


def sign(kind: str, key_id: str, key: bytes, payload: bytes) -> str:
    """The code for ``payload`` under the key ``key_id`` (``key`` is that key, already derived for ``kind``)."""
    if not KEY_ID.match(key_id):
        raise ValueError(f"not a key id: {key_id!r}")
    return f"{key_id}.{b64encode(payload + mac(kind, key_id, key, payload))}"


def split(code: str, payload_bytes: int) -> tuple[str, bytes, bytes] | None:
    """Key id, payload and MAC of a well-formed code (not yet verified); None for a malformed or respelled one."""
    if len(code) > MAX_CODE or code.count(".") != 1:
        return None
    key_id, _, body = code.partition(".")
    if not KEY_ID.match(key_id):
        return None
    data = b64decode(body)
    if data is None or len(data) != payload_bytes + MAC_BYTES:
        return None
    return key_id, data[:payload_bytes], data[payload_bytes:]


def verify(kind: str, code: str, payload_bytes: int, key_of: Callable[[str], bytes | None]) -> SignedCode | None:
    """The code's contents if it is genuine: well formed, its key id known to ``key_of`` (which gives that key,
    derived for ``kind``, or None) and its MAC right. None for anything forged, respelled, altered or unknown."""
    parts = split(code, payload_bytes)
    if parts is None:
        return None
    key_id, payload, tag = parts
    key = key_of(key_id)
    if key is None or not hmac.compare_digest(tag, mac(kind, key_id, key, payload)):
        return None
    return SignedCode(kind, key_id, payload)


def respellings(code: str) -> list[str]:
    """Other texts that decode to the same bytes under a lenient base64 decoder (for tests: each must be
    refused). The last character of the body carries spare bits; changing them changes nothing a lenient
    decoder sees."""
    key_id, _, body = code.partition(".")
    spare = {2: 4, 3: 2}.get(len(body) % 4, 0)
    if not spare:
        return []
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
    index = alphabet.index(body[-1])
    base = index & ~((1 << spare) - 1)
    return [f"{key_id}.{body[:-1]}{alphabet[base + low]}" for low in range(1, 1 << spare)]
