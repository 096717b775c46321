"""Orders against the gateway simulator over its real protocol, with its faults (SQLite and PostgreSQL): a
duplicate notification, a success after the kiosk gave up, a lost answer settled by query, a forged notification,
a second payment of a paid filing refunded."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from hall.payments.gateway import TradeState
from hall.server import Hall
from tests.hall.payments.conftest import ID_CARD_ITEM
from tests.hall.payments.sim_hall import SimHall, eventually, sim_hall
from tests.support.clocks import FrozenClock

CONFIRM_ON_PHONE = "134567890123111111"  # the simulator asks the payer to confirm on the phone


@pytest.fixture
def pay(hall: Hall) -> Iterator[SimHall]:
    with sim_hall(hall) as opened:
        yield opened


def test_a_duplicate_notification_marks_the_filing_paid_once(pay: SimHall) -> None:
    filing = pay.filed()
    order = pay.open("filing", filing["number"])
    assert order["pay_url"].startswith(pay.sim.url)  # the QR code the phone scans
    pay.sim.inject_fault("duplicate-notify")
    pay.sim.ledger.payer_pays(order["order_no"])
    delivered = lambda: [d for d in pay.sim.notifier.deliveries if d.delivered]  # noqa: E731
    eventually(lambda: len(delivered()) >= 2, "both copies of the notice acknowledged")
    (first, second) = delivered()[:2]
    assert first.notice_id == second.notice_id  # the same notice, twice
    assert pay.order(order["order_no"]).status == "paid"
    assert [e.action for e in pay.events(order["order_no"])] == ["opened", "trade-made", "success"]
    history = pay.kiosk.get(f"/api/v1/filings/{filing['id']}/detail", headers=pay.staff).json()["history"]
    assert [h["action"] for h in history].count("paid") == 1
    assert pay.filing(filing["id"])["paid_at"] is not None


def test_a_success_after_the_kiosk_gave_up_is_kept_for_the_filing_that_still_owes(pay: SimHall) -> None:
    filing = pay.filed()
    order = pay.open("filing", filing["number"])
    pay.sim.inject_fault("late-success", 1)  # the payer's confirmation was already on its way
    closed = pay.call("POST", f"/api/v1/payments/orders/{order['order_no']}/give-up")
    assert closed["status"] == "closed" and closed["message_zh"]
    eventually(lambda: pay.order(order["order_no"]).status == "paid", "the late success applied")
    assert pay.filing(filing["id"])["paid_at"] is not None
    assert pay.sim.ledger.trades[order["order_no"]].trade.state is TradeState.SUCCESS  # kept, not refunded


def test_a_success_after_giving_up_an_items_fee_is_refunded(pay: SimHall) -> None:
    order = pay.open("item", ID_CARD_ITEM)
    pay.sim.inject_fault("late-success", 1)
    assert pay.call("POST", f"/api/v1/payments/orders/{order['order_no']}/give-up")["status"] == "closed"
    eventually(lambda: pay.order(order["order_no"]).status == "refunded", "the late success refunded")
    trade = pay.sim.ledger.trades[order["order_no"]].trade
    eventually(lambda: pay.sim.ledger.trades[order["order_no"]].trade.state is TradeState.REFUND, "money back")
    assert trade.amount_fen == 2000
    assert pay.call("GET", f"/api/v1/payments/orders/{order['order_no']}")["status"] == "refunded"


def test_a_payment_whose_answer_was_lost_is_settled_by_query(pay: SimHall, clock: FrozenClock) -> None:
    order = pay.open("item", ID_CARD_ITEM)
    paying = pay.call("POST", f"/api/v1/payments/orders/{order['order_no']}/pay-with-code",
                      json={"auth_code": CONFIRM_ON_PHONE})  # fmt: skip
    assert paying["status"] == "paying"
    pay.sim.inject_fault("late-notify", 600)  # no notification to tell the hall
    pay.sim.ledger.payer_pays(f"{order['order_no']}C1")  # the payer confirms on the phone
    pay.sim.inject_fault("lose-answer", 1)  # the kiosk's next poll: the gateway answers, the answer is lost
    clock.advance(seconds=3)
    assert pay.call("GET", f"/api/v1/payments/orders/{order['order_no']}")["status"] == "paying"  # not guessed
    clock.advance(seconds=30)
    assert pay.payments.settler is not None
    pay.payments.settler.settle_due()  # the settler asks again
    settled = pay.call("GET", f"/api/v1/payments/orders/{order['order_no']}")
    assert settled["status"] == "paid" and settled["transaction_id"]
    charged = [t for t in pay.sim.ledger.trades.values() if t.trade.state is TradeState.SUCCESS]
    assert [t.trade.out_trade_no for t in charged] == [f"{order['order_no']}C1"]


def test_a_notification_with_a_bad_signature_is_refused_and_raises_an_alert(pay: SimHall) -> None:
    order = pay.open("item", ID_CARD_ITEM)
    pay.sim.inject_fault("bad-signature")
    pay.sim.ledger.payer_pays(order["order_no"])
    eventually(lambda: any(d.status == 401 for d in pay.sim.notifier.deliveries), "the forged notice refused")
    assert pay.order(order["order_no"]).status == "open"  # nothing changed
    alerts = pay.kiosk.get("/api/v1/alerts", headers=pay.supervisor).json()["alerts"]
    assert [a["kind"] for a in alerts] == ["payment.bad_signature"] and alerts[0]["severity"] == "critical"


def test_a_second_payment_of_a_paid_filing_is_refunded(pay: SimHall) -> None:
    filing = pay.filed()
    first = pay.open("filing", filing["number"])
    pay.sim.inject_fault("fail", 2)  # giving up: the close fails twice, the QR code stays payable
    assert pay.call("POST", f"/api/v1/payments/orders/{first['order_no']}/give-up")["status"] == "closed"
    second = pay.open("filing", filing["number"])
    assert second["order_no"] != first["order_no"]
    pay.sim.ledger.payer_pays(second["order_no"])
    eventually(lambda: pay.order(second["order_no"]).status == "paid", "the second order paid")
    pay.sim.ledger.payer_pays(first["order_no"])  # the phone still had the first QR code open
    eventually(lambda: pay.order(first["order_no"]).status == "refunded", "the double payment refunded")
    eventually(lambda: pay.sim.ledger.trades[first["order_no"]].trade.state is TradeState.REFUND, "money back")
    assert pay.filing(filing["id"])["paid_at"] is not None
    eventually(lambda: "refund" in [e.action for e in pay.events(first["order_no"])], "the refund logged")
    actions = [e.action for e in pay.events(first["order_no"])]
    assert actions[:4] == ["opened", "trade-made", "give-up", "success"], actions
