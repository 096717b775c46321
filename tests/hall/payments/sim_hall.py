"""A hall served on loopback with the gateway simulator its config starts in-process, the simulator's
notifications pointed at it: the payment tests that need the real protocol (signed calls and notices)."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import httpx

from hall.payments.service import Payments
from hall.payments.sim import GatewaySimulator
from hall.payments.tables import PaymentEvent, PaymentOrder
from hall.server import Hall
from hall.tokens import Role, create_token
from tests.hall.payments.conftest import card_filing
from tests.support.hall import served


class SimHall:
    def __init__(self, hall: Hall, url: str) -> None:
        self.hall, self.url = hall, url
        self.payments: Payments = hall.app.state.payments
        token = create_token(hall.sessions, "kiosk-01", Role.KIOSK)
        staff = create_token(hall.sessions, "staff-01", Role.STAFF)
        supervisor = create_token(hall.sessions, "supervisor-01", Role.SUPERVISOR)
        self.kiosk = httpx.Client(base_url=url, headers={"Authorization": f"Bearer {token}"}, timeout=30)
        self.staff = {"Authorization": f"Bearer {staff}"}
        self.supervisor = {"Authorization": f"Bearer {supervisor}"}

    @property
    def sim(self) -> GatewaySimulator:
        self.payments.require()  # opens the configured gateway, and so starts the simulator
        assert self.payments.opened is not None and self.payments.opened.simulator is not None
        return self.payments.opened.simulator

    def filed(self, sequence: int = 1) -> dict[str, Any]:
        reply = self.kiosk.post("/api/v1/filings", json=card_filing(sequence))
        assert reply.status_code == 201, reply.text
        answer: dict[str, Any] = reply.json()
        return answer

    def open(self, kind: str, ref: str) -> dict[str, Any]:
        reply = self.kiosk.post("/api/v1/payments/orders", json={"kind": kind, "ref": ref})
        assert reply.status_code == 201, reply.text
        answer: dict[str, Any] = reply.json()
        return answer

    def call(self, method: str, path: str, **kwargs: Any) -> dict[str, Any]:
        reply = self.kiosk.request(method, path, **kwargs)
        assert reply.status_code == 200, reply.text
        answer: dict[str, Any] = reply.json()
        return answer

    def order(self, order_no: str) -> PaymentOrder:
        """The order as the hall holds it, without asking the gateway."""
        assert self.payments.orders is not None
        return self.payments.orders.get(order_no)

    def events(self, order_no: str) -> list[PaymentEvent]:
        with self.hall.sessions() as session:
            query = session.query(PaymentEvent).filter(PaymentEvent.order_no == order_no).order_by(PaymentEvent.id)
            return list(query)

    def filing(self, filing_id: str) -> dict[str, Any]:
        return self.call("GET", f"/api/v1/filings/{filing_id}")

    def close(self) -> None:
        self.kiosk.close()


def eventually(check: Callable[[], bool], what: str, timeout_s: float = 20.0) -> None:
    """Wait for something the simulator does on its own threads (a notification delivered)."""
    deadline = time.monotonic() + timeout_s
    while not check():
        assert time.monotonic() < deadline, f"not within {timeout_s} s: {what}"
        time.sleep(0.05)


@contextmanager
def sim_hall(hall: Hall) -> Iterator[SimHall]:
    payments: Payments = hall.app.state.payments
    payments.background = False  # the tests run the settler when they say so
    with served(hall.app) as url:
        payments.point_notifications(f"{url}/api/v1/payments/notify/sim")
        opened = SimHall(hall, url)
        try:
            yield opened
        finally:
            opened.close()
