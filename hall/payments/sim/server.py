"""``GatewaySimulator``: the reference gateway on a thread (``start()`` → its base URL, ``stop()``), for tests,
the kiosk's embedded hall and ``kiosk sim payment``. Its faults are declared like a device simulator's, so the
prompt's ``faults``/``inject``/``clear`` and ``POST /_sim/faults`` work the same way.

Keys: the gateway's RSA key is ``gateway_key``, else ``key_dir/gateway.key.pem`` (its public half
``gateway.pub.pem`` is what the hall is given); the merchant's public key is ``merchant_public_key``, else
``key_dir/merchant.pub.pem``, else a merchant key pair made in ``key_dir`` (``merchant.key.pem``) for a hall to
use. Without ``key_dir`` the keys live in memory.
"""

from __future__ import annotations

import dataclasses
import logging
import threading
from collections.abc import Callable, Mapping
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from cryptography.hazmat.primitives.asymmetric import rsa

from devices.simulator import Action, Fault, FaultMode, Simulator, UnknownFault, once
from hall.payments import gateway_keys as keys
from hall.payments import gateway_wire as wire
from hall.payments.sim.handler import GatewayHandler
from hall.payments.sim.ledger import Ledger, SimRefusal, utc_now
from hall.payments.sim.notifier import RETRY_DELAYS_S, Notifier
from hall.sim_server import ServedInThread

log = logging.getLogger(__name__)
DEFAULT_MERCHANT_ID = "1900000001"  # as [payments] merchant_id's default
CALL_FAULTS = ("fail", "hang", "lose-answer")  # one-shot faults that take the next N calls
FAULTS = (
    Fault("late-notify", "通知延迟", "notifications N s late", target="seconds"),
    Fault("duplicate-notify", "重复通知（同一通知两次）", "each notice sent twice, same id"),
    Fault("second-notify", "同一笔交易再发一条通知", "a second notice (new id) of each trade"),
    Fault("bad-signature", "通知签名错误", "notifications signed with the wrong key"),
    Fault("fail", "接下来N次调用答500", "the next N calls answer 500, no effect", FaultMode.ONCE, target="n"),
    Fault("hang", "接下来N次调用挂起", "the next N calls hang past the timeout, no effect", FaultMode.ONCE, target="n"),
    Fault("lose-answer", "执行后丢失应答", "the next N calls take effect, answer lost", FaultMode.ONCE, target="n"),
    Fault(
        "late-success",
        "关单后又支付成功",
        "next close answers CLOSED, paid N s later",
        FaultMode.ONCE,
        target="seconds",
    ),
    Fault("refund-processing", "退款处理中", "refunds stay processing (clear: they finish)"),
    Fault("statement-missing", "对账单少一笔", "statements leave out the day's last payment"),
    Fault("statement-extra", "对账单多一笔", "statements carry a payment the hall never made"),
)


class GatewaySimulator(Simulator):
    kind = "payment"

    def __init__(
        self,
        port: int = 0,
        notify_url: str = "",
        *,
        merchant_id: str = DEFAULT_MERCHANT_ID,
        host: str = "127.0.0.1",
        key_dir: Path | None = None,
        merchant_public_key: rsa.RSAPublicKey | None = None,
        gateway_key: rsa.RSAPrivateKey | None = None,
        clock: Callable[[], datetime] = utc_now,
        timezone: str = "Asia/Shanghai",
        retry_delays: tuple[float, ...] = RETRY_DELAYS_S,
        hang_s: float = 30.0,
    ) -> None:
        self.host, self.port, self.notify_url, self.key_dir, self.hang_s = host, port, notify_url, key_dir, hang_s
        self.merchant_id = merchant_id
        self.merchant_private_key: rsa.RSAPrivateKey | None = None  # when the simulator made the merchant's pair
        self.gateway_key = gateway_key or _own_key(key_dir, "gateway")
        self.gateway_public_key = self.gateway_key.public_key()
        self.gateway_serial = wire.key_serial(self.gateway_public_key)
        self.merchant_public_key = merchant_public_key or self._merchant_key()
        self.merchant_serial = wire.key_serial(self.merchant_public_key)
        self.requests_guard = wire.ReplayGuard(300)
        self._call_faults: list[str] = []
        self._lock = threading.Lock()
        self._stopped = threading.Event()
        self._serving = ServedInThread("payment-sim")
        self.notifier = Notifier(self.gateway_key, self.gateway_serial, clock, retry_delays=retry_delays)
        self.ledger = Ledger(lambda: self.merchant_id, lambda: self.url, clock, ZoneInfo(timezone), self._event)
        self.ledger.schedule = self.notifier.later

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def start(self) -> str:
        """Serve on a thread; the base URL (with the port bound when 0 was asked)."""
        handler = type("Handler", (GatewayHandler,), {"sim": self})
        self.port = self._serving.start(self.host, self.port, handler)
        log.info("payment gateway simulator on %s", self.url)
        return self.url

    def stop(self) -> None:
        self._stopped.set()
        self._serving.stop()
        self.notifier.stop()

    def wait(self, seconds: float) -> None:
        """Sleep, cut short when the simulator stops (a hanging call must not hold the stop up)."""
        self._stopped.wait(seconds)

    # -- faults ---------------------------------------------------------------------------------------------
    def fault_list(self) -> tuple[Fault, ...]:
        return FAULTS

    def fault_actions(self) -> Mapping[str, tuple[Action, Action]]:
        notify, ledger = self.notifier, self.ledger

        def switch(field: str) -> tuple[Action, Action]:
            return (lambda _t: setattr(notify.faults, field, True), lambda _t: setattr(notify.faults, field, False))

        def ledger_switch(field: str) -> tuple[Action, Action]:
            return (lambda _t: setattr(ledger, field, True), lambda _t: setattr(ledger, field, False))

        def calls(name: str) -> tuple[Action, Action]:
            return once(lambda n: self._add_call_faults(name, 1 if n is None else n))

        def release(_t: int | None) -> None:
            ledger.hold_refunds = False
            ledger.release_refunds()

        return {
            "late-notify": (
                lambda s: setattr(notify.faults, "delay_s", float(5 if s is None else s)),
                lambda _t: setattr(notify.faults, "delay_s", 0.0),
            ),
            "duplicate-notify": switch("duplicate"),
            "second-notify": switch("second"),
            "bad-signature": switch("bad_signature"),
            **{name: calls(name) for name in CALL_FAULTS},
            "late-success": once(lambda s: setattr(ledger, "late_success_s", float(1 if s is None else s))),
            "refund-processing": (lambda _t: setattr(ledger, "hold_refunds", True), release),
            "statement-missing": ledger_switch("statement_missing"),
            "statement-extra": ledger_switch("statement_extra"),
        }

    def take_call_fault(self) -> str | None:
        """The fault the call now arriving meets, if any (each one-shot fault is used up by one call)."""
        with self._lock:
            return self._call_faults.pop(0) if self._call_faults else None

    def _add_call_faults(self, name: str, count: int) -> None:
        if not 1 <= count <= 1000:
            raise UnknownFault(f"次数应为 1-1000 / {name} takes a count of 1-1000 calls")
        with self._lock:
            self._call_faults.extend([name] * count)

    # -- the controls (HTTP /_sim/ and the prompt) ----------------------------------------------------------
    def control(self, method: str, path: str, body: dict[str, Any]) -> Any:
        ledger = self.ledger
        if (method, path) == ("GET", "/_sim/faults"):
            return [{"name": f.name, "mode": f.mode.value, "label": f.label} for f in FAULTS]
        if (method, path) == ("POST", "/_sim/faults"):
            name, n = body.get("name"), body.get("n")
            if not isinstance(name, str) or not (n is None or (isinstance(n, int) and not isinstance(n, bool))):
                raise SimRefusal(400, "PARAM_ERROR", 'send {"name": FAULT, "n": N or null, "on": true|false}')
            try:
                (self.inject_fault if body.get("on", True) else self.clear_fault)(name, n)
            except UnknownFault as error:
                raise SimRefusal(400, "UNKNOWN_FAULT", str(error)) from None
            return {"ok": True}
        if (method, path) == ("GET", "/_sim/notices"):
            return [dataclasses.asdict(d) for d in list(self.notifier.deliveries)]
        if (method, path) == ("GET", "/_sim/trades"):
            return ledger.all_trades()
        verb, _, no = path[len("/_sim/") :].partition("/")
        if method == "POST" and verb in {"pay", "decline"}:
            trade = ledger.payer_pays(no) if verb == "pay" else ledger.payer_declines(no)
            return ledger.trade_json(trade)
        raise SimRefusal(404, "NOT_FOUND", f"no such control: {method} {path}")

    # -- inside ---------------------------------------------------------------------------------------------
    def _event(self, event: tuple[str, dict[str, Any], str]) -> None:
        self.notifier.notify(*event)

    def _merchant_key(self) -> rsa.RSAPublicKey:
        if self.key_dir is not None and (self.key_dir / "merchant.pub.pem").exists():
            return keys.public_key(self.key_dir / "merchant.pub.pem")
        self.merchant_private_key = _own_key(self.key_dir, "merchant")
        return self.merchant_private_key.public_key()


def _own_key(key_dir: Path | None, name: str) -> rsa.RSAPrivateKey:
    if key_dir is None:
        return rsa.generate_private_key(public_exponent=65537, key_size=keys.KEY_BITS)
    return keys.private_key(key_dir / f"{name}.key.pem")
