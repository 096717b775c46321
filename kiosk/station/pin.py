"""The technician PIN as a salted hash: ``pbkdf2-sha256$ITERATIONS$SALT$HASH`` (PBKDF2-HMAC-SHA256, hex).

Only the hash is in config/kiosk.toml; ``kiosk config pin`` makes one. A PIN is 4 to 12 digits (it is typed on
the kiosk's on-screen keypad).
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets

from common.settings.models import PIN_HASH_PATTERN

ITERATIONS = 200_000  # about 0.1 s here: slow enough for guessing, quick enough at the door
PIN = re.compile(r"^[0-9]{4,12}$")
PIN_RULE = "密码应为 4 到 12 位数字 / a PIN is 4 to 12 digits"


def _derive(pin: str, salt: bytes, iterations: int) -> bytes:
    return hashlib.pbkdf2_hmac("sha256", pin.encode(), salt, iterations)


def make_pin_hash(pin: str, *, iterations: int = ITERATIONS, salt: bytes | None = None) -> str:
    """The config line's value for ``pin``; ValueError (bilingual) when it is not 4 to 12 digits."""
    if not PIN.match(pin):
        raise ValueError(PIN_RULE)
    salt = salt if salt is not None else secrets.token_bytes(16)
    return f"pbkdf2-sha256${iterations}${salt.hex()}${_derive(pin, salt, iterations).hex()}"


def verify_pin(pin: str, stored: str) -> bool:
    """True when ``pin`` matches ``stored``; False for an empty or malformed hash (technician mode stays locked)."""
    match = PIN_HASH_PATTERN.match(stored)
    if match is None or not PIN.match(pin):
        return False
    iterations, salt, expected = int(match[1]), bytes.fromhex(match[2]), bytes.fromhex(match[3])
    return hmac.compare_digest(_derive(pin, salt, iterations), expected)
