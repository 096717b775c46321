"""What the gateway says of a trade, applied to the hall's order in one transaction (docs/payment.md, "How the
rules hold"): the one place an order becomes paid, and its filing with it. Callers lock the order's row first
(``locked``), so a notification, a query and a kiosk's give-up arriving together apply one after the other.

A trade's SUCCESS is kept when the order may still take it: an order not paid yet that is open or paying, or,
for a filing's order that was closed or failed meanwhile (a late success), while the filing still owes its fee.
Any other success (a second payment of a paid filing, an item's payment after the citizen gave up) is marked
for refund here and refunded by the caller after the commit."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from common.hallapi.payments import CLOSED, FAILED, LIVE_STATES, OPEN, PAID, PAYING, REFUNDED, OrderState, yuan
from devices.words import Words
from hall.alerts import raise_alert
from hall.catalog import Catalog
from hall.filings import Filing, record
from hall.payments.gateway import Trade, TradeState
from hall.payments.owed import filing_owes
from hall.payments.tables import PaymentEvent, PaymentOrder, PaymentTrade

LIVE = LIVE_STATES
# A trade only moves forward: a success may follow a close (a late success), never the other way round.
RANK = {
    TradeState.NOTPAY: 0,
    TradeState.USERPAYING: 1,
    TradeState.CLOSED: 2,
    TradeState.PAYERROR: 2,
    TradeState.SUCCESS: 3,
    TradeState.REFUND: 4,
}
# The event log's word for what the gateway said of a trade.
ACTIONS = {
    TradeState.NOTPAY: "trade-made",
    TradeState.USERPAYING: "confirming",
    TradeState.SUCCESS: "success",
    TradeState.CLOSED: "trade-closed",
    TradeState.PAYERROR: "pay-error",
    TradeState.REFUND: "refunded",
}
FINAL_TRADE = {TradeState.CLOSED.value, TradeState.PAYERROR.value, TradeState.REFUND.value}

CLOSED_WORDS = Words("订单已关闭，未扣款", "The order was closed; nothing was charged")
REFUNDED_WORDS = Words(
    "此笔款项已原路退回，一般 1-3 个工作日到账",
    "This payment is being refunded to where it came from (1-3 working days)",
)
UNKNOWN_CLOSE_WORDS = Words(
    "订单已关闭。如手机显示已扣款，款项将计入此申报或原路退回，无需再次缴费",
    "The order was closed. If your phone shows a payment, it is kept for this filing or refunded: do not pay again",
)


def failed_words(reason: str) -> Words:
    """The gateway's reason (one language, or ``中文 / English`` as the reference gateway gives it) in each
    language's sentence."""
    why = Words.parse(reason) if reason else None
    return Words(
        f"支付未成功（{why.zh}），未扣款。请换一种方式重新缴费" if why else "支付未成功，未扣款。请换一种方式重新缴费",
        f"The payment did not go through ({why.en}); nothing was charged. Please pay again another way"
        if why
        else "The payment did not go through; nothing was charged. Please pay again another way",
    )


@dataclass(frozen=True)
class Backoff:
    """When the settler asks the gateway again about a trade that is not settled: first after ``first_s``, then
    twice as long each time, at most ``max_s`` apart."""

    first_s: float = 5.0
    max_s: float = 600.0

    def next(self, now: datetime, checks: int) -> datetime:
        return now + timedelta(seconds=min(self.first_s * 2 ** min(checks, 20), self.max_s))


def locked(session: Session, order_no: str) -> PaymentOrder | None:
    return session.get(PaymentOrder, order_no, with_for_update=True)


def event(
    session: Session,
    order: PaymentOrder,
    action: str,
    before: str | None,
    now: datetime,
    *,
    source: str,
    trade: PaymentTrade | None = None,
    notice_id: str | None = None,
    note: str = "",
) -> None:
    session.add(
        PaymentEvent(
            order_no=order.order_no,
            at=now,
            action=action,
            source=source,
            from_status=before,
            to_status=order.status,
            out_trade_no=trade.out_trade_no if trade else None,
            trade_state=trade.state if trade else None,
            notice_id=notice_id,
            note=note[:500],
        )
    )


def set_status(order: PaymentOrder, status: OrderState, now: datetime, message: Words | None = None) -> None:
    order.status = status
    order.updated_at = now
    if status not in LIVE:
        order.pay_url = ""
    order.message_zh, order.message_en = (message.zh, message.en) if message else ("", "")


def settled(trade: PaymentTrade) -> bool:
    """Nothing more to ask the gateway about this trade."""
    if trade.refund_state in {"pending", "accepted"}:
        return False
    return trade.state in FINAL_TRADE or trade.state == TradeState.SUCCESS.value or trade.refund_state == "refused"


def apply_trade(
    session: Session,
    catalog: Catalog,
    order: PaymentOrder,
    trade: PaymentTrade,
    answer: Trade,
    *,
    source: str,
    now: datetime,
    backoff: Backoff,
    notice_id: str | None = None,
) -> bool:
    """Apply ``answer`` (the gateway's word on ``trade``, an order's trade, both rows locked). True when the
    trade is now to be refunded: the caller calls ``refund`` after the commit."""
    before, seen = order.status, trade.state
    if answer.state in {TradeState.SUCCESS, TradeState.REFUND} and answer.amount_fen != trade.amount_fen:
        words = Words(
            f"网关确认的金额 {yuan(answer.amount_fen)} 与订单金额 {yuan(trade.amount_fen)} 不符，未予采信，请人工核对",
            f"the gateway confirmed {yuan(answer.amount_fen)}, the order is for {yuan(trade.amount_fen)}: not "
            "believed; check it by hand",
        )
        raise_alert(session, "payment.amount", "critical", trade.out_trade_no, words, at=now)
        trade.checked_at, trade.next_check_at = now, backoff.next(now, trade.checks)
        return False
    if seen is not None and RANK[answer.state] < RANK[TradeState(seen)]:
        answer = replace(answer, state=TradeState(seen))  # an older word overtaken by a newer one: kept as it was
    trade.state = answer.state.value
    trade.checked_at = now
    trade.transaction_id = answer.transaction_id or trade.transaction_id
    trade.paid_at = answer.paid_at or trade.paid_at
    refund = False
    if answer.state is TradeState.SUCCESS and seen != TradeState.SUCCESS.value and not trade.refund_state:
        refund = _succeeded(session, catalog, order, trade, now)
    elif answer.state is TradeState.REFUND:
        _refunded(session, order, trade, now)
    elif trade.out_trade_no == order.trade_no and order.status in LIVE:
        _moved(order, answer, now)
    if settled(trade):
        trade.next_check_at = None
    elif refund:
        trade.next_check_at = now
    else:
        trade.next_check_at = backoff.next(now, trade.checks)
    if order.status != before or trade.state != seen or notice_id is not None:
        note = f"{answer.reason}" if answer.reason else ""
        if refund:
            note = f"to be refunded ({'second payment' if order.status == PAID else 'not kept'})"
        action = ACTIONS[answer.state]
        event(session, order, action, before, now, source=source, trade=trade, notice_id=notice_id, note=note)
    return refund


def _succeeded(session: Session, catalog: Catalog, order: PaymentOrder, trade: PaymentTrade, now: datetime) -> bool:
    """The trade's money was taken: kept for the order (and its filing), or to be refunded (True)."""
    if may_keep(session, catalog, order):
        mark_paid(session, order, trade, now)
        return False
    trade.refund_state, trade.refund_no = "pending", f"{trade.out_trade_no}R"
    if order.status != PAID:
        set_status(order, REFUNDED, now, REFUNDED_WORDS)
    return True


def _refunded(session: Session, order: PaymentOrder, trade: PaymentTrade, now: datetime) -> None:
    if trade.refund_state not in {"pending", "accepted", "done"}:
        words = Words("网关显示此笔款项已退款，但大厅未发起退款", "the gateway shows a refund the hall did not make")
        raise_alert(session, "payment.refund", "warning", trade.out_trade_no, words, at=now)
        if order.paid_trade_no == trade.out_trade_no:
            set_status(order, REFUNDED, now, REFUNDED_WORDS)
    if trade.refund_state != "done":
        trade.refund_state, trade.refunded_at = "done", now


def _moved(order: PaymentOrder, answer: Trade, now: datetime) -> None:
    """The order's current trade moved on while the order is open or paying."""
    if answer.state is TradeState.CLOSED:
        set_status(order, CLOSED, now, CLOSED_WORDS)
    elif answer.state is TradeState.PAYERROR:
        set_status(order, FAILED, now, failed_words(answer.reason))
    elif answer.state is TradeState.USERPAYING and order.status == OPEN:
        set_status(order, PAYING, now)


def may_keep(session: Session, catalog: Catalog, order: PaymentOrder) -> bool:
    if order.paid_trade_no is not None or order.status in {PAID, REFUNDED}:
        return False
    if order.filing_id is None:
        return order.status in LIVE  # an item's fee: kept only while the citizen is still paying
    filing = session.get(Filing, order.filing_id, with_for_update=True)
    return filing is not None and filing_owes(catalog, filing)


def mark_paid(session: Session, order: PaymentOrder, trade: PaymentTrade, now: datetime) -> None:
    """The order paid by ``trade`` and, in the same transaction, its filing marked paid."""
    set_status(order, PAID, now)
    order.paid_at = trade.paid_at or now
    order.paid_trade_no, order.transaction_id = trade.out_trade_no, trade.transaction_id
    if order.filing_id is not None:
        filing = session.get(Filing, order.filing_id, with_for_update=True)
        if filing is not None:
            before = filing.status
            filing.paid_at, filing.paid_order_no = order.paid_at, order.order_no
            filing.updated_at = now
            note = f"缴费 {yuan(order.amount_fen)} 订单 {order.order_no} 交易 {trade.transaction_id}"
            record(session, filing, "paid", "payment", now, before=before, note=note)


def trades_of(session: Session, order_no: str) -> list[PaymentTrade]:
    return list(session.scalars(select(PaymentTrade).where(PaymentTrade.order_no == order_no)))
