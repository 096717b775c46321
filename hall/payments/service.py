"""The hall's payments put together: the gateway the config names (or none), the orders over it, the settler's
thread (started with the first payment or notification, stopped with the hall) and the gateway's notifications.
docs/payment.md."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Mapping
from datetime import datetime
from zoneinfo import ZoneInfo

from fastapi.responses import JSONResponse
from sqlalchemy.orm import Session, sessionmaker
from starlette.concurrency import run_in_threadpool

from devices.words import Words
from hall.alerts import Alerts
from hall.catalog import Catalog
from hall.payments.gateway import BadSignature, GatewayRefused, PaymentGateway
from hall.payments.orders import OrderRules, Orders, PaymentError
from hall.payments.settle import Settler

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

    def use(self, gateway: PaymentGateway, name: str, *, close: Callable[[], None] | None = None) -> None:
        """Take payments through ``gateway`` (notifications arrive at ``/api/v1/payments/notify/<name>``)."""
        self.gateway_name = name
        self.orders = Orders(self.sessions, self.catalog, gateway, self.clock, self.zone, self.rules)
        self.settler = Settler(self.orders, every_s=self.settle_every_s, daily=self.daily)
        if close is not None:
            self._closers.append(close)

    def require(self) -> Orders:
        if self.orders is None or self.settler is None:
            raise PaymentError(
                409, "payment_not_offered", Words("本大厅暂未开通自助缴费", "fee payment is not offered here")
            )
        if self.background:
            self.settler.start()
        return self.orders

    async def notification(self, name: str, headers: Mapping[str, str], body: bytes, alerts: Alerts) -> JSONResponse:
        if self.orders is None or self.settler is None or name != self.gateway_name:
            return JSONResponse({"code": "FAIL", "message": "unknown gateway"}, status_code=404)
        self.require()
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

    def close(self) -> None:
        if self.settler is not None:
            self.settler.stop()
        for closer in self._closers:
            closer()
        self._closers.clear()
