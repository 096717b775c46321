"""The simulator's notifications: each trade event POSTed to the merchant's notify URL, signed with the gateway's
key, retried with back-off until the merchant answers 2xx (as WeChat Pay does: 15 s, 15 s, 30 s, 3 min …; here
quicker by default). Also the simulator's timer for anything that happens later (a late success).

Faults shape what is sent: a delay before the first attempt, the same notice sent twice, a second notice (a new id)
of the same trade, a signature that does not verify.
"""

from __future__ import annotations

import functools
import heapq
import itertools
import json
import logging
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import httpx
from cryptography.hazmat.primitives.asymmetric import rsa

from hall.payments import gateway_wire as wire

log = logging.getLogger(__name__)
RETRY_DELAYS_S = (1.0, 2.0, 5.0, 10.0, 30.0, 60.0, 120.0, 300.0, 600.0, 1800.0)  # then give up, as real ones do
ATTEMPT_TIMEOUT_S = 5.0


@dataclass(frozen=True)
class Delivery:
    """One attempt at delivering a notice, for the prompt's ``notices`` and for tests."""

    notice_id: str
    event_type: str
    out_trade_no: str
    attempt: int
    status: int  # the merchant's HTTP status; 0: no answer
    signed_badly: bool

    @property
    def delivered(self) -> bool:
        return 200 <= self.status < 300


@dataclass
class NotifyFaults:
    delay_s: float = 0.0
    duplicate: bool = False
    second: bool = False
    bad_signature: bool = False


class Notifier:
    def __init__(
        self,
        key: rsa.RSAPrivateKey,
        serial: str,
        clock: Callable[[], datetime],
        *,
        retry_delays: tuple[float, ...] = RETRY_DELAYS_S,
    ) -> None:
        self._key, self._serial, self._clock, self.retry_delays = key, serial, clock, retry_delays
        self.faults = NotifyFaults()
        self.deliveries: list[Delivery] = []
        self._jobs: list[tuple[float, int, Callable[[], None]]] = []
        self._order = itertools.count()
        self._wake = threading.Condition()
        self._stopped = False
        self._http = httpx.Client(timeout=ATTEMPT_TIMEOUT_S, trust_env=False)
        self._thread = threading.Thread(target=self._run, name="payment-sim-notifier", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        with self._wake:
            self._stopped = True
            self._wake.notify_all()
        self._thread.join(timeout=ATTEMPT_TIMEOUT_S + 2)
        self._http.close()

    def later(self, delay_s: float, job: Callable[[], None]) -> None:
        with self._wake:
            heapq.heappush(self._jobs, (time.monotonic() + delay_s, next(self._order), job))
            self._wake.notify_all()

    def notify(self, event_type: str, trade: dict[str, Any], url: str) -> None:
        """Send a notice of ``trade`` (as the faults now say) to ``url``; nothing without a URL."""
        if not url:
            log.warning("no notify URL for %s of %s: not notified", event_type, trade.get("out_trade_no"))
            return
        faults = self.faults
        body = wire.notice_json(_notice_id(), event_type, self._clock(), trade)
        self.later(faults.delay_s, lambda: self._attempt(url, body, 1))
        if faults.duplicate:
            self.later(faults.delay_s, lambda: self._attempt(url, body, 1))
        if faults.second:
            again = {**body, "id": _notice_id()}
            self.later(faults.delay_s, lambda: self._attempt(url, again, 1))

    def delivered(self, out_trade_no: str) -> list[Delivery]:
        with self._wake:
            return [d for d in self.deliveries if d.out_trade_no == out_trade_no and d.delivered]

    # -- inside ---------------------------------------------------------------------------------------------
    def _attempt(self, url: str, notice: dict[str, Any], attempt: int) -> None:
        body = json.dumps(notice, ensure_ascii=False, separators=(",", ":")).encode()
        bad = self.faults.bad_signature
        headers = wire.signed_headers(
            _stranger() if bad else self._key, self._serial, body, str(int(time.time())), secrets.token_hex(16)
        )
        headers["Content-Type"] = "application/json"
        try:
            status = self._http.post(url, content=body, headers=headers).status_code
        except httpx.HTTPError as error:
            log.info("notice %s to %s: no answer (%s)", notice["id"], url, type(error).__name__)
            status = 0
        trade_no = str(notice["resource"].get("out_trade_no", ""))
        with self._wake:
            self.deliveries.append(Delivery(notice["id"], notice["event_type"], trade_no, attempt, status, bad))
        if 200 <= status < 300:
            return
        if attempt > len(self.retry_delays):
            log.warning("notice %s to %s: given up after %d attempts", notice["id"], url, attempt)
            return
        self.later(self.retry_delays[attempt - 1], lambda: self._attempt(url, notice, attempt + 1))

    def _run(self) -> None:
        while True:
            with self._wake:
                while not self._stopped and (not self._jobs or self._jobs[0][0] > time.monotonic()):
                    self._wake.wait(None if not self._jobs else max(0.0, self._jobs[0][0] - time.monotonic()))
                if self._stopped:
                    return
                _due, _order, job = heapq.heappop(self._jobs)
            try:
                job()
            except Exception:  # a job's failure must not stop the notices after it
                log.exception("payment simulator job failed")


@functools.cache
def _stranger() -> rsa.RSAPrivateKey:
    """The key a notice with a bad signature is signed with: not the gateway's."""
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def _notice_id() -> str:
    return f"EV-{secrets.token_hex(12)}"
