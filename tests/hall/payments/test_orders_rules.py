"""The rules that keep money and filings straight (SQLite and PostgreSQL): one open order per filing even when
kiosks ask at once; an order never paid without its filing marked paid in the same transaction; a code payment
that fails leaves nothing charged."""

from __future__ import annotations

import threading

import pytest

from hall.payments import ledger
from hall.payments.tables import PaymentOrder
from tests.hall.payments.conftest import DECLINED, ID_CARD_ITEM, PayApi


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
