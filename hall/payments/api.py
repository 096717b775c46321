"""Payment routes of the hall API (docs/payment.md, "The kiosk API"): for kiosks, what is owed and orders for it;
for the gateway, its signed notifications; for staff and supervisors, an order with its history, and the day's
reconciliation. Without a gateway (``[payments] gateway = "none"``) every payment route answers
``payment_not_offered``."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date, timedelta
from typing import Annotated

from fastapi import FastAPI, Path, Query, Request
from fastapi.responses import JSONResponse
from sqlalchemy import select

from common.hallapi.payments import (
    ORDER_NO,
    PAYMENT_NOT_OFFERED,
    FeeLineOut,
    OrderDetailOut,
    OrderEventOut,
    OrderIn,
    OrderOut,
    OwedIn,
    PayableList,
    PayableOut,
    PayWithCodeIn,
    ReconcileOut,
)
from common.settings.payments import NOTIFY_PATH
from devices.words import Words
from hall.alerts import Alerts
from hall.catalog import catalog_dir, load_catalog
from hall.filing_desk import FilingDesk
from hall.filing_keys import FilingKeys, key_file, load_or_create_key
from hall.filing_receipts import Receipts
from hall.filings import Filing
from hall.payments.errors import OrderRules, PaymentError
from hall.payments.gateway import GatewayError
from hall.payments.gateway_open import open_gateway
from hall.payments.ledger import Backoff
from hall.payments.owed import fee_items, filing_owes, filing_payable
from hall.payments.reconcile import DailyReconcile, stored
from hall.payments.service import Payments
from hall.payments.tables import PaymentEvent, PaymentOrder, PaymentTrade
from hall.tokens import Role
from hall.web import ERRORS, HallContext, bearer, caller

log = logging.getLogger(__name__)
OrderNo = Annotated[str, Path(pattern=ORDER_NO, description="The hall's order number")]
GatewayName = Annotated[str, Path(pattern=r"^[a-z0-9_-]{1,20}$", description="The gateway's name in the config")]
NO_STATEMENT = Words("暂时无法取得网关对账单，请稍后再试", "the gateway's statement cannot be had now: try again later")
NOT_OFFERED = Words(
    "本大厅暂未开通自助缴费，请到窗口缴费", "Fee payment is not offered at this hall: please pay at a staffed window"
)


def order_out(order: PaymentOrder) -> OrderOut:
    payable = PayableOut(
        kind="filing" if order.kind == "filing" else "item",
        ref=order.ref,
        title_zh=order.title,
        title_en=order.title_en,
        lines=[FeeLineOut.model_validate(line) for line in order.lines],
        amount_fen=order.amount_fen,
    )
    return OrderOut(
        order_no=order.order_no,
        payable=payable,
        status=order.status,
        pay_url=order.pay_url,
        expires_at=order.expires_at,
        paid_at=order.paid_at,
        transaction_id=order.transaction_id,
        message_zh=order.message_zh,
        message_en=order.message_en,
    )


def build_payments(app: FastAPI, hall: HallContext) -> Payments:
    """The hall's payments from its config; a test or the embedded hall may ``use`` another gateway after."""
    config = hall.queue.config
    catalog = getattr(app.state, "catalog", None) or load_catalog(catalog_dir(config))
    section = config.payments
    rules = OrderRules(
        pay_within=timedelta(seconds=section.pay_within_s),
        stale_after=timedelta(seconds=section.status_stale_s),
        backoff=Backoff(section.settle_first_s, section.settle_max_s),
    )
    payments = Payments(
        hall.sessions, catalog, hall.queue.clock, hall.queue.zone, rules=rules, settle_every_s=section.settle_every_s
    )
    payments.daily = DailyReconcile(payments.reconcile, hall.sessions, hall.queue.zone, section.reconcile_at)
    if section.gateway != "none":
        notify = section.notify_url or f"{hall.public_url}{NOTIFY_PATH}/{section.gateway}"
        payments.configure(section.gateway, lambda: open_gateway(config, clock=hall.queue.clock), notify)
    app.state.payments = payments
    return payments


def add_payment_routes(app: FastAPI, hall: HallContext) -> None:
    payments = build_payments(app, hall)
    kiosk = bearer(hall.sessions, Role.KIOSK)
    readers = bearer(hall.sessions, Role.KIOSK, Role.STAFF, Role.SUPERVISOR)
    desk = FilingDesk(hall.sessions, hall.queue.readers, hall.queue.clock)
    receipts = Receipts(desk, hall.codes)
    keys = FilingKeys(load_or_create_key(key_file(hall.queue.config)))
    alerts = Alerts(hall.sessions, hall.queue.clock)

    @app.exception_handler(PaymentError)
    async def payment_error(_request: Request, error: PaymentError) -> JSONResponse:
        return JSONResponse({"error": error.code, "message": str(error.message)}, status_code=error.status)

    def offered() -> None:
        if not payments.offered:
            raise PaymentError(409, PAYMENT_NOT_OFFERED, NOT_OFFERED)

    @app.get("/api/v1/payments/items", response_model=PayableList, responses=ERRORS)
    def items(_role: Role = kiosk) -> PayableList:
        """The items whose fee can be paid at the kiosk without a filing."""
        offered()
        return PayableList(payables=fee_items(payments.catalog))

    @app.post("/api/v1/payments/owed", response_model=PayableList, responses=ERRORS)
    def owed(body: OwedIn, _role: Role = kiosk) -> PayableList:
        """What a citizen's filings owe, by the filing receipt's QR text or by ID number (exactly one)."""
        offered()
        if (body.qr_text is None) == (body.id_number is None):
            raise PaymentError(
                422, "invalid_request", Words("请扫描申报回执或刷身份证", "give a receipt's QR text or an ID number")
            )
        found: list[Filing]
        if body.qr_text is not None:
            token = body.qr_text.strip().rpartition("/f/")[2].split("?", 1)[0]
            filing = receipts.filing(token)
            if filing is None:
                raise PaymentError(
                    404,
                    "unknown_receipt",
                    Words("无法识别此回执，请到窗口咨询", "this receipt is not known here: ask at a window"),
                )
            found = [filing]
        else:
            found = desk.of_person(keys.lookup_hash(body.id_number or ""))
        owing = [filing_payable(payments.catalog, f) for f in found if filing_owes(payments.catalog, f)]
        return PayableList(payables=owing)

    @app.post("/api/v1/payments/orders", status_code=201, response_model=OrderOut, responses=ERRORS)
    def open_order(request: Request, body: OrderIn, _role: Role = kiosk) -> OrderOut:
        """An order for a filing's fee or an item's fee, priced here; a filing's open order when it has one."""
        offered()
        who = caller(request)
        order = payments.require().open(body.kind, body.ref, who.source or who.name)
        log.info("payment order %s: %s %s, %s fen, %s", order.order_no, order.kind, order.ref, order.amount_fen,
                 order.status)  # fmt: skip
        return order_out(order)

    @app.post("/api/v1/payments/orders/{order_no}/pay-with-code", response_model=OrderOut, responses=ERRORS)
    def pay_with_code(order_no: OrderNo, body: PayWithCodeIn, _role: Role = kiosk) -> OrderOut:
        offered()
        return order_out(payments.require().pay_with_code(order_no, body.auth_code))

    @app.get("/api/v1/payments/orders/{order_no}", response_model=OrderOut, responses=ERRORS)
    def status(order_no: OrderNo, _role: Role = readers) -> OrderOut:
        """The order as settled; one not final asks the gateway first when the hall's word is stale."""
        offered()
        return order_out(payments.require().status(order_no))

    @app.post("/api/v1/payments/orders/{order_no}/give-up", response_model=OrderOut, responses=ERRORS)
    def give_up(order_no: OrderNo, _role: Role = kiosk) -> OrderOut:
        offered()
        return order_out(payments.require().give_up(order_no))

    add_staff_routes(app, hall, offered)

    @app.post("/api/v1/payments/notify/{gateway}", include_in_schema=False)
    async def notify(request: Request, gateway: GatewayName) -> JSONResponse:
        """The gateway's signed notification. A bad signature is refused (401), logged and raised as an alert;
        nothing changes. A repeat is acknowledged again and changes nothing."""
        body = await request.body()
        return await payments.notification(gateway, dict(request.headers), body, alerts)


def add_staff_routes(app: FastAPI, hall: HallContext, offered: Callable[[], None]) -> None:
    staff = bearer(hall.sessions, Role.STAFF, Role.SUPERVISOR)
    supervisor = bearer(hall.sessions, Role.SUPERVISOR)
    payments: Payments = app.state.payments

    @app.post("/api/v1/payments/reconcile", response_model=ReconcileOut, responses=ERRORS)
    def run_reconcile(day: Annotated[date, Query(description="The day to reconcile, YYYY-MM-DD")],
                      _role: Role = supervisor) -> ReconcileOut:  # fmt: skip
        """Reconcile a day now (it runs by itself each night for the day before); each difference is an alert."""
        offered()
        try:
            return payments.reconcile(day)
        except GatewayError as error:
            log.warning("reconciliation of %s: no statement from the gateway: %s", day, error)
            raise PaymentError(409, "gateway_unavailable", NO_STATEMENT) from None

    @app.get("/api/v1/payments/reconcile/{day}", response_model=ReconcileOut, responses=ERRORS)
    def reconciled(day: Annotated[date, Path(description="YYYY-MM-DD")], _role: Role = supervisor) -> ReconcileOut:
        found = stored(hall.sessions, day)
        if found is None:
            raise PaymentError(404, "not_reconciled", Words("这一天尚未对账", "that day has not been reconciled"))
        return found

    @app.get("/api/v1/payments/orders/{order_no}/detail", response_model=OrderDetailOut, responses=ERRORS)
    def detail(order_no: OrderNo, _role: Role = staff) -> OrderDetailOut:
        """The order with every change (for staff)."""
        offered()
        with hall.queue.readers() as session:
            order = session.get(PaymentOrder, order_no)
            if order is None:
                raise PaymentError(404, "unknown_order", Words("没有这笔缴费订单", "no such payment order"))
            query = select(PaymentEvent).where(PaymentEvent.order_no == order_no).order_by(PaymentEvent.id)
            history = [
                OrderEventOut(at=e.at, action=e.action, from_status=e.from_status, to_status=e.to_status,
                              trade_state=e.trade_state, note=f"{e.source}: {e.note}".rstrip(": "))
                for e in session.scalars(query)
            ]  # fmt: skip
            trade = session.get(PaymentTrade, order.trade_no)
        return OrderDetailOut(
            **order_out(order).model_dump(),
            kind=order.kind,
            ref=order.ref,
            kiosk_id=order.kiosk_id,
            amount_fen=order.amount_fen,
            trade_state=trade.state if trade else None,
            refund_no=trade.refund_no if trade else None,
            created_at=order.created_at,
            history=history,
        )
