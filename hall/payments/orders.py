"""Payment orders (自助缴费) at the hall: what the kiosk asks for, each step a short transaction and the gateway
called between them, never inside one (docs/payment.md, "Orders and their states").

An order pays one thing: a filing's fee or an item's fee, priced here. Its QR code is a trade at the gateway
under the order's own number; a payment code read by the kiosk is a second trade (``<order>C1``) made only after
the QR's trade is closed, so the two can never both be charged. A call whose answer is lost leaves the trade
unsettled and the settler (``settle.py``) asks the gateway until it knows."""

from __future__ import annotations

import logging
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import event as orm_events
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from common.hallapi.payments import (
    CLOSED,
    FAILED,
    LIVE_STATES,
    NOT_A_PAYMENT_CODE,
    NOTHING_TO_PAY,
    OPEN,
    PAYING,
    PayableKind,
    PayableOut,
    is_payment_code,
)
from devices.words import Words
from hall.catalog import Catalog
from hall.filings import Filing
from hall.payments.errors import GATEWAY_AWAY, NOT_A_CODE, OrderRules, PaymentError, no_order
from hall.payments.gateway import GatewayRefused, GatewayUnknown, PaymentGateway, Trade, TradeState
from hall.payments.ledger import UNKNOWN_CLOSE_WORDS, apply_trade, event, locked, set_status
from hall.payments.owed import filing_owes, filing_payable, item_payable
from hall.payments.tables import PaymentOrder, PaymentTrade

log = logging.getLogger(__name__)
NOT_EXIST = "ORDER_NOT_EXIST"


@dataclass
class Orders:
    sessions: sessionmaker[Session]
    catalog: Catalog
    gateway: PaymentGateway
    clock: Callable[[], datetime]
    zone: ZoneInfo
    rules: OrderRules = field(default_factory=OrderRules)
    on_refund: Callable[[str], None] = field(default=lambda _trade_no: None)  # the settler refunds at once

    # -- opening ----------------------------------------------------------------------------------------------
    def price(self, session: Session, kind: PayableKind, ref: str) -> tuple[PayableOut, Filing | None]:
        if kind == "item":
            item = self.catalog.get(ref)
            payable = item_payable(item) if item is not None else None
            if payable is None:
                raise PaymentError(
                    404, "unknown_item", Words("此事项不能在此缴费", "this item's fee cannot be paid here")
                )
            return payable, None
        filing = session.scalars(select(Filing).where(Filing.number == ref)).first()
        if filing is None:
            raise PaymentError(404, "unknown_filing", Words("没有这份申报", "no filing with this number"))
        if not filing_owes(self.catalog, filing):
            raise PaymentError(
                409, NOTHING_TO_PAY, Words("此申报无需缴费或已缴费", "this filing owes nothing, or is paid already")
            )
        return filing_payable(self.catalog, filing), filing

    def open(self, kind: PayableKind, ref: str, kiosk_id: str) -> PaymentOrder:
        """A new order with its QR code; for a filing that has an open order already, that order."""
        now = self.clock()
        try:
            with self.sessions.begin() as session:
                payable, filing = self.price(session, kind, ref)
                if filing is not None and (live := self._live_of(session, filing)) is not None:
                    return live
                order = self._new_order(session, payable, filing, kiosk_id, now)
        except IntegrityError:  # another kiosk opened one for the filing at the same moment
            with self.sessions() as session:
                payable, filing = self.price(session, kind, ref)
                live = self._live_of(session, filing) if filing is not None else None
            if live is None:
                raise
            return live
        try:
            answer = self._twice(lambda: self.gateway.create_native(order.order_no, order.amount_fen,
                                                                    order.title[:60], order.expires_at))  # fmt: skip
        except GatewayUnknown as error:
            log.warning("order %s: creating it at the gateway: no answer (%s); the settler closes it", order.order_no,
                        error)  # fmt: skip
            self._give_up_locally(order.order_no, "create-unknown", GATEWAY_AWAY)
            raise PaymentError(409, "gateway_unavailable", GATEWAY_AWAY) from None
        except GatewayRefused as error:
            log.error("order %s: the gateway refused to create it: %s", order.order_no, error)
            self._give_up_locally(order.order_no, "create-refused", GATEWAY_AWAY, settled=True)
            raise PaymentError(409, "gateway_refused", GATEWAY_AWAY) from None
        with self.sessions.begin() as session:
            order = self.apply(session, order.order_no, order.trade_no, answer, "kiosk")
            order.pay_url = answer.code_url if order.status in LIVE_STATES else ""
            return order

    def _new_order(
        self, session: Session, payable: PayableOut, filing: Filing | None, kiosk_id: str, now: datetime
    ) -> PaymentOrder:
        order_no = f"P{now.astimezone(self.zone):%Y%m%d%H%M%S}{secrets.randbelow(10**8):08d}"
        order = PaymentOrder(
            order_no=order_no,
            kind=payable.kind,
            ref=payable.ref,
            filing_id=filing.id if filing is not None else None,
            item_code=filing.item_code if filing is not None else payable.ref,
            title=payable.title_zh[:100],
            title_en=payable.title_en[:160],
            lines=[line.model_dump() for line in payable.lines],
            amount_fen=payable.amount_fen,
            kiosk_id=kiosk_id,
            status=OPEN,
            trade_no=order_no,
            created_at=now,
            expires_at=now + self.rules.pay_within,
            updated_at=now,
        )
        session.add(order)
        session.flush()  # the live-order index refuses a second open order of the filing here
        trade = self._new_trade(session, order, order_no, "native", now)
        event(session, order, "opened", None, now, source="kiosk", trade=trade, note=f"by {kiosk_id}")
        return order

    def _new_trade(
        self, session: Session, order: PaymentOrder, trade_no: str, method: str, now: datetime
    ) -> PaymentTrade:
        trade = PaymentTrade(
            out_trade_no=trade_no, order_no=order.order_no, method=method, amount_fen=order.amount_fen,
            created_at=now, next_check_at=self.rules.backoff.next(now, 0), checks=0, refund_state="",
        )  # fmt: skip
        session.add(trade)
        return trade

    @staticmethod
    def _live_of(session: Session, filing: Filing) -> PaymentOrder | None:
        query = select(PaymentOrder).where(PaymentOrder.filing_id == filing.id, PaymentOrder.status.in_(LIVE_STATES))
        return session.scalars(query).first()

    # -- paying, asking, giving up ----------------------------------------------------------------------------
    def pay_with_code(self, order_no: str, auth_code: str) -> PaymentOrder:
        if not is_payment_code(auth_code):  # nothing is sent to the gateway, nothing changes
            raise PaymentError(422, NOT_A_PAYMENT_CODE, NOT_A_CODE)
        order = self.get(order_no)
        if order.status == PAYING or order.status not in LIVE_STATES:
            if order.status in {CLOSED, FAILED}:
                raise PaymentError(
                    409,
                    "order_final",
                    Words("此订单已结束，请重新发起缴费", "this order has ended: start the payment again"),
                )
            return order
        # First the QR code's trade is closed, so that the phone cannot pay it as well.
        try:
            closed = self.close_trade(order.trade_no)
        except GatewayUnknown:
            raise PaymentError(409, "gateway_unavailable", GATEWAY_AWAY) from None
        now = self.clock()
        with self.sessions.begin() as session:
            held = locked(session, order_no)
            if held is None:
                raise no_order()
            if closed.state is not TradeState.CLOSED or held.status not in LIVE_STATES:
                return self.apply(session, order_no, held.trade_no, closed, "kiosk")
            code_trade = f"{order_no}C{sum(1 for _ in self._trades(session, order_no))}"
            native = held.trade_no
            held.trade_no = code_trade
            before = held.status
            set_status(held, PAYING, now)
            trade = self._new_trade(session, held, code_trade, "code", now)
            event(session, held, "code-taken", before, now, source="kiosk", trade=trade)
            self.apply(session, order_no, native, closed, "kiosk")
        try:
            answer = self.gateway.pay_with_code(code_trade, held.amount_fen, held.title[:60], auth_code.strip())
        except GatewayUnknown as error:
            log.warning("order %s: payment code sent, no answer (%s): settled by query", order_no, error)
            return self.status(order_no, force=True, quiet=True)
        except GatewayRefused as error:
            answer = Trade(code_trade, TradeState.PAYERROR, held.amount_fen, reason=error.code)
        with self.sessions.begin() as session:
            return self.apply(session, order_no, code_trade, answer, "kiosk")

    def get(self, order_no: str) -> PaymentOrder:
        with self.sessions() as session:
            order = session.get(PaymentOrder, order_no)
        if order is None:
            raise no_order()
        return order

    def status(self, order_no: str, *, force: bool = False, quiet: bool = False) -> PaymentOrder:
        """The order; one not final asks the gateway first when its last word is older than ``stale_after``
        (or closes it when its time is up)."""
        order = self.get(order_no)
        if order.status not in LIVE_STATES:
            return order
        now = self.clock()
        with self.sessions() as session:
            trade = session.get(PaymentTrade, order.trade_no)
        fresh = trade is not None and trade.checked_at is not None and now - trade.checked_at < self.rules.stale_after
        if fresh and not force:
            return order
        ask = self.close_trade if now >= order.expires_at else self.query_trade
        try:
            answer = ask(order.trade_no)
        except GatewayUnknown:
            if not quiet:
                log.info("order %s: the gateway did not answer a query; asked again later", order_no)
            return order
        with self.sessions.begin() as session:
            return self.apply(session, order_no, order.trade_no, answer, "query")

    def give_up(self, order_no: str) -> PaymentOrder:
        """Close the order: PAID when it was paid first, CLOSED otherwise (a closing the gateway did not confirm
        is finished by the settler; a late success is then kept or refunded)."""
        order = self.get(order_no)
        if order.status not in LIVE_STATES:
            return order
        try:
            answer = self.close_trade(order.trade_no)
        except GatewayUnknown:
            return self._give_up_locally(order_no, "give-up", UNKNOWN_CLOSE_WORDS)
        with self.sessions.begin() as session:
            return self.apply(session, order_no, order.trade_no, answer, "kiosk")

    # -- the gateway, and applying its answers ----------------------------------------------------------------
    def close_trade(self, trade_no: str) -> Trade:
        try:
            return self._twice(lambda: self.gateway.close(trade_no))
        except GatewayRefused as error:
            if error.code == NOT_EXIST:  # never reached the gateway: nothing to close, nothing charged
                return Trade(trade_no, TradeState.CLOSED, 0, reason=NOT_EXIST)
            raise GatewayUnknown(str(error)) from None

    def query_trade(self, trade_no: str) -> Trade:
        try:
            return self.gateway.query(trade_no)
        except GatewayRefused as error:
            raise GatewayUnknown(str(error)) from None  # settled by closing it when its time is up

    @staticmethod
    def _twice(call: Callable[[], Trade]) -> Trade:
        """Idempotent calls are tried once more when the first answer is lost."""
        try:
            return call()
        except GatewayUnknown:
            return call()

    def apply(
        self,
        session: Session,
        order_no: str,
        trade_no: str,
        answer: Trade,
        source: str,
        *,
        notice_id: str | None = None,
    ) -> PaymentOrder:
        """Apply the gateway's word on one of the order's trades (both rows locked here)."""
        order = locked(session, order_no)
        trade = session.get(PaymentTrade, trade_no, with_for_update=True)
        if order is None or trade is None:
            raise no_order()
        if answer.amount_fen == 0 and answer.reason == NOT_EXIST:
            answer = Trade(trade_no, TradeState.CLOSED, trade.amount_fen, reason="never created at the gateway")
        refund = apply_trade(session, self.catalog, order, trade, answer, source=source, now=self.clock(),
                             backoff=self.rules.backoff, notice_id=notice_id)  # fmt: skip
        if refund:
            session.info.setdefault("refunds", []).append(trade_no)
            self.after_commit(session)
        return order

    def after_commit(self, session: Session) -> None:
        """Refunds decided in ``session`` are made once it commits (never inside the transaction)."""
        if session.info.get("refund_hook"):
            return
        session.info["refund_hook"] = True

        def refund_now(done: Session) -> None:
            for trade_no in done.info.pop("refunds", []):
                self.on_refund(trade_no)

        orm_events.listen(session, "after_commit", refund_now, once=True)

    def _give_up_locally(self, order_no: str, action: str, words: Words, *, settled: bool = False) -> PaymentOrder:
        """The order closed at the hall while the gateway's word is missing: its trade is left to the settler."""
        now = self.clock()
        with self.sessions.begin() as session:
            order = locked(session, order_no)
            if order is None:
                raise no_order()
            if order.status in LIVE_STATES:
                before = order.status
                set_status(order, CLOSED, now, words)
                trade = session.get(PaymentTrade, order.trade_no, with_for_update=True)
                if trade is not None:
                    trade.next_check_at = None if settled else now
                    if settled:
                        trade.state = TradeState.CLOSED.value
                event(session, order, action, before, now, source="kiosk", trade=trade)
            return order

    @staticmethod
    def _trades(session: Session, order_no: str) -> list[PaymentTrade]:
        return list(session.scalars(select(PaymentTrade).where(PaymentTrade.order_no == order_no)))
