"""The 12345 webhook's signature, for the hall that sends and for any receiver that checks (the simulator does):
``X-Hotline-Signature: sha256=<hex HMAC-SHA256(key, timestamp + "." + body)>`` with ``X-Hotline-Timestamp`` the
Unix time in whole seconds and ``X-Hotline-Order`` the order id. The key is the 32 bytes the hall's key file
holds in hex (``<keys dir>/hotline.key``). Standard library only: a receiver may copy this file."""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Mapping

TIMESTAMP = "X-Hotline-Timestamp"
ORDER = "X-Hotline-Order"
SIGNATURE = "X-Hotline-Signature"
MAX_AGE_S = 300  # a receiver refuses a timestamp further than this from its own clock (a replay, or a bad clock)


def signature(key: bytes, timestamp: str, body: bytes) -> str:
    """The header's value: ``sha256=`` and the hex HMAC of ``timestamp.body``."""
    digest = hmac.new(key, timestamp.encode("ascii") + b"." + body, hashlib.sha256).hexdigest()
    return f"sha256={digest}"


def signed_headers(key: bytes, order_id: str, body: bytes, timestamp: str) -> dict[str, str]:
    return {
        "Content-Type": "application/json; charset=utf-8",
        TIMESTAMP: timestamp,
        ORDER: order_id,
        SIGNATURE: signature(key, timestamp, body),
    }


def key_from_file_text(text: str) -> bytes:
    """The key a key file holds (hex, one line)."""
    return bytes.fromhex(text.strip())


def check(key: bytes, headers: Mapping[str, str], body: bytes, now: float, max_age_s: int = MAX_AGE_S) -> str | None:
    """Why a request does not verify (words for the sender), or None when it does."""
    timestamp = headers.get(TIMESTAMP, "")
    sent = headers.get(SIGNATURE, "")
    if not timestamp.isdigit() or len(timestamp) > 12:
        return f"缺少或错误的 {TIMESTAMP} / {TIMESTAMP} missing or not Unix seconds"
    if abs(now - int(timestamp)) > max_age_s:
        return f"时间戳过期 / {TIMESTAMP} is more than {max_age_s} s from the receiver's clock"
    if not sent.startswith("sha256="):
        return f"缺少 {SIGNATURE} / {SIGNATURE} missing or not sha256=…"
    if not hmac.compare_digest(sent.encode("ascii", "replace"), signature(key, timestamp, body).encode()):
        return "签名不对 / the signature does not verify (check the key)"
    return None
