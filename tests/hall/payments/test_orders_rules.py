"""The rules that keep money and filings straight (SQLite and PostgreSQL): one open order per filing even when
kiosks ask at once; an order never paid without its filing marked paid in the same transaction; a code payment
that fails leaves nothing charged."""

from __future__ import annotations

import threading
import time
from dataclasses import replace

import pytest

from hall.payments import ledger
from hall.payments.service import Payments
from hall.payments.tables import PaymentOrder
from hall.server import Hall
from tests.hall.payments.conftest import DECLINED, ID_CARD_ITEM, WECHAT_CODE, PayApi
from tests.hall.payments.memory_gateway import MemoryGateway
from tests.support.clocks import FrozenClock
from tests.support.filings import filing_api


def test_kiosks_opening_an_order_for_the_same_filing_at_once_get_the_same_one(pay: PayApi) -> None:
    filing = pay.filed()
    orders = pay.payments.require()
    found: list[str] = []
    start = threading.Barrier(6)

    def open_one(kiosk: int) -> None:
        start.wait()
        found.append(orders.open("filing", filing["number"], f"kiosk-{kiosk:02d}").order_no)

    threads = [threading.Thread(target=open_one, args=(k,)) for k in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(found) == 6 and len(set(found)) == 1
    with pay.api.hall.sessions() as session:
        assert session.query(PaymentOrder).count() == 1


def test_an_order_is_never_paid_without_its_filing(pay: PayApi, monkeypatch: pytest.MonkeyPatch) -> None:
    filing = pay.filed()
    order = pay.open("filing", filing["number"])
    pay.gateway.pay(order["order_no"])

    def broken(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("the filing's audit row cannot be written")

    monkeypatch.setattr(ledger, "record", broken)  # marking the filing paid fails half way
    pay.clock.advance(seconds=3)
    orders = pay.payments.require()
    with pytest.raises(RuntimeError):
        orders.status(order["order_no"])
    assert orders.get(order["order_no"]).status == "open"  # the whole transaction rolled back
    assert pay.api.get(filing["id"])["paid_at"] is None

    monkeypatch.undo()
    pay.clock.advance(seconds=3)
    assert pay.status(order["order_no"])["status"] == "paid"
    assert pay.api.get(filing["id"])["paid_at"] is not None


def test_a_declined_payment_code_fails_the_order_and_charges_nothing(pay: PayApi) -> None:
    order = pay.open("item", ID_CARD_ITEM)
    failed = pay.pay_with_code(order["order_no"], DECLINED).json()
    assert failed["status"] == "failed" and "余额不足" in failed["message_zh"] and failed["pay_url"] == ""
    assert all(t.state.value != "SUCCESS" for t in pay.gateway.trades.values())
    again = pay.pay_with_code(order["order_no"], DECLINED)
    assert again.status_code == 409 and again.json()["error"] == "order_final"
    assert pay.open("item", ID_CARD_ITEM)["order_no"] != order["order_no"]  # the citizen starts again


def test_an_order_the_gateway_did_not_answer_to_is_refused_and_settled_later(pay: PayApi) -> None:
    pay.gateway.lose_next.add("create_native")  # made at the gateway, the answer lost...
    pay.gateway.fail_next.add("create_native")  # ...and the retry fails outright
    refused = pay.client.post("/api/v1/payments/orders", json={"kind": "item", "ref": ID_CARD_ITEM},
                              headers=pay.kiosk)  # fmt: skip
    assert refused.status_code == 409 and refused.json()["error"] == "gateway_unavailable"
    assert "未扣款" in refused.json()["message"]
    (trade_no,) = pay.gateway.trades  # the gateway holds a payable trade the kiosk never showed
    pay.clock.advance(seconds=1)
    assert pay.settle() == 1  # the settler closes it
    assert pay.gateway.trades[trade_no].state.value == "CLOSED"
    assert pay.detail(trade_no)["status"] == "closed" and pay.detail(trade_no)["trade_state"] == "CLOSED"
    pay.clock.advance(hours=1)
    assert pay.settle() == 0  # settled: nothing more to ask


def test_giving_up_while_the_gateway_is_away_closes_the_order_and_the_settler_finishes(pay: PayApi) -> None:
    order = pay.open("item", ID_CARD_ITEM)
    pay.gateway.fail_next.add("close")  # the first try does nothing
    pay.gateway.lose_next.add("close")  # the retry closes it, its answer lost
    closed = pay.give_up(order["order_no"])
    assert closed["status"] == "closed" and "无需再次缴费" in closed["message_zh"]
    pay.gateway.fail_next.add("close")  # still away at the settler's first try: the call and its retry
    pay.gateway.lose_next.add("close")
    pay.clock.advance(seconds=1)
    pay.settle()
    assert pay.detail(order["order_no"])["trade_state"] == "NOTPAY"  # the hall does not guess
    pay.clock.advance(seconds=30)  # the back-off: asked again later
    pay.settle()
    assert pay.detail(order["order_no"])["trade_state"] == "CLOSED"
    assert pay.status(order["order_no"])["status"] == "closed"


def test_a_payment_code_for_an_order_whose_time_is_up_is_refused_and_nothing_charged(pay: PayApi) -> None:
    order = pay.open("item", ID_CARD_ITEM)
    pay.clock.advance(minutes=6)  # the QR code could be paid for five
    late = pay.pay_with_code(order["order_no"], WECHAT_CODE)
    assert late.status_code == 409 and late.json()["error"] == "order_final"
    assert pay.status(order["order_no"])["status"] == "closed"
    assert all(t.state.value == "CLOSED" for t in pay.gateway.trades.values())


def test_a_success_of_another_amount_is_not_believed_and_raises_an_alert(pay: PayApi) -> None:
    order = pay.open("item", ID_CARD_ITEM)
    pay.gateway.trades[order["order_no"]] = replace(pay.gateway.pay(order["order_no"]), amount_fen=1)
    pay.clock.advance(seconds=3)
    assert pay.status(order["order_no"])["status"] == "open"
    alerts = pay.client.get("/api/v1/alerts", headers=pay.supervisor).json()["alerts"]
    assert [(a["kind"], a["severity"], a["subject"]) for a in alerts] == [
        ("payment.amount", "critical", order["order_no"])
    ]


def test_the_settlers_thread_settles_a_payment_nobody_asked_about(hall: Hall, clock: FrozenClock) -> None:
    gateway = MemoryGateway(clock())
    payments: Payments = hall.app.state.payments
    payments.settle_every_s = 0.05
    payments.use(gateway, "memory")
    with filing_api(hall) as api:
        pay = PayApi(api, gateway, clock)
        order = pay.open("item", ID_CARD_ITEM)  # the first payment starts the settler's thread
        gateway.pay(order["order_no"])  # paid on the phone; no notice comes, the kiosk has gone
        clock.advance(seconds=10)  # past the trade's first check
        deadline = time.monotonic() + 20
        while pay.payments.require().get(order["order_no"]).status != "paid":
            assert time.monotonic() < deadline, "the settler did not settle the payment"
            time.sleep(0.05)
    # the hall's close (the fixture's) stops the thread
