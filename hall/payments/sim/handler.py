"""The simulator's HTTP: the gateway's signed API under ``/v3/``, the payer's page under ``/qr/``, and the controls
tests and the prompt use under ``/_sim/`` (unsigned: the simulator listens on loopback unless told otherwise)."""

from __future__ import annotations

import contextlib
import json
import logging
import re
import secrets
import time
from datetime import date, datetime
from http.server import BaseHTTPRequestHandler
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, urlsplit

from hall.payments import gateway_wire as wire
from hall.payments.sim.ledger import SimRefusal
from hall.payments.sim.page import payer_page

if TYPE_CHECKING:
    from hall.payments.sim.server import GatewaySimulator

log = logging.getLogger(__name__)
MAX_BODY = 64 * 1024
TRADE_PATH = re.compile(r"^/v3/pay/transactions/out-trade-no/([0-9A-Za-z_\-|*]{6,32})(/close)?$")
NUMBER = re.compile(r"^[0-9A-Za-z_\-|*]{6,32}$")


class Lost(Exception):
    """The call's answer is not sent: the connection is closed (faults hang and lose-answer)."""


class GatewayHandler(BaseHTTPRequestHandler):
    server_version = "PaymentGatewaySim/1"
    protocol_version = "HTTP/1.1"
    timeout = 60  # an idle kept-alive connection is closed, so its thread ends
    disable_nagle_algorithm = True  # headers and body leave at once, not 40 ms apart (Nagle and delayed ACKs)
    sim: GatewaySimulator  # set on the class the simulator makes

    def log_message(self, format: str, *args: Any) -> None:
        log.debug("%s %s", self.address_string(), format % args)

    def do_GET(self) -> None:
        self._handle("GET")

    def do_POST(self) -> None:
        self._handle("POST")

    # -- dispatch -------------------------------------------------------------------------------------------
    def _handle(self, method: str) -> None:
        length_text = self.headers.get("Content-Length") or "0"
        if not length_text.isdigit() or int(length_text) > MAX_BODY:
            self.close_connection = True
            self._send(413 if length_text.isdigit() else 400, b"bad or too large a body", "text/plain")
            return
        length = int(length_text)
        body = self.rfile.read(length) if length else b""
        parts = urlsplit(self.path)
        try:
            if parts.path.startswith("/v3/"):
                self._api(method, parts.path, parts.query, body)
            elif parts.path.startswith("/_sim/"):
                self._control(method, parts.path, body)
            elif parts.path.startswith("/qr/"):
                self._payer(method, parts.path)
            else:
                self._send(404, b"not found", "text/plain")
        except Lost:
            self.close_connection = True  # nothing is written: the client sees the connection end unanswered

    def _api(self, method: str, path: str, query: str, body: bytes) -> None:
        try:
            self._check_signature(method, path + (f"?{query}" if query else ""), body)
            fault = self.sim.take_call_fault()
            if fault == "fail":
                raise SimRefusal(500, "SYSTEM_ERROR", "系统繁忙 / the gateway is busy, try again")
            if fault == "hang":
                self.sim.wait(self.sim.hang_s)
                raise Lost
            status, answer = self._route(method, path, parse_qs(query), _json(body) if method == "POST" else {})
            if fault == "lose-answer":
                raise Lost
        except SimRefusal as refusal:
            status, answer = refusal.status, wire.error_json(refusal.code, refusal.message)
        if isinstance(answer, str):
            self._signed(status, answer.encode(), "text/csv; charset=utf-8")
        else:
            self._signed(status, json.dumps(answer, ensure_ascii=False).encode(), "application/json")

    def _route(self, method: str, path: str, query: dict[str, list[str]], body: dict[str, Any]) -> tuple[int, Any]:
        ledger, notify = self.sim.ledger, str(body.get("notify_url") or self.sim.notify_url)
        if (method, path) == ("POST", "/v3/pay/transactions/native"):
            no, amount, text = _order(body)
            expires = _expiry(body.get("time_expire"))
            return 200, ledger.trade_json(ledger.create_native(no, amount, text, expires, notify))
        if (method, path) == ("POST", "/v3/pay/transactions/codepay"):
            no, amount, text = _order(body)
            payer = body.get("payer")
            code = payer.get("auth_code") if isinstance(payer, dict) else None
            if not isinstance(code, str):
                raise SimRefusal(400, "PARAM_ERROR", "payer.auth_code is missing")
            return 200, ledger.trade_json(ledger.pay_with_code(no, amount, text, code, notify))
        if (method, path) == ("POST", "/v3/refund/domestic/refunds"):
            refund = body.get("amount")
            fen = refund.get("refund") if isinstance(refund, dict) else None
            no, refund_no = _number(body.get("out_trade_no")), _number(body.get("out_refund_no"))
            return 200, ledger.refund(no, refund_no, _fen(fen), str(body.get("reason", ""))[:80])
        if (method, path) == ("GET", "/v3/bill/statement"):
            try:
                day = date.fromisoformat(query.get("bill_date", [""])[0])
            except ValueError:
                raise SimRefusal(400, "PARAM_ERROR", "bill_date must be YYYY-MM-DD") from None
            return 200, wire.statement_csv(ledger.statement(day))
        found = TRADE_PATH.fullmatch(path)
        if found and method == ("POST" if found.group(2) else "GET"):
            trade = ledger.close(found.group(1)) if found.group(2) else ledger.query(found.group(1))
            return 200, ledger.trade_json(trade)
        raise SimRefusal(404, "NOT_FOUND", f"no such call: {method} {path}")

    def _check_signature(self, method: str, target: str, body: bytes) -> None:
        try:
            fields = wire.parse_authorization(self.headers.get("Authorization", ""))
            self.sim.requests_guard.check(fields["timestamp"], fields["nonce_str"])
        except wire.WireError as error:
            raise SimRefusal(401, "SIGN_ERROR", f"签名错误 / {error}") from None
        if fields["mchid"] != self.sim.merchant_id:
            raise SimRefusal(401, "MCH_NOT_EXISTS", f"商户号不存在 / no merchant {fields['mchid'][:32]!r} here")
        message = wire.request_message(method, target, fields["timestamp"], fields["nonce_str"], body)
        if fields["serial_no"] != self.sim.merchant_serial or not wire.verifies(
            self.sim.merchant_public_key, message, fields["signature"]
        ):
            raise SimRefusal(401, "SIGN_ERROR", "签名错误 / the request's signature does not verify")

    def _control(self, method: str, path: str, body: bytes) -> None:
        try:
            answer = self.sim.control(method, path, _json(body) if method == "POST" else {})
        except SimRefusal as refusal:
            self._send(refusal.status, json.dumps(wire.error_json(refusal.code, refusal.message)).encode())
            return
        self._send(200, json.dumps(answer, ensure_ascii=False).encode())

    def _payer(self, method: str, path: str) -> None:
        token, _, action = path[len("/qr/") :].partition("/")
        entry = self.sim.ledger.by_token(token)
        if method == "POST" and action == "pay" and entry is not None:
            with contextlib.suppress(SimRefusal):  # the page says what became of it
                self.sim.ledger.payer_pays(entry.trade.out_trade_no)
            entry = self.sim.ledger.by_token(token)
        self._send(200 if entry else 404, payer_page(entry, token).encode(), "text/html; charset=utf-8")

    # -- answers --------------------------------------------------------------------------------------------
    def _signed(self, status: int, body: bytes, kind: str) -> None:
        headers = wire.signed_headers(
            self.sim.gateway_key, self.sim.gateway_serial, body, str(int(time.time())), secrets.token_hex(16)
        )
        self._send(status, body, kind, headers)

    def _send(
        self, status: int, body: bytes, kind: str = "application/json", headers: dict[str, str] | None = None
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)


def _json(body: bytes) -> dict[str, Any]:
    try:
        obj = json.loads(body or b"{}")
    except (ValueError, UnicodeDecodeError):
        raise SimRefusal(400, "PARAM_ERROR", "the body must be JSON") from None
    if not isinstance(obj, dict):
        raise SimRefusal(400, "PARAM_ERROR", "the body must be a JSON object")
    return obj


def _number(value: object) -> str:
    if not isinstance(value, str) or not NUMBER.fullmatch(value):
        raise SimRefusal(400, "PARAM_ERROR", "an order or refund number is 6-32 letters, digits, _-|*")
    return value


def _fen(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 < value <= 100_000_000_00:
        raise SimRefusal(400, "PARAM_ERROR", "an amount is a positive whole number of fen")
    return value


def _order(body: dict[str, Any]) -> tuple[str, int, str]:
    amount = body.get("amount")
    description = body.get("description")
    if not isinstance(description, str) or not 0 < len(description) <= 127:
        raise SimRefusal(400, "PARAM_ERROR", "description is 1-127 characters")
    return (
        _number(body.get("out_trade_no")),
        _fen(amount.get("total") if isinstance(amount, dict) else None),
        description,
    )


def _expiry(value: object) -> datetime:
    try:
        parsed = datetime.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        parsed = None
    if parsed is None or parsed.tzinfo is None:
        raise SimRefusal(400, "PARAM_ERROR", "time_expire must be an ISO time with its UTC offset")
    return parsed
