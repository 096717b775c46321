"""The reference gateway protocol's pure parts: what is signed, the signature header, the JSON of a trade, a
notification and a refund, the statement's CSV. No I/O; byte fixtures in tests/hall/payments/test_gateway_wire.py.
docs/payment.md, "The reference gateway and its simulator".

Signing follows WeChat Pay API v3: RSA-SHA256 (PKCS#1 v1.5), base64. A request is signed by the merchant over
``METHOD\\nPATH?QUERY\\nTIMESTAMP\\nNONCE\\nBODY\\n`` and carries ``Authorization: HALLPAY-SHA256-RSA2048
mchid="…",nonce_str="…",timestamp="…",serial_no="…",signature="…"``. An answer or a notification is signed by the
gateway over ``TIMESTAMP\\nNONCE\\nBODY\\n`` and carries ``Pay-Timestamp``, ``Pay-Nonce``, ``Pay-Serial`` and
``Pay-Signature``. ``serial_no`` names the signer's key: the first 16 hex digits of its public key's SHA-256.
"""

from __future__ import annotations

import base64
import csv
import hashlib
import io
import json
import re
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from hall.payments.gateway import Notice, Refund, StatementLine, Trade, TradeState

SCHEME = "HALLPAY-SHA256-RSA2048"
TIMESTAMP, NONCE, SERIAL, SIGNATURE = "Pay-Timestamp", "Pay-Nonce", "Pay-Serial", "Pay-Signature"
STATEMENT_HEADER = ("time", "out_trade_no", "transaction_id", "kind", "amount_fen")
_AUTH_FIELD = re.compile(r'\s*([a-z_]+)="([^"]*)"\s*')
_AUTH_FIELDS = {"mchid", "nonce_str", "timestamp", "serial_no", "signature"}
_NONCE = re.compile(r"^[0-9A-Za-z]{16,64}$")


class WireError(ValueError):
    """Bytes that are not what the protocol says they must be; the message says what is wrong."""


# -- signing ----------------------------------------------------------------------------------------------------
def request_message(method: str, path: str, timestamp: str, nonce: str, body: bytes) -> bytes:
    """What the merchant signs: ``path`` with its query string, ``body`` as sent (b"" for a GET)."""
    return f"{method.upper()}\n{path}\n{timestamp}\n{nonce}\n".encode() + body + b"\n"


def answer_message(timestamp: str, nonce: str, body: bytes) -> bytes:
    """What the gateway signs: an answer's or a notification's body as sent."""
    return f"{timestamp}\n{nonce}\n".encode() + body + b"\n"


def sign(key: rsa.RSAPrivateKey, message: bytes) -> str:
    return base64.b64encode(key.sign(message, padding.PKCS1v15(), hashes.SHA256())).decode("ascii")


def verifies(key: rsa.RSAPublicKey, message: bytes, signature: str) -> bool:
    try:
        raw = base64.b64decode(signature.encode("ascii"), validate=True)
        key.verify(raw, message, padding.PKCS1v15(), hashes.SHA256())
    except (InvalidSignature, ValueError, UnicodeEncodeError):
        return False
    return True


def key_serial(key: rsa.RSAPublicKey) -> str:
    der = key.public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    return hashlib.sha256(der).hexdigest()[:16].upper()


def authorization(mchid: str, nonce: str, timestamp: str, serial: str, signature: str) -> str:
    return (
        f'{SCHEME} mchid="{mchid}",nonce_str="{nonce}",timestamp="{timestamp}",serial_no="{serial}",'
        f'signature="{signature}"'
    )


def parse_authorization(value: str) -> dict[str, str]:
    """The fields of an ``Authorization`` header; WireError when it is not ours or lacks one."""
    scheme, _, rest = value.strip().partition(" ")
    if scheme != SCHEME:
        raise WireError(f"not a {SCHEME} authorization")
    fields: dict[str, str] = {}
    for part in rest.split(","):
        found = _AUTH_FIELD.fullmatch(part)
        if not found or found.group(1) in fields:
            raise WireError(f"malformed authorization field {part.strip()[:40]!r}")
        fields[found.group(1)] = found.group(2)
    if set(fields) != _AUTH_FIELDS:
        raise WireError(f"authorization needs exactly {', '.join(sorted(_AUTH_FIELDS))}")
    return fields


def signed_headers(key: rsa.RSAPrivateKey, serial: str, body: bytes, timestamp: str, nonce: str) -> dict[str, str]:
    """The headers of a gateway answer or notification carrying ``body``."""
    return {
        TIMESTAMP: timestamp,
        NONCE: nonce,
        SERIAL: serial,
        SIGNATURE: sign(key, answer_message(timestamp, nonce, body)),
    }


class ReplayGuard:
    """Refuses what was signed too long ago (or too far ahead) and a nonce seen before within that window."""

    def __init__(self, max_age_s: int, now: Callable[[], float] = time.time) -> None:
        self.max_age_s, self._now = max_age_s, now
        self._seen: OrderedDict[str, float] = OrderedDict()
        self._lock = threading.Lock()

    def check(self, timestamp: str, nonce: str) -> None:
        """WireError when stale, malformed or replayed; otherwise the nonce is remembered."""
        if not timestamp.isdigit() or not _NONCE.fullmatch(nonce):
            raise WireError("malformed timestamp or nonce")
        now = self._now()
        if abs(now - int(timestamp)) > self.max_age_s:
            raise WireError(f"stale: signed {int(now) - int(timestamp)} s from now (at most {self.max_age_s})")
        with self._lock:
            while self._seen and next(iter(self._seen.values())) < now - self.max_age_s:
                self._seen.popitem(last=False)
            if nonce in self._seen:
                raise WireError("replayed: this nonce was seen already")
            self._seen[nonce] = now


def header(headers: Mapping[str, str], name: str) -> str:
    """A header whatever its case; "" when absent."""
    lowered = name.lower()
    return next((v for k, v in headers.items() if k.lower() == lowered), "")


# -- JSON -------------------------------------------------------------------------------------------------------
def _time(value: datetime | None) -> str | None:
    return value.isoformat(timespec="seconds") if value is not None else None


def trade_json(trade: Trade, mchid: str, trade_type: str) -> dict[str, Any]:
    return {
        "mchid": mchid,
        "out_trade_no": trade.out_trade_no,
        "transaction_id": trade.transaction_id,
        "trade_type": trade_type,
        "trade_state": trade.state.value,
        "trade_state_desc": trade.reason,
        "amount": {"total": trade.amount_fen, "currency": "CNY"},
        "success_time": _time(trade.paid_at),
        "code_url": trade.code_url,
    }


def _aware(value: object, what: str) -> datetime:
    if not isinstance(value, str):
        raise WireError(f"{what} must be a time")
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise WireError(f"{what} is not an ISO time: {value[:40]!r}") from None
    if parsed.tzinfo is None:
        raise WireError(f"{what} has no UTC offset")
    return parsed


def _text(obj: Mapping[str, Any], key: str, *, limit: int = 256) -> str:
    value = obj.get(key, "")
    if not isinstance(value, str) or len(value) > limit:
        raise WireError(f"{key} must be text of at most {limit} characters")
    return value


def _fen(value: object, what: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise WireError(f"{what} must be a whole number of fen")
    return value


def trade_from_json(obj: object) -> Trade:
    if not isinstance(obj, dict):
        raise WireError("a trade must be a JSON object")
    try:
        state = TradeState(str(obj.get("trade_state")))
    except ValueError:
        raise WireError(f"unknown trade_state {str(obj.get('trade_state'))[:20]!r}") from None
    amount = obj.get("amount")
    if not isinstance(amount, dict):
        raise WireError("amount must be an object")
    out_trade_no = _text(obj, "out_trade_no", limit=32)
    if not out_trade_no:
        raise WireError("out_trade_no is missing")
    success = obj.get("success_time")
    paid_at = None if success is None else _aware(success, "success_time")
    if state in {TradeState.SUCCESS, TradeState.REFUND} and (paid_at is None or not obj.get("transaction_id")):
        raise WireError(f"a {state.value} trade needs transaction_id and success_time")
    return Trade(
        out_trade_no=out_trade_no,
        state=state,
        amount_fen=_fen(amount.get("total"), "amount.total"),
        transaction_id=_text(obj, "transaction_id", limit=64),
        paid_at=paid_at,
        code_url=_text(obj, "code_url", limit=512),
        reason=_text(obj, "trade_state_desc"),
    )


def refund_from_json(obj: object) -> Refund:
    if not isinstance(obj, dict) or not isinstance(obj.get("amount"), dict):
        raise WireError("a refund must be an object with an amount")
    status = obj.get("status")
    if status not in {"SUCCESS", "PROCESSING"}:
        raise WireError(f"unknown refund status {str(status)[:20]!r}")
    return Refund(
        out_refund_no=_text(obj, "out_refund_no", limit=64),
        out_trade_no=_text(obj, "out_trade_no", limit=32),
        amount_fen=_fen(obj["amount"].get("refund"), "amount.refund"),
        done=status == "SUCCESS",
    )


def notice_json(notice_id: str, event_type: str, created: datetime, trade: dict[str, Any]) -> dict[str, Any]:
    summary = {"TRANSACTION.SUCCESS": "支付成功", "REFUND.SUCCESS": "退款成功"}.get(event_type, "")
    return {
        "id": notice_id,
        "create_time": _time(created),
        "event_type": event_type,
        "resource_type": "trade",
        "summary": summary,
        "resource": trade,
    }


def notice_from_bytes(body: bytes) -> Notice:
    try:
        obj = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        raise WireError("a notification must be JSON") from None
    if not isinstance(obj, dict) or obj.get("resource_type") != "trade":
        raise WireError("not a trade notification")
    notice_id = _text(obj, "id", limit=64)
    if not notice_id:
        raise WireError("the notification has no id")
    return Notice(notice_id=notice_id, trade=trade_from_json(obj.get("resource")))


# -- the statement ----------------------------------------------------------------------------------------------
def statement_csv(lines: list[StatementLine]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(STATEMENT_HEADER)
    for line in lines:
        writer.writerow((_time(line.at), line.out_trade_no, line.transaction_id, line.kind, line.amount_fen))
    return out.getvalue()


def parse_statement(text: str) -> list[StatementLine]:
    """The statement's lines; WireError for a wrong header or a bad line (its number is said)."""
    rows = list(csv.reader(io.StringIO(text)))
    if not rows or tuple(rows[0]) != STATEMENT_HEADER:
        raise WireError(f"a statement starts with the header {','.join(STATEMENT_HEADER)}")
    lines = []
    for number, row in enumerate(rows[1:], start=2):
        if not row:
            continue
        if len(row) != len(STATEMENT_HEADER) or row[3] not in {"payment", "refund"} or not row[4].isdigit():
            raise WireError(f"statement line {number} is malformed")
        lines.append(StatementLine(row[1], row[2], row[3], int(row[4]), _aware(row[0], f"line {number}'s time")))
    return lines


def error_json(code: str, message: str) -> dict[str, str]:
    return {"code": code, "message": message}
