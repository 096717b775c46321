"""The daily reconciliation (对账, docs/payment.md "Reconciliation and alerts"): the hall's payments and refunds of
a day against the gateway's statement of that day, line by line by trade number and kind. Each line is matched,
missing at the gateway, missing at the hall, or of another amount; the result is stored per day (a second run
replaces it) and every difference becomes a supervisor alert. Run by the hall at ``[payments] reconcile_at`` for
the day before, by ``POST /api/v1/payments/reconcile`` and by ``kiosk hall payments reconcile --day D``."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, sessionmaker

from common.hallapi.payments import ReconcileLineOut, ReconcileOut, yuan
from devices.words import Words
from hall.alerts import raise_alert
from hall.payments.gateway import PaymentGateway, TradeState
from hall.payments.tables import PaymentTrade, ReconcileRun

log = logging.getLogger(__name__)
Key = tuple[str, str]  # (out_trade_no, "payment" | "refund")

WHAT = {
    "missing_at_gateway": ("大厅有此笔{kind}，网关对账单没有", "the hall has this {kind}, the gateway's statement not"),
    "missing_at_hall": ("网关对账单有此笔{kind}，大厅没有", "the gateway's statement has this {kind}, the hall not"),
    "amount_differs": ("{kind}金额不一致：大厅 {hall}，网关 {gateway}", "{kind} amounts differ: hall {hall}, "
                       "gateway {gateway}"),
}  # fmt: skip
KIND_ZH = {"payment": "收款", "refund": "退款"}


def day_bounds(day: date, zone: ZoneInfo) -> tuple[datetime, datetime]:
    start = datetime.combine(day, time(0), zone)
    return start, start + timedelta(days=1)


def hall_lines(session: Session, day: date, zone: ZoneInfo) -> dict[Key, int]:
    """The hall's payments (paid that day) and refunds (done that day), by trade."""
    start, end = day_bounds(day, zone)
    query = select(PaymentTrade).where(
        or_(
            PaymentTrade.paid_at.between(start, end - timedelta(microseconds=1)),
            PaymentTrade.refunded_at.between(start, end - timedelta(microseconds=1)),
        )
    )
    lines: dict[Key, int] = {}
    for trade in session.scalars(query):
        paid = trade.state in {TradeState.SUCCESS.value, TradeState.REFUND.value} or trade.refund_state
        if paid and trade.paid_at is not None and start <= trade.paid_at < end:
            lines[(trade.out_trade_no, "payment")] = trade.amount_fen
        if trade.refund_state == "done" and trade.refunded_at is not None and start <= trade.refunded_at < end:
            lines[(trade.out_trade_no, "refund")] = trade.amount_fen
    return lines


def compare(hall: dict[Key, int], gateway: dict[Key, int]) -> tuple[int, list[ReconcileLineOut]]:
    matched, differences = 0, []
    for key in sorted(hall.keys() | gateway.keys()):
        ours, theirs = hall.get(key), gateway.get(key)
        if ours is not None and ours == theirs:
            matched += 1
            continue
        result = "missing_at_gateway" if theirs is None else "missing_at_hall" if ours is None else "amount_differs"
        differences.append(ReconcileLineOut(out_trade_no=key[0], kind=key[1], result=result,
                                            hall_fen=ours, gateway_fen=theirs))  # fmt: skip
    return matched, differences


def reconcile(
    sessions: sessionmaker[Session],
    gateway: PaymentGateway,
    day: date,
    zone: ZoneInfo,
    clock: Callable[[], datetime],
) -> ReconcileOut:
    """Reconcile ``day``; raises GatewayUnknown when the statement cannot be had (nothing is stored then)."""
    statement: dict[Key, int] = {}
    for entry in gateway.statement(day):
        key = (entry.out_trade_no, entry.kind)
        statement[key] = statement.get(key, 0) + entry.amount_fen
    now = clock()
    with sessions.begin() as session:
        matched, differences = compare(hall_lines(session, day, zone), statement)
        run = session.get(ReconcileRun, day, with_for_update=True)
        if run is None:
            run = ReconcileRun(day=day)
            session.add(run)
        run.ran_at, run.matched = now, matched
        run.differences = [line.model_dump(mode="json") for line in differences]
        for line in differences:
            raise_alert(session, "payment.reconcile", "warning", f"{day} {line.out_trade_no} {line.kind}",
                        difference_words(day, line), at=now)  # fmt: skip
    log.info("reconciled %s: %d matched, %d differences", day, matched, len(differences))
    return ReconcileOut(day=day, ran_at=now, matched=matched, differences=len(differences), lines=differences)


def difference_words(day: date, line: ReconcileLineOut) -> Words:
    zh, en = WHAT[line.result]
    hall = yuan(line.hall_fen) if line.hall_fen is not None else "-"
    gateway = yuan(line.gateway_fen) if line.gateway_fen is not None else "-"
    fields = {"hall": hall, "gateway": gateway}
    return Words(
        f"{day} 对账差异，交易 {line.out_trade_no}：" + zh.format(kind=KIND_ZH[line.kind], **fields),
        f"reconciliation of {day}, trade {line.out_trade_no}: " + en.format(kind=line.kind, **fields),
    )


def stored(sessions: sessionmaker[Session], day: date) -> ReconcileOut | None:
    with sessions() as session:
        run = session.get(ReconcileRun, day)
    if run is None:
        return None
    lines = [ReconcileLineOut.model_validate(line) for line in run.differences]
    return ReconcileOut(day=day, ran_at=run.ran_at, matched=run.matched, differences=len(lines), lines=lines)


class DailyReconcile:
    """Called by the settler's thread: once the local time is past ``at`` (HH:MM), the day before is reconciled
    if it has not been yet. A failed attempt (no statement) is tried again at the next call, a minute later."""

    def __init__(self, run: Callable[[date], object], sessions: sessionmaker[Session], zone: ZoneInfo, at: str):
        self.run, self.sessions, self.zone = run, sessions, zone
        self.at = time.fromisoformat(at) if at else None
        self._next_try: datetime | None = None

    def __call__(self, now: datetime) -> None:
        if self.at is None or (self._next_try is not None and now < self._next_try):
            return
        local = now.astimezone(self.zone)
        if local.time() < self.at:
            return
        day = local.date() - timedelta(days=1)
        with self.sessions() as session:
            if session.get(ReconcileRun, day) is not None:
                return
        self._next_try = now + timedelta(minutes=1)
        try:
            self.run(day)
        except Exception as error:
            log.warning("reconciliation of %s failed, tried again in a minute: %s", day, error)
