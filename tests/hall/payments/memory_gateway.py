"""A small in-process ``PaymentGateway`` for the order tests: trades in a dict, faults on request (a lost answer,
a success the kiosk does not see), notifications signed with an HMAC the hall verifies. Only the order logic is
under test with it; the gateway simulator is tested against the same rules in test_orders_sim.py."""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime

from hall.payments.gateway import (
    BadSignature,
    GatewayRefused,
    GatewayUnknown,
    Notice,
    Refund,
    StatementLine,
    Trade,
    TradeState,
)

KEY = b"memory-gateway-key"


@dataclass
class MemoryGateway:
    now: datetime
    trades: dict[str, Trade] = field(default_factory=dict)
    refunds: dict[str, Refund] = field(default_factory=dict)
    lose_next: set[str] = field(default_factory=set)  # the next call of these names takes effect, answer lost
    fail_next: set[str] = field(default_factory=set)  # the next call of these names does nothing, answer lost
    calls: list[str] = field(default_factory=list)
    extra_statement: list[StatementLine] = field(default_factory=list)

    def _lost(self, name: str, result: Trade | Refund) -> Trade | Refund:
        if name in self.lose_next:
            self.lose_next.discard(name)
            raise GatewayUnknown(f"{name}: timed out")
        return result

    def _failed(self, name: str) -> None:
        self.calls.append(name)
        if name in self.fail_next:
            self.fail_next.discard(name)
            raise GatewayUnknown(f"{name}: connection refused")

    def create_native(self, out_trade_no: str, amount_fen: int, description: str, expires_at: datetime) -> Trade:
        self._failed("create_native")
        trade = self.trades.setdefault(
            out_trade_no,
            Trade(out_trade_no, TradeState.NOTPAY, amount_fen, code_url=f"memorypay://pay/{out_trade_no}"),
        )
        return self._lost("create_native", trade)  # type: ignore[return-value]

    def pay_with_code(self, out_trade_no: str, amount_fen: int, description: str, auth_code: str) -> Trade:
        self._failed("pay_with_code")
        if out_trade_no not in self.trades:
            state = TradeState.PAYERROR if auth_code.startswith("1349") else TradeState.SUCCESS
            if auth_code.startswith("1388"):
                state = TradeState.USERPAYING
            self.trades[out_trade_no] = self._paid(Trade(out_trade_no, state, amount_fen, reason="余额不足"))
        return self._lost("pay_with_code", self.trades[out_trade_no])  # type: ignore[return-value]

    def _paid(self, trade: Trade) -> Trade:
        if trade.state is not TradeState.SUCCESS:
            return trade
        return replace(trade, transaction_id=f"42{trade.out_trade_no[-10:]}", paid_at=self.now)

    def pay(self, out_trade_no: str) -> Trade:
        """The phone pays the QR code (or the payer confirms on the phone)."""
        trade = self.trades[out_trade_no]
        assert trade.state in {TradeState.NOTPAY, TradeState.USERPAYING}, trade
        self.trades[out_trade_no] = self._paid(replace(trade, state=TradeState.SUCCESS, reason=""))
        return self.trades[out_trade_no]

    def query(self, out_trade_no: str) -> Trade:
        self._failed("query")
        if out_trade_no not in self.trades:
            raise GatewayRefused("ORDER_NOT_EXIST", "no such trade")
        return self._lost("query", self.trades[out_trade_no])  # type: ignore[return-value]

    def close(self, out_trade_no: str) -> Trade:
        self._failed("close")
        if out_trade_no not in self.trades:
            raise GatewayRefused("ORDER_NOT_EXIST", "no such trade")
        trade = self.trades[out_trade_no]
        if trade.state in {TradeState.NOTPAY, TradeState.USERPAYING}:
            trade = self.trades[out_trade_no] = replace(trade, state=TradeState.CLOSED)
        return self._lost("close", trade)  # type: ignore[return-value]

    def refund(self, out_trade_no: str, out_refund_no: str, amount_fen: int, reason: str) -> Refund:
        self._failed("refund")
        trade = self.trades.get(out_trade_no)
        if trade is None or trade.state not in {TradeState.SUCCESS, TradeState.REFUND}:
            raise GatewayRefused("TRADE_STATE_ERROR", "not paid")
        self.trades[out_trade_no] = replace(trade, state=TradeState.REFUND)
        done = self.refunds.setdefault(out_refund_no, Refund(out_refund_no, out_trade_no, amount_fen, True))
        return self._lost("refund", done)  # type: ignore[return-value]

    # -- notifications --------------------------------------------------------------------------------------
    def notification(self, out_trade_no: str, notice_id: str, *, key: bytes = KEY) -> tuple[dict[str, str], bytes]:
        trade = self.trades[out_trade_no]
        fields = {"id": notice_id, "out_trade_no": trade.out_trade_no, "state": trade.state.value}
        body = json.dumps(fields).encode()
        signature = hmac.new(key, body, hashlib.sha256).hexdigest()
        return {"content-type": "application/json", "x-memory-signature": signature}, body

    def verify_notification(self, headers: Mapping[str, str], body: bytes) -> Notice:
        expected = hmac.new(KEY, body, hashlib.sha256).hexdigest()
        if not hmac.compare_digest(expected, headers.get("x-memory-signature", "")):
            raise BadSignature("signature does not verify")
        fields = json.loads(body)
        trade = self.trades[fields["out_trade_no"]]
        return Notice(fields["id"], replace(trade, state=TradeState(fields["state"])))

    def statement(self, day: date) -> list[StatementLine]:
        lines = [
            StatementLine(t.out_trade_no, t.transaction_id, "payment", t.amount_fen, t.paid_at or self.now)
            for t in self.trades.values()
            if t.state in {TradeState.SUCCESS, TradeState.REFUND}
        ]
        lines += [StatementLine(r.out_trade_no, "", "refund", r.amount_fen, self.now) for r in self.refunds.values()]
        return lines + self.extra_statement
