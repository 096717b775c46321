"""``HttpGateway``: the hall's client of the reference gateway protocol (docs/payment.md, "The reference gateway
and its simulator"), spoken by ``kiosk sim payment`` and by any gateway that implements it.

Every request is signed with the merchant's key; every answer's signature is checked with the gateway's public key
before it is believed. What cannot be known is never guessed: a timeout, a lost answer, a 5xx, a 429, an answer
that is unreadable or does not verify raise ``GatewayUnknown`` (settle by ``query``); a signed 4xx is a definite
``GatewayRefused`` with the gateway's code.
"""

from __future__ import annotations

import json
import logging
import re
import secrets
import time
from collections.abc import Callable, Mapping
from datetime import date, datetime
from typing import Any
from urllib.parse import urlencode

import httpx
from cryptography.hazmat.primitives.asymmetric import rsa

from hall.payments import gateway_wire as wire
from hall.payments.gateway import (
    BadSignature,
    GatewayRefused,
    GatewayUnknown,
    Notice,
    Refund,
    StatementLine,
    Trade,
)

log = logging.getLogger(__name__)
OUT_NO = re.compile(r"^[0-9A-Za-z_\-|*]{6,32}$")  # the gateways' rule for merchant order and refund numbers


class UnverifiedAnswer(GatewayUnknown, BadSignature):
    """An answer whose signature does not verify: not believed, so the call's outcome is unknown."""


class HttpGateway:
    """``PaymentGateway`` over HTTP. Thread-safe (one pooled client); ``shutdown()`` when done (``close`` is the
    gateway's close of a trade)."""

    def __init__(
        self,
        url: str,
        merchant_id: str,
        merchant_key: rsa.RSAPrivateKey,
        gateway_key: rsa.RSAPublicKey,
        *,
        notify_url: str = "",
        timeout_s: float = 10.0,
        connect_timeout_s: float = 3.0,
        notify_max_age_s: int = 300,
        now: Callable[[], float] = time.time,
    ) -> None:
        self.url, self.merchant_id, self.notify_url = url.rstrip("/"), merchant_id, notify_url
        self._key, self._gateway_key = merchant_key, gateway_key
        self._serial = wire.key_serial(merchant_key.public_key())
        self._gateway_serial = wire.key_serial(gateway_key)
        self._now = now
        self._notices = wire.ReplayGuard(notify_max_age_s, now)
        timeout = httpx.Timeout(timeout_s, connect=connect_timeout_s)
        self._http = httpx.Client(base_url=self.url, timeout=timeout, trust_env=False)

    def shutdown(self) -> None:
        self._http.close()

    # -- PaymentGateway -------------------------------------------------------------------------------------
    def create_native(self, out_trade_no: str, amount_fen: int, description: str, expires_at: datetime) -> Trade:
        body = self._order(out_trade_no, amount_fen, description)
        body["time_expire"] = expires_at.isoformat(timespec="seconds")
        return self._trade(out_trade_no, self._call("POST", "/v3/pay/transactions/native", body))

    def pay_with_code(self, out_trade_no: str, amount_fen: int, description: str, auth_code: str) -> Trade:
        body = self._order(out_trade_no, amount_fen, description)
        body["payer"] = {"auth_code": auth_code}
        return self._trade(out_trade_no, self._call("POST", "/v3/pay/transactions/codepay", body))

    def query(self, out_trade_no: str) -> Trade:
        path = f"/v3/pay/transactions/out-trade-no/{_number(out_trade_no)}?{urlencode({'mchid': self.merchant_id})}"
        return self._trade(out_trade_no, self._call("GET", path, None))

    def close(self, out_trade_no: str) -> Trade:
        path = f"/v3/pay/transactions/out-trade-no/{_number(out_trade_no)}/close"
        return self._trade(out_trade_no, self._call("POST", path, {"mchid": self.merchant_id}))

    def refund(self, out_trade_no: str, out_refund_no: str, amount_fen: int, reason: str) -> Refund:
        body = {
            "mchid": self.merchant_id,
            "out_trade_no": _number(out_trade_no),
            "out_refund_no": _number(out_refund_no),
            "reason": reason[:80],
            "amount": {"refund": _amount(amount_fen), "currency": "CNY"},
        }
        answer = self._call("POST", "/v3/refund/domestic/refunds", body)
        try:
            refund = wire.refund_from_json(json.loads(answer))
        except (ValueError, UnicodeDecodeError) as error:
            raise GatewayUnknown(f"unreadable refund answer: {error}") from None
        if refund.out_refund_no != out_refund_no:
            raise GatewayUnknown(f"the answer is of refund {refund.out_refund_no!r}, not {out_refund_no!r}")
        return refund

    def verify_notification(self, headers: Mapping[str, str], body: bytes) -> Notice:
        serial = wire.header(headers, wire.SERIAL)
        if serial != self._gateway_serial:
            raise BadSignature(f"notification signed by key {serial[:20]!r}, not the gateway's {self._gateway_serial}")
        timestamp, nonce = wire.header(headers, wire.TIMESTAMP), wire.header(headers, wire.NONCE)
        message = wire.answer_message(timestamp, nonce, body)
        if not wire.verifies(self._gateway_key, message, wire.header(headers, wire.SIGNATURE)):
            raise BadSignature("the notification's signature does not verify under the gateway's key")
        try:
            self._notices.check(timestamp, nonce)
        except wire.WireError as error:
            raise BadSignature(f"notification refused: {error}") from None
        try:
            return wire.notice_from_bytes(body)
        except wire.WireError as error:
            raise GatewayRefused("NOT_A_NOTICE", str(error)) from None

    def statement(self, day: date) -> list[StatementLine]:
        query = urlencode({"bill_date": day.isoformat(), "mchid": self.merchant_id})
        answer = self._call("GET", f"/v3/bill/statement?{query}", None)
        try:
            return wire.parse_statement(answer.decode("utf-8"))
        except (wire.WireError, UnicodeDecodeError) as error:
            raise GatewayUnknown(f"unreadable statement of {day}: {error}") from None

    # -- the wire -------------------------------------------------------------------------------------------
    def _order(self, out_trade_no: str, amount_fen: int, description: str) -> dict[str, Any]:
        body: dict[str, Any] = {
            "mchid": self.merchant_id,
            "out_trade_no": _number(out_trade_no),
            "description": description[:127],
            "amount": {"total": _amount(amount_fen), "currency": "CNY"},
        }
        if self.notify_url:
            body["notify_url"] = self.notify_url
        return body

    def _trade(self, out_trade_no: str, answer: bytes) -> Trade:
        try:
            trade = wire.trade_from_json(json.loads(answer))
        except (ValueError, UnicodeDecodeError) as error:
            raise GatewayUnknown(f"unreadable trade answer: {error}") from None
        if trade.out_trade_no != out_trade_no:
            raise GatewayUnknown(f"the answer is of trade {trade.out_trade_no!r}, not {out_trade_no!r}")
        return trade

    def _call(self, method: str, path: str, body: dict[str, Any] | None) -> bytes:
        """The verified body of a 2xx answer; GatewayRefused for a signed 4xx, GatewayUnknown otherwise."""
        data = b"" if body is None else json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode()
        timestamp, nonce = str(int(self._now())), secrets.token_hex(16)
        signature = wire.sign(self._key, wire.request_message(method, path, timestamp, nonce, data))
        headers = {
            "Authorization": wire.authorization(self.merchant_id, nonce, timestamp, self._serial, signature),
            "Accept": "application/json",
        }
        if body is not None:
            headers["Content-Type"] = "application/json"
        call = f"{method} {path.split('?', maxsplit=1)[0]}"
        try:
            answer = self._http.request(method, path, content=data or None, headers=headers)
        except httpx.TimeoutException as error:
            raise GatewayUnknown(f"{call}: no answer in time ({type(error).__name__})") from None
        except httpx.HTTPError as error:
            raise GatewayUnknown(f"{call}: {type(error).__name__}: {error}") from None
        if answer.status_code >= 500 or answer.status_code == 429:
            raise GatewayUnknown(f"{call}: the gateway answered {answer.status_code}")
        self._verify_answer(answer)
        if answer.status_code >= 400:
            code, message = _error(answer.content)
            raise GatewayRefused(code, message)
        return answer.content

    def _verify_answer(self, answer: httpx.Response) -> None:
        headers = answer.headers
        serial = headers.get(wire.SERIAL, "")
        message = wire.answer_message(headers.get(wire.TIMESTAMP, ""), headers.get(wire.NONCE, ""), answer.content)
        if serial != self._gateway_serial or not wire.verifies(
            self._gateway_key, message, headers.get(wire.SIGNATURE, "")
        ):
            log.error("payment gateway answer %s did not verify (serial %r)", answer.status_code, serial[:20])
            raise UnverifiedAnswer(f"the gateway's answer ({answer.status_code}) does not verify under its key")


def _number(value: str) -> str:
    if not OUT_NO.fullmatch(value):
        raise GatewayRefused("PARAM_ERROR", f"not a merchant order or refund number: {value[:40]!r}")
    return value


def _amount(value: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise GatewayRefused("PARAM_ERROR", f"an amount must be a positive number of fen, not {value!r}")
    return value


def _error(body: bytes) -> tuple[str, str]:
    try:
        obj = json.loads(body)
        return str(obj["code"])[:64], str(obj.get("message", ""))[:300]
    except (ValueError, KeyError, TypeError, UnicodeDecodeError):
        return "UNKNOWN_ERROR", body[:200].decode("utf-8", "replace")
