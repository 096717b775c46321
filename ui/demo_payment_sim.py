"""The embedded hall's payment gateway simulator, for the demo and the tests: the citizen's phone paying the QR code
(the simulator's payer page), confirming a payment code, and the simulator's faults. docs/payment.md."""

from __future__ import annotations

from typing import Any

import httpx

from hall.payments.gateway import TradeState
from hall.payments.service import Payments
from hall.payments.sim import GatewaySimulator
from kiosk.station.services import StationServices


def gateway_simulator(services: StationServices) -> GatewaySimulator | None:
    """The simulator behind the embedded hall's payments (``[payments] gateway = "sim"`` without ``url``: the hall
    runs it in its own process, opened here if no payment has opened it yet); None without an embedded hall, or
    when the hall takes no fees or pays through a gateway this process does not run."""
    embedded = services.embedded
    if embedded is None or embedded.hall is None:
        return None
    payments: Payments = embedded.hall.app.state.payments
    if not payments.offered:
        return None
    payments.require()  # opens the configured gateway, and its simulator, at first use
    opened = payments.opened
    return opened.simulator if opened is not None else None


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
