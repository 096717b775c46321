"""The daily reconciliation (对账) against the simulator's statement, and the alerts it raises for supervisors
(SQLite and PostgreSQL)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from hall.server import Hall
from tests.hall.payments.conftest import ID_CARD_ITEM
from tests.hall.payments.sim_hall import SimHall, eventually, sim_hall
from tests.support.clocks import FrozenClock

DAY = "2026-11-23"  # the hall's Monday


@pytest.fixture
def pay(hall: Hall) -> Iterator[SimHall]:
    with sim_hall(hall) as opened:
        yield opened


def paid_item(pay: SimHall) -> str:
    order = pay.open("item", ID_CARD_ITEM)
    pay.sim.ledger.payer_pays(order["order_no"])
    eventually(lambda: pay.order(order["order_no"]).status == "paid", "the payment notified")
    return str(order["order_no"])


def test_a_day_that_matches_raises_no_alert(pay: SimHall) -> None:
    paid = [paid_item(pay), paid_item(pay)]
    reply = pay.kiosk.post("/api/v1/payments/reconcile", params={"day": DAY}, headers=pay.supervisor)
    assert reply.status_code == 200, reply.text
    assert reply.json()["matched"] == 2 and reply.json()["differences"] == 0 and reply.json()["lines"] == []
    assert pay.kiosk.get("/api/v1/alerts", headers=pay.supervisor).json()["alerts"] == []
    stored = pay.kiosk.get(f"/api/v1/payments/reconcile/{DAY}", headers=pay.supervisor).json()
    assert stored["matched"] == 2 and len(paid) == 2


def test_each_difference_becomes_an_alert_a_supervisor_acknowledges(pay: SimHall) -> None:
    first, last = paid_item(pay), paid_item(pay)
    pay.sim.inject_fault("statement-missing")  # the gateway's statement leaves out the day's last payment
    pay.sim.inject_fault("statement-extra")  # and carries one the hall never made
    reply = pay.kiosk.post("/api/v1/payments/reconcile", params={"day": DAY}, headers=pay.supervisor)
    result = reply.json()
    assert result["matched"] == 1 and result["differences"] == 2
    found = {line["result"]: line["out_trade_no"] for line in result["lines"]}
    assert found.keys() == {"missing_at_gateway", "missing_at_hall"}
    missing = found["missing_at_gateway"]
    assert missing in {first, last}  # paid at the same instant: either is "the last"

    alerts = pay.kiosk.get("/api/v1/alerts", headers=pay.supervisor).json()["alerts"]
    assert len(alerts) == 2 and {a["kind"] for a in alerts} == {"payment.reconcile"}
    assert any(missing in a["message_zh"] and missing in a["message_en"] for a in alerts)
    assert pay.kiosk.get("/api/v1/alerts", headers=pay.staff).status_code == 403
    done = pay.kiosk.post(f"/api/v1/alerts/{alerts[0]['id']}/acknowledge", json={"note": "已核实"},
                          headers=pay.supervisor).json()  # fmt: skip
    assert done["acknowledged_by"] == "supervisor-01" and done["acknowledged_at"]
    still_open = pay.kiosk.get("/api/v1/alerts", headers=pay.supervisor).json()["alerts"]
    assert [a["id"] for a in still_open] == [alerts[1]["id"]]
    every = pay.kiosk.get("/api/v1/alerts", params={"state": "all"}, headers=pay.supervisor).json()["alerts"]
    assert len(every) == 2


def test_the_hall_reconciles_the_day_before_at_the_configured_time(pay: SimHall, clock: FrozenClock) -> None:
    paid_item(pay)
    settler = pay.payments.settler
    assert settler is not None and settler.daily is not None
    settler.daily(clock())  # Monday 10:00: Sunday is reconciled (nothing on it)
    clock.advance(hours=16, minutes=20)  # Tuesday 02:20: not yet
    settler.daily(clock())
    assert pay.kiosk.get(f"/api/v1/payments/reconcile/{DAY}", headers=pay.supervisor).status_code == 404
    clock.advance(minutes=15)  # Tuesday 02:35
    settler.daily(clock())
    stored = pay.kiosk.get(f"/api/v1/payments/reconcile/{DAY}", headers=pay.supervisor).json()
    assert stored["matched"] == 1 and stored["differences"] == 0
