"""The hall's payments put together: the gateway the config names (or none), the orders over it, the settler's
thread (started with the first payment or notification, stopped with the hall) and the gateway's notifications.
docs/payment.md."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Mapping
from datetime import date, datetime
from zoneinfo import ZoneInfo

from fastapi.responses import JSONResponse
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker
from starlette.concurrency import run_in_threadpool

from common.hallapi.payments import ReconcileOut
from devices.words import Words
from hall.alerts import Alerts
from hall.catalog import Catalog
from hall.payments.errors import OrderRules, PaymentError
from hall.payments.gateway import BadSignature, GatewayRefused, PaymentGateway
from hall.payments.gateway_open import OpenGateway
from hall.payments.orders import Orders
from hall.payments.reconcile import reconcile
from hall.payments.settle import Settler
from hall.payments.tables import PaymentOrder

log = logging.getLogger(__name__)
ACK = {"code": "SUCCESS", "message": "成功"}


class Payments:
    """``orders`` is None while no gateway is configured: the payment routes then refuse."""

    def __init__(
        self,
        sessions: sessionmaker[Session],
        catalog: Catalog,
        clock: Callable[[], datetime],
        zone: ZoneInfo,
        *,
        rules: OrderRules | None = None,
        settle_every_s: float = 2.0,
        background: bool = True,
        daily: Callable[[datetime], None] | None = None,
    ) -> None:
        self.sessions, self.catalog, self.clock, self.zone = sessions, catalog, clock, zone
        self.rules = rules or OrderRules()
        self.settle_every_s, self.background, self.daily = settle_every_s, background, daily
        self.gateway_name = ""
        self.orders: Orders | None = None
        self.settler: Settler | None = None
        self._closers: list[Callable[[], None]] = []
        self._lock = threading.Lock()
        self._opener: Callable[[], OpenGateway | None] | None = None
        self.opened: OpenGateway | None = None
        self.notify_url = ""

    def configure(self, name: str, opener: Callable[[], OpenGateway | None], notify_url: str) -> None:
        """The configured gateway, opened at the first payment or notification (a hall that takes none starts
        no simulator and no thread)."""
        self.gateway_name, self._opener, self.notify_url = name, opener, notify_url

    @property
    def offered(self) -> bool:
        return self.orders is not None or self._opener is not None

    def point_notifications(self, url: str) -> None:
        """Where the gateway sends its notifications (a hall served at another address than its config's)."""
        self.notify_url = url
        if self.opened is not None:
            self.opened.gateway.notify_url = url
            if self.opened.simulator is not None:
                self.opened.simulator.notify_url = url

    def _open(self) -> None:
        with self._lock:
            if self.orders is not None or self._opener is None:
                return
            opened = self._opener()
            if opened is None:
                return
            self.opened = opened
            self.point_notifications(self.notify_url)
            self.use(opened.gateway, self.gateway_name, close=opened.close)

    def use(self, gateway: PaymentGateway, name: str, *, close: Callable[[], None] | None = None) -> None:
        """Take payments through ``gateway`` (notifications arrive at ``/api/v1/payments/notify/<name>``)."""
        self.gateway_name = name
        self.orders = Orders(self.sessions, self.catalog, gateway, self.clock, self.zone, self.rules)
        self.settler = Settler(self.orders, every_s=self.settle_every_s, daily=self.daily)
        if close is not None:
            self._closers.append(close)

    def start_if_used(self) -> None:
        """In a serving hall: once it has taken a payment, the settler runs from the start (unsettled trades
        from before a restart, the nightly reconciliation), not only from the next payment."""
        if not self.offered or not self.background:
            return
        with self.sessions() as session:
            used = session.scalar(select(PaymentOrder.order_no).limit(1))
        if used is not None:
            self.require()

    def require(self) -> Orders:
        if self.orders is None:
            self._open()
        if self.orders is None or self.settler is None:
            raise PaymentError(
                409, "payment_not_offered", Words("本大厅暂未开通自助缴费", "fee payment is not offered here")
            )
        if self.background:
            self.settler.start()
        return self.orders

    async def notification(self, name: str, headers: Mapping[str, str], body: bytes, alerts: Alerts) -> JSONResponse:
        if not self.offered or name != self.gateway_name:
            return JSONResponse({"code": "FAIL", "message": "unknown gateway"}, status_code=404)
        await run_in_threadpool(self.require)
        assert self.orders is not None and self.settler is not None
        try:
            notice = self.orders.gateway.verify_notification(headers, body)
        except BadSignature as error:
            log.warning("payment notification from %s refused: bad signature (%s)", name, error)
            await run_in_threadpool(
                alerts.raise_alert, "payment.bad_signature", "critical", name,
                Words("收到签名无效的缴费通知，已拒绝；如反复出现请检查网关密钥或是否有人伪造",
                      "a payment notification with a bad signature was refused; if it repeats, check the gateway's "
                      "keys, or whether someone forges them"),
            )  # fmt: skip
            return JSONResponse({"code": "FAIL", "message": "bad signature"}, status_code=401)
        except GatewayRefused as error:
            log.warning("payment notification from %s is not one: %s", name, error)
            return JSONResponse({"code": "FAIL", "message": "not a notification"}, status_code=400)
        await run_in_threadpool(self.settler.notice, notice)
        log.info("payment notification %s: trade %s %s", notice.notice_id, notice.trade.out_trade_no,
                 notice.trade.state.value)  # fmt: skip
        return JSONResponse(ACK)

    def reconcile(self, day: date) -> ReconcileOut:
        """Reconcile ``day`` against the gateway's statement (docs/payment.md); raises GatewayUnknown."""
        orders = self.require()
        return reconcile(self.sessions, orders.gateway, day, self.zone, self.clock)

    def close(self) -> None:
        if self.settler is not None:
            self.settler.stop()
        for closer in self._closers:
            closer()
        self._closers.clear()
