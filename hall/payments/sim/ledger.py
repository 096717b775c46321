"""The simulated gateway's books: its trades and refunds, what each call does to them, and its daily statement.

Every call is idempotent by the merchant's numbers, as a real gateway's: the same order created twice answers the
same trade, a trade paid twice is charged once, a refund asked twice is made once. A call that cannot be done is a
``SimRefusal`` (an HTTP 4xx with the gateway's code). Thread-safe; ``on_event`` is called (outside the lock) when
a trade is paid or refunded, for the notifier.
"""

from __future__ import annotations

import secrets
import threading
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from hall.payments import gateway_wire as wire
from hall.payments.gateway import StatementLine, Trade, TradeState
from hall.payments.sim.codes import REASONS, CodeOutcome, read_code

Event = tuple[str, dict[str, Any], str]  # event type, the trade's JSON, the notify URL
EXPIRED = "订单已过期 / the order expired unpaid"
CLOSED_BY_MERCHANT = "商户已关单 / closed by the merchant"


class SimRefusal(Exception):
    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(f"{code}: {message}")
        self.status, self.code, self.message = status, code, message


@dataclass
class SimTrade:
    trade: Trade
    kind: str  # NATIVE | MICROPAY
    description: str
    notify_url: str
    token: str = ""  # the code_url's token
    expires_at: datetime | None = None
    refunded_fen: int = 0  # asked, processing or done


@dataclass
class SimRefund:
    out_refund_no: str
    out_trade_no: str
    amount_fen: int
    reason: str
    done_at: datetime | None = None

    def json(self) -> dict[str, Any]:
        return {
            "out_refund_no": self.out_refund_no,
            "out_trade_no": self.out_trade_no,
            "status": "SUCCESS" if self.done_at else "PROCESSING",
            "reason": self.reason,
            "amount": {"refund": self.amount_fen, "currency": "CNY"},
            "success_time": self.done_at.isoformat(timespec="seconds") if self.done_at else None,
        }


class Ledger:
    def __init__(
        self,
        mchid: Callable[[], str],
        base_url: Callable[[], str],
        clock: Callable[[], datetime],
        zone: ZoneInfo,
        on_event: Callable[[Event], None],
    ) -> None:
        self._mchid, self._base_url, self._clock, self.zone, self._on_event = mchid, base_url, clock, zone, on_event
        self._lock = threading.RLock()
        self.trades: dict[str, SimTrade] = {}
        self.refunds: dict[str, SimRefund] = {}
        self._tokens: dict[str, str] = {}
        self.hold_refunds = False  # fault refund-processing
        self.late_success_s: float | None = None  # fault late-success: the next close turns SUCCESS later
        self.statement_missing = self.statement_extra = False
        self.schedule: Callable[[float, Callable[[], None]], None] = lambda _delay, _job: None

    # -- the merchant's calls -------------------------------------------------------------------------------
    def create_native(self, no: str, amount: int, description: str, expires_at: datetime, notify_url: str) -> Trade:
        with self._lock:
            known = self._same_order(no, amount, "NATIVE")
            if known is not None:
                return self._settle(known).trade
            if expires_at <= self._clock():
                raise SimRefusal(400, "PARAM_ERROR", "time_expire is in the past")
            token = secrets.token_urlsafe(12)
            trade = Trade(no, TradeState.NOTPAY, amount, code_url=f"{self._base_url()}/qr/{token}")
            self.trades[no] = SimTrade(trade, "NATIVE", description, notify_url, token, expires_at)
            self._tokens[token] = no
            return trade

    def pay_with_code(self, no: str, amount: int, description: str, auth_code: str, notify_url: str) -> Trade:
        events: list[Event] = []
        with self._lock:
            known = self._same_order(no, amount, "MICROPAY")
            if known is not None:
                return self._settle(known).trade
            code = read_code(auth_code)
            if code is None:
                raise SimRefusal(400, "AUTH_CODE_INVALID", "付款码无效 / not a payment code")
            entry = SimTrade(Trade(no, TradeState.NOTPAY, amount), "MICROPAY", description, notify_url)
            self.trades[no] = entry
            if code.outcome is CodeOutcome.SUCCESS:
                events.append(self._succeed(entry))
            elif code.outcome is CodeOutcome.USERPAYING:
                entry.trade = replace(entry.trade, state=TradeState.USERPAYING, reason="需要用户输入支付密码")
            else:
                entry.trade = replace(entry.trade, state=TradeState.PAYERROR, reason=REASONS[code.outcome])
            trade = entry.trade
        self._emit(events)
        return trade

    def query(self, no: str) -> Trade:
        with self._lock:
            return self._settle(self._get(no)).trade

    def close(self, no: str) -> Trade:
        with self._lock:
            entry = self._settle(self._get(no))
            if entry.trade.state in {TradeState.NOTPAY, TradeState.USERPAYING}:
                entry.trade = replace(entry.trade, state=TradeState.CLOSED, reason=CLOSED_BY_MERCHANT)
                if self.late_success_s is not None:  # the payer's confirmation was already on its way
                    self.schedule(self.late_success_s, lambda: self._late_success(no))
                    self.late_success_s = None
            return entry.trade

    def refund(self, no: str, refund_no: str, amount: int, reason: str) -> dict[str, Any]:
        with self._lock:
            known = self.refunds.get(refund_no)
            if known is not None:
                if (known.out_trade_no, known.amount_fen) != (no, amount):
                    raise SimRefusal(400, "OUT_REFUND_NO_USED", "退款单号已用于另一笔退款 / refund number used")
                return known.json()
            entry = self._settle(self._get(no))
            if entry.trade.state not in {TradeState.SUCCESS, TradeState.REFUND}:
                raise SimRefusal(400, "TRADE_NOT_PAID", f"订单未支付 / the trade is {entry.trade.state.value}")
            if entry.refunded_fen + amount > entry.trade.amount_fen:
                raise SimRefusal(400, "NOT_ENOUGH", "退款金额超过可退金额 / more than is left to refund")
            refund = SimRefund(refund_no, no, amount, reason)
            entry.refunded_fen += amount
            self.refunds[refund_no] = refund
            events = [] if self.hold_refunds else [self._finish_refund(refund)]
            answer = refund.json()
        self._emit([e for e in events if e])
        return answer

    def statement(self, day: date) -> list[StatementLine]:
        with self._lock:
            payments = [
                StatementLine(e.trade.out_trade_no, e.trade.transaction_id, "payment", e.trade.amount_fen, paid)
                for e in self.trades.values()
                if (paid := e.trade.paid_at) is not None and paid.astimezone(self.zone).date() == day
            ]
            refunds = [
                StatementLine(
                    r.out_trade_no, self.trades[r.out_trade_no].trade.transaction_id, "refund", r.amount_fen, at
                )
                for r in self.refunds.values()
                if (at := r.done_at) is not None and at.astimezone(self.zone).date() == day
            ]
            lines = sorted(payments + refunds, key=lambda line: line.at)
            if self.statement_missing and payments:
                lines.remove(max(payments, key=lambda line: line.at))
            if self.statement_extra:
                at = datetime.combine(day, time(12), self.zone)
                lines.append(StatementLine(f"X{day:%Y%m%d}EXTRA", _transaction_id(at), "payment", 100, at))
            return lines

    # -- the payer's side and the faults --------------------------------------------------------------------
    def by_token(self, token: str) -> SimTrade | None:
        with self._lock:
            no = self._tokens.get(token)
            return None if no is None else self._settle(self.trades[no])

    def payer_pays(self, no: str) -> Trade:
        """The payer pays a native order, or confirms a payment code that waits (USERPAYING)."""
        events: list[Event] = []
        with self._lock:
            entry = self._settle(self._get(no))
            if entry.trade.state in {TradeState.NOTPAY, TradeState.USERPAYING}:
                events.append(self._succeed(entry))
            elif entry.trade.state is not TradeState.SUCCESS:
                raise SimRefusal(409, "ORDER_CLOSED", f"订单不能再支付 / the trade is {entry.trade.state.value}")
            trade = entry.trade
        self._emit(events)
        return trade

    def payer_declines(self, no: str) -> Trade:
        with self._lock:
            entry = self._settle(self._get(no))
            if entry.trade.state is not TradeState.USERPAYING:
                raise SimRefusal(409, "NOT_WAITING", f"订单没有在等待确认 / the trade is {entry.trade.state.value}")
            entry.trade = replace(entry.trade, state=TradeState.PAYERROR, reason="用户取消支付 / the payer cancelled")
            return entry.trade

    def release_refunds(self) -> None:
        with self._lock:
            events = [self._finish_refund(r) for r in self.refunds.values() if r.done_at is None]
        self._emit([e for e in events if e])

    def all_trades(self) -> list[dict[str, Any]]:
        """Every trade as the API shows it, oldest first."""
        with self._lock:
            return [self.trade_json(self._settle(entry).trade) for entry in self.trades.values()]

    def trade_json(self, trade: Trade) -> dict[str, Any]:
        return wire.trade_json(trade, self._mchid(), self.trades[trade.out_trade_no].kind)

    # -- inside ---------------------------------------------------------------------------------------------
    def _get(self, no: str) -> SimTrade:
        entry = self.trades.get(no)
        if entry is None:
            raise SimRefusal(404, "ORDER_NOT_EXIST", f"订单不存在 / no trade {no}")
        return entry

    def _same_order(self, no: str, amount: int, kind: str) -> SimTrade | None:
        entry = self.trades.get(no)
        if entry is not None and (entry.trade.amount_fen != amount or entry.kind != kind):
            raise SimRefusal(
                400, "OUT_TRADE_NO_USED", "商户订单号已用于另一笔订单 / order number used for another order"
            )
        return entry

    def _settle(self, entry: SimTrade) -> SimTrade:
        """A native order past its expiry is closed."""
        if entry.trade.state is TradeState.NOTPAY and entry.expires_at and entry.expires_at <= self._clock():
            entry.trade = replace(entry.trade, state=TradeState.CLOSED, reason=EXPIRED)
        return entry

    def _succeed(self, entry: SimTrade) -> Event:
        now = self._clock()
        entry.trade = replace(
            entry.trade, state=TradeState.SUCCESS, transaction_id=_transaction_id(now), paid_at=now, reason=""
        )
        return "TRANSACTION.SUCCESS", self.trade_json(entry.trade), entry.notify_url

    def _late_success(self, no: str) -> None:
        with self._lock:
            entry = self.trades[no]
            event = self._succeed(entry) if entry.trade.state is TradeState.CLOSED else None
        self._emit([event] if event else [])

    def _finish_refund(self, refund: SimRefund) -> Event | None:
        refund.done_at = self._clock()
        entry = self.trades[refund.out_trade_no]
        done = sum(r.amount_fen for r in self.refunds.values() if r.out_trade_no == refund.out_trade_no and r.done_at)
        if done >= entry.trade.amount_fen:
            entry.trade = replace(entry.trade, state=TradeState.REFUND, reason="已全额退款 / wholly refunded")
        return "REFUND.SUCCESS", self.trade_json(entry.trade), entry.notify_url

    def _emit(self, events: list[Event]) -> None:
        for event in events:
            self._on_event(event)


def _transaction_id(at: datetime) -> str:
    return f"42{at.astimezone(UTC):%Y%m%d}{secrets.randbelow(10**18):018d}"


def utc_now() -> datetime:
    return datetime.now(UTC)
