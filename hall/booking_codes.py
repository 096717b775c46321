"""An appointment's two codes (docs/booking.md, "The slip's QR"):

- the **code**, 8 characters from an alphabet without look-alikes (``K7M3PQ2A``): printed and spoken at the
  window, accepted by check-in like the code of an appointment booked elsewhere, and nothing more;
- the **QR text**, ``<code>-<key id>-<MAC>`` (``K7M3PQ2A-1-JBSWY3DPEHPK3PXP``): the code signed with the hall's
  current signing key (common/signedcode.py's MAC, 80 bits of it in base32). Whoever holds the slip can check in,
  find, cancel and change with it; no one can make one from the code alone. It fits the check-in's code pattern,
  so the existing check-in accepts it as scanned. It is never stored: the hall recomputes it from the code (and
  still verifies it after a key rotation, under the key id it names).

Also the masking of what the hall answers about a person: the ID number and the phone.
"""

from __future__ import annotations

import base64
import hmac
import re
import secrets

from common import signedcode
from devices.privacy import mask_id_number
from hall.keyring import KeyRing

KIND = "appointment"
ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no I, O, 0, 1
CODE_LENGTH = 8
MAC_BYTES = 10  # 80 bits, 16 base32 characters
QR_TEXT = re.compile(r"^([A-Z2-9]{8})-(0|[1-9][0-9]{0,5})-([A-Z2-7]{16})$")


def new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


class BookingCodes:
    def __init__(self, ring: KeyRing) -> None:
        self.ring = ring

    def qr_text(self, code: str) -> str:
        current = self.ring.current()
        return f"{code}-{current.key_id}-{self._mac(code, current.key_id, current.secret)}"

    def code_of(self, qr_text: str) -> str | None:
        """The appointment code a genuine QR text carries; None for anything else (a bare code included)."""
        match = QR_TEXT.match(qr_text.strip())
        if match is None:
            return None
        code, key_id, tag = match.groups()
        key = self.ring.key(key_id)
        if key is None or key_id == "0":
            return None
        return code if hmac.compare_digest(tag, self._mac(code, key_id, key.secret)) else None

    @staticmethod
    def _mac(code: str, key_id: str, secret: bytes) -> str:
        key = signedcode.derive(secret, KIND)
        return base64.b32encode(signedcode.mac(KIND, key_id, key, code.encode())[:MAC_BYTES]).decode("ascii")


def mask_phone(phone: str) -> str:
    """``13800138000`` -> ``138****8000``; a landline keeps its area code and last four digits."""
    if "-" in phone:
        area, _, rest = phone.partition("-")
        return f"{area}-{'*' * max(len(rest) - 4, 0)}{rest[-4:]}"
    return f"{phone[:3]}{'*' * max(len(phone) - 7, 0)}{phone[-4:]}"


def mask_id(id_number: str) -> str:
    return mask_id_number(id_number.strip().upper())
