"""Settling what the hall does not know yet (docs/payment.md, "How the rules hold"): the gateway's signed
notifications, and the settler, which asks the gateway about every trade not settled (with back-off), closes the
trades of orders that ended, and makes the refunds the ledger decided. It also runs the day's reconciliation at
the configured time. One thread per hall process; every step locks the order's row, so several processes (or a
notification and the settler at once) apply each answer once."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime

from sqlalchemy import exists, select

from devices.words import Words
from hall.alerts import raise_alert
from hall.payments.gateway import GatewayError, GatewayRefused, GatewayUnknown, Notice, TradeState
from hall.payments.ledger import LIVE, event, locked
from hall.payments.orders import Orders
from hall.payments.tables import PaymentEvent, PaymentTrade
from hall.workers import Periodic

log = logging.getLogger(__name__)
BATCH = 50


class Settler:
    def __init__(self, orders: Orders, *, every_s: float = 2.0, daily: Callable[[datetime], None] | None = None):
        self.orders, self.every_s, self.daily = orders, every_s, daily
        self._worker = Periodic("payment-settler", every_s, self._turn)
        self._started = False
        orders.on_refund = self._refund_soon

    # -- notifications ----------------------------------------------------------------------------------------
    def notice(self, notice: Notice) -> bool:
        """Apply a verified notification; a repeat (same id) changes nothing. False when it names no trade of
        this hall (the gateway is told so, and a supervisor too)."""
        trade_no = notice.trade.out_trade_no
        orders = self.orders
        with orders.sessions.begin() as session:
            trade = session.get(PaymentTrade, trade_no)
            if trade is None:
                words = Words("网关通知了一笔大厅没有的交易", "the gateway notified a trade the hall does not have")
                raise_alert(session, "payment.unknown_trade", "warning", trade_no, words, at=orders.clock())
                return False
            order = locked(session, trade.order_no)
            repeat = select(exists().where(PaymentEvent.notice_id == notice.notice_id))
            if order is None or session.scalar(repeat):
                return True
            orders.apply(session, trade.order_no, trade_no, notice.trade, "notice", notice_id=notice.notice_id)
        return True

    # -- the settler ------------------------------------------------------------------------------------------
    def settle_due(self, limit: int = BATCH) -> int:
        """Ask the gateway about each trade due; the number looked at."""
        now = self.orders.clock()
        with self.orders.reader() as session:
            due = list(session.scalars(
                select(PaymentTrade.out_trade_no).where(PaymentTrade.next_check_at <= now)
                .order_by(PaymentTrade.next_check_at).limit(limit)
            ))  # fmt: skip
        for trade_no in due:
            try:
                self.settle(trade_no)
            except Exception:  # one trade's trouble must not stop the others being settled
                log.exception("settling trade %s", trade_no)
        return len(due)

    def settle(self, trade_no: str) -> None:
        orders = self.orders
        with orders.reader() as session:
            trade = session.get(PaymentTrade, trade_no)
        order = orders.get(trade.order_no) if trade is not None else None
        if trade is None or order is None:
            return
        if trade.refund_state == "pending":
            self.refund(trade_no)
            return
        ended = order.status not in LIVE or order.trade_no != trade_no or orders.clock() >= order.expires_at
        try:
            if trade.refund_state == "accepted" or (not ended and trade.state != TradeState.SUCCESS.value):
                answer = orders.query_trade(trade_no)
            else:
                answer = orders.close_trade(trade_no)
        except GatewayUnknown as error:
            self._later(trade_no, str(error))
            return
        with orders.sessions.begin() as session:
            held = session.get(PaymentTrade, trade_no, with_for_update=True)
            if held is not None:
                held.checks += 1
            orders.apply(session, order.order_no, trade_no, answer, "settler")

    def refund(self, trade_no: str) -> None:
        """Give back a trade the ledger marked for refund; idempotent by its refund number."""
        orders = self.orders
        with orders.reader() as session:
            trade = session.get(PaymentTrade, trade_no)
        if trade is None or trade.refund_state != "pending" or trade.refund_no is None:
            return
        reason = "重复缴费或订单已关闭，自动退款"
        try:
            done = orders.gateway.refund(trade_no, trade.refund_no, trade.amount_fen, reason)
        except GatewayUnknown as error:
            self._later(trade_no, str(error))
            return
        except GatewayRefused as error:
            self._refund_refused(trade_no, error)
            return
        now = orders.clock()
        with orders.sessions.begin() as session:
            held = session.get(PaymentTrade, trade_no, with_for_update=True)
            order = locked(session, trade.order_no)
            if held is None or order is None or held.refund_state != "pending":
                return
            held.refund_state = "done" if done.done else "accepted"
            if done.done:
                held.state, held.refunded_at = TradeState.REFUND.value, now
            held.next_check_at = None if done.done else orders.rules.backoff.next(now, held.checks)
            event(session, order, "refund", order.status, now, source="settler", trade=held,
                  note=f"{held.refund_no} {'done' if done.done else 'accepted'}")  # fmt: skip
        log.info("trade %s refunded (%s)", trade_no, "done" if done.done else "accepted, in progress")

    def _refund_refused(self, trade_no: str, error: GatewayError) -> None:
        orders = self.orders
        now = orders.clock()
        with orders.sessions.begin() as session:
            held = session.get(PaymentTrade, trade_no, with_for_update=True)
            if held is None:
                return
            held.refund_state, held.next_check_at = "refused", None
            order = locked(session, held.order_no)
            if order is not None:
                note = str(error)
                event(session, order, "refund-refused", order.status, now, source="settler", trade=held, note=note)
            words = Words(f"网关拒绝退款，请人工处理：{error}", f"the gateway refused the refund; handle it: {error}")
            raise_alert(session, "payment.refund_refused", "critical", trade_no, words, at=now)
        log.error("trade %s: the gateway refused the refund: %s", trade_no, error)

    def _later(self, trade_no: str, why: str) -> None:
        orders = self.orders
        with orders.sessions.begin() as session:
            held = session.get(PaymentTrade, trade_no, with_for_update=True)
            if held is not None:
                held.checks += 1
                held.next_check_at = orders.rules.backoff.next(orders.clock(), held.checks)
        log.info("trade %s: no answer from the gateway (%s); asked again later", trade_no, why)

    def _refund_soon(self, trade_no: str) -> None:
        if self._started:
            self._worker.wake()
        else:
            self.refund(trade_no)

    # -- the thread -------------------------------------------------------------------------------------------
    def start(self) -> None:
        self._started = True
        self._worker.start()

    def stop(self) -> None:
        self._worker.stop()

    def _turn(self) -> None:
        self.settle_due()
        if self.daily is not None:
            self.daily(self.orders.clock())
