"""Delivering 12345 work orders through the hall's own outbox (the ``hotline_order`` rows; hall/hotline.py).

Each turn claims the orders due: on PostgreSQL with ``FOR UPDATE SKIP LOCKED`` (several server processes each
take other rows), on SQLite inside the one write transaction. A claim counts the attempt and moves the order's
next attempt a lease ahead, then commits: no transaction stays open while the hotline is called, and an order
whose process died mid-call is tried again when its lease ends (the hotline keeps each order once by its id).

The answer decides: 2xx delivered; 5xx, 408, 429, a timeout or no connection: queued again, the next attempt
``retry_first_s`` later, doubling up to ``retry_max_s`` (never lost); any other answer (4xx, 3xx): parked with
the hotline's reason and a supervisor alert (``hotline.parked``), until a supervisor sends it again."""

from __future__ import annotations

import json
import logging
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

import httpx
from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

from common.settings.hotline import HotlineSection
from devices.words import Words
from hall.alerts import raise_alert
from hall.database import read_only
from hall.hotline import HotlineOrder, OrderState
from hall.hotline_wire import signed_headers

log = logging.getLogger(__name__)
BATCH = 20
ALERT_KIND = "hotline.parked"
RETRIED = frozenset({408, 429})  # 4xx that say "later", not "never"
LEASE_MARGIN_S = 30


@dataclass(frozen=True)
class Outcome:
    """What one attempt came to: ``state`` after it, the status (None: no answer) and the words kept."""

    state: OrderState
    status: int | None
    error: str


class ResendRefused(Exception):
    def __init__(self, order: HotlineOrder | None) -> None:
        super().__init__("not parked")
        self.order = order


class HotlineSender:
    """Sends the orders due to ``config.url``; thread-safe."""

    def __init__(
        self,
        sessions: sessionmaker[Session],
        config: HotlineSection,
        key: bytes,
        clock: Callable[[], datetime],
        *,
        now: Callable[[], float] = time.time,
    ) -> None:
        self.sessions, self.config, self.key, self.clock, self.now = sessions, config, key, clock, now
        self._reader = sessionmaker(read_only(sessions.kw["bind"]))
        self._postgres = sessions.kw["bind"].dialect.name == "postgresql"
        self._timeout = httpx.Timeout(config.timeout_s, connect=config.connect_timeout_s)
        self.lease = timedelta(seconds=config.timeout_s + config.connect_timeout_s + LEASE_MARGIN_S)

    @property
    def on(self) -> bool:
        return bool(self.config.url)

    # -- a turn ---------------------------------------------------------------------------------------------
    def deliver_due(self, limit: int = BATCH) -> int:
        """Try each order due once; how many were tried."""
        if not self.on:
            return 0
        claimed = self.claim(limit)
        if claimed:
            # A client per turn: its connections close with the turn, none is left open between turns.
            with httpx.Client(timeout=self._timeout, trust_env=False, follow_redirects=False) as http:
                for order_id, body, attempts in claimed:
                    self.record(order_id, attempts, self.attempt(http, order_id, body))
        return len(claimed)

    def claim(self, limit: int) -> list[tuple[uuid.UUID, str, int]]:
        now = self.clock()
        due = (HotlineOrder.state == OrderState.QUEUED.value, HotlineOrder.next_attempt_at <= now)
        with self._reader() as session:  # no write lock on SQLite when nothing is due
            if session.scalar(select(HotlineOrder.id).where(*due).limit(1)) is None:
                return []
        query = select(HotlineOrder.id, HotlineOrder.body, HotlineOrder.attempts).where(*due)
        query = query.order_by(HotlineOrder.next_attempt_at).limit(limit)
        if self._postgres:
            query = query.with_for_update(skip_locked=True)
        with self.sessions.begin() as session:
            rows = [(row[0], row[1], row[2] + 1) for row in session.execute(query)]
            for order_id, _body, attempts in rows:
                session.execute(
                    update(HotlineOrder)
                    .where(HotlineOrder.id == order_id)
                    .values(attempts=attempts, next_attempt_at=now + self.lease)
                )
        return rows

    def attempt(self, http: httpx.Client, order_id: uuid.UUID, body: str) -> Outcome:
        data = body.encode()
        headers = signed_headers(self.key, str(order_id), data, str(int(self.now())))
        try:
            answer = http.post(self.config.url, content=data, headers=headers)
        except httpx.TimeoutException:
            return Outcome(OrderState.QUEUED, None, f"无应答 / no answer in {self.config.timeout_s:g} s")
        except httpx.TransportError as error:
            return Outcome(OrderState.QUEUED, None, f"无法连接 / cannot connect: {type(error).__name__} {error}"[:500])
        reason = _reason(answer)
        if 200 <= answer.status_code < 300:
            return Outcome(OrderState.DELIVERED, answer.status_code, "")
        words = f"HTTP {answer.status_code}: {reason}"[:500]
        if answer.status_code >= 500 or answer.status_code in RETRIED:
            return Outcome(OrderState.QUEUED, answer.status_code, words)
        return Outcome(OrderState.PARKED, answer.status_code, words)

    def record(self, order_id: uuid.UUID, attempts: int, outcome: Outcome) -> None:
        now = self.clock()
        values: dict[str, object] = {"last_status": outcome.status, "last_error": outcome.error}
        if outcome.state is OrderState.DELIVERED:
            values.update(state=OrderState.DELIVERED.value, delivered_at=now)
        elif outcome.state is OrderState.PARKED:
            values.update(state=OrderState.PARKED.value)
        else:
            values.update(next_attempt_at=now + timedelta(seconds=self.backoff_s(attempts)))
        with self.sessions.begin() as session:
            # Only a queued order moves: one delivered by another process (after a lease ended) stays delivered.
            moved = session.execute(
                update(HotlineOrder)
                .where(HotlineOrder.id == order_id, HotlineOrder.state == OrderState.QUEUED.value)
                .values(**values)
            )
            if moved.rowcount != 1:  # type: ignore[attr-defined]
                return
            if outcome.state is OrderState.PARKED:
                short = str(order_id)[:8]
                words = Words(
                    f"12345 工单 {short} 被热线拒收：{outcome.error}。请在“热线工单”页面查看原因，改正后重新发送。",
                    f"The 12345 hotline refused work order {short}: {outcome.error}. See the hotline page; "
                    "send it again once the cause is fixed.",
                )
                raise_alert(session, ALERT_KIND, "warning", f"hotline:{order_id}", words, at=now)
        if outcome.state is OrderState.QUEUED:
            log.info("hotline order %s: attempt %d failed (%s); retrying", order_id, attempts, outcome.error)

    def backoff_s(self, attempts: int) -> int:
        """After the ``attempts``-th failure: the first delay, doubled each time, at most the longest."""
        doubled: int = self.config.retry_first_s << min(max(attempts - 1, 0), 30)
        return min(doubled, self.config.retry_max_s)

    # -- a supervisor's resend ------------------------------------------------------------------------------
    def resend(self, order_id: uuid.UUID) -> HotlineOrder:
        """A parked order queued again, due now; ResendRefused (with the order as it is, or None) otherwise."""
        now = self.clock()
        with self.sessions.begin() as session:
            moved = session.execute(
                update(HotlineOrder)
                .where(HotlineOrder.id == order_id, HotlineOrder.state == OrderState.PARKED.value)
                .values(state=OrderState.QUEUED.value, next_attempt_at=now)
            )
            order = session.get(HotlineOrder, order_id)
            queued = moved.rowcount == 1  # type: ignore[attr-defined]
        if not queued or order is None:  # raised outside the transaction: the order stays readable
            raise ResendRefused(order)
        return order


def _reason(answer: httpx.Response) -> str:
    """The receiver's reason: a JSON answer's message (or error), else the start of its text, on one line."""
    text = answer.text[:2000]
    try:
        found = json.loads(text)
    except ValueError:
        found = None
    if isinstance(found, dict):
        for key in ("message", "reason", "error"):
            if isinstance(found.get(key), str) and found[key].strip():
                text = found[key]
                break
    cleaned = " ".join(text.split())
    return "".join(c for c in cleaned if c.isprintable())[:300] or str(answer.reason_phrase)
