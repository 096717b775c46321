"""The embedded hall's payment gateway simulator, for the demo and the tests: the citizen's phone paying the QR code
(the simulator's payer page), confirming a payment code, and the simulator's faults. docs/payment.md."""

from __future__ import annotations

import weakref
from typing import Any

import httpx

from hall.payments.gateway import TradeState
from hall.payments.gateway_open import open_gateway
from hall.payments.service import Payments
from hall.payments.sim import GatewaySimulator
from kiosk.station.services import StationServices

NOTIFY = "/api/v1/payments/notify/sim"
_opened: weakref.WeakKeyDictionary[Payments, GatewaySimulator] = weakref.WeakKeyDictionary()


def gateway_simulator(services: StationServices) -> GatewaySimulator | None:
    """The simulator behind the embedded hall's payments. A hall whose ``[payments] gateway = "sim"`` has no
    gateway in use yet is given one here (in the hall's process, notifying the embedded hall's address); None
    without an embedded hall, or when the hall pays through a gateway this process does not run."""
    embedded = services.embedded
    if embedded is None or embedded.hall is None:
        return None
    payments: Payments = embedded.hall.app.state.payments
    found = _opened.get(payments) or _simulator_in(payments)
    if found is not None or payments.orders is not None:
        return found
    config = embedded.config
    section = config.payments.model_copy(update={"gateway": "sim", "url": "", "notify_url": embedded.url + NOTIFY})
    opened = open_gateway(config.model_copy(update={"payments": section}), clock=embedded.clock)
    if opened is None or opened.simulator is None:
        return None
    payments.use(opened.gateway, "sim", close=opened.close)
    _opened[payments] = opened.simulator
    return opened.simulator


def _simulator_in(payments: Payments) -> GatewaySimulator | None:
    """A simulator the hall started itself, wherever it keeps it."""
    for value in vars(payments).values():
        if isinstance(value, GatewaySimulator):
            return value
        inner = getattr(value, "simulator", None)
        if isinstance(inner, GatewaySimulator):
            return inner
    return None


def phone_pays(pay_url: str) -> int:
    """The citizen's phone opens the QR code's address and taps pay (the simulator's payer page); the status."""
    return httpx.post(pay_url.rstrip("/") + "/pay", timeout=10).status_code


def phone_confirms(simulator: GatewaySimulator) -> list[dict[str, Any]]:
    """The payer confirms on the phone what a payment code started (a password, a large sum): every trade of the
    simulator that waits for its payer is paid."""
    waiting = [
        entry.trade.out_trade_no
        for entry in list(simulator.ledger.trades.values())
        if entry.trade.state is TradeState.USERPAYING
    ]
    confirmed = []
    for trade_no in waiting:
        answer = httpx.post(f"{simulator.url}/_sim/pay/{trade_no}", timeout=10)
        answer.raise_for_status()
        confirmed.append(answer.json())
    return confirmed


def inject(simulator: GatewaySimulator, fault: str, n: int | None = None, *, on: bool = True) -> None:
    """Switch one of the simulator's faults on (or off), as ``POST /_sim/faults`` does."""
    answer = httpx.post(f"{simulator.url}/_sim/faults", json={"name": fault, "n": n, "on": on}, timeout=10)
    answer.raise_for_status()
