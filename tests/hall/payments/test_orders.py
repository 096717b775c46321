"""Paying a filing's fee and an item's fee at the kiosk, against a gateway in the test's hand (SQLite and
PostgreSQL): the happy paths, and what is refused before anything is sent."""

from __future__ import annotations

from tests.hall.payments.conftest import ID_CARD_ITEM, WECHAT_CODE, PayApi
from tests.support.filings import BIRTH_ITEM, ID_NUMBER


def test_a_filing_owes_its_fee_until_it_is_paid_by_the_qr_code(pay: PayApi) -> None:
    filing = pay.filed()
    owed = pay.client.post("/api/v1/payments/owed", json={"id_number": ID_NUMBER}, headers=pay.kiosk).json()
    (payable,) = owed["payables"]
    assert payable["kind"] == "filing" and payable["ref"] == filing["number"] and payable["amount_fen"] == 2000
    assert payable["lines"] == [{"name": "社会保障卡补卡工本费", "amount_fen": 2000}]

    order = pay.open("filing", filing["number"])
    assert order["status"] == "open" and order["pay_url"].startswith("memorypay://")
    assert order["payable"]["amount_fen"] == 2000
    assert pay.open("filing", filing["number"])["order_no"] == order["order_no"]  # one open order per filing

    pay.gateway.pay(order["order_no"])  # the phone pays
    assert pay.status(order["order_no"])["status"] == "open"  # the hall asked the gateway a moment ago
    pay.clock.advance(seconds=3)  # the kiosk's next poll, once the hall's word is stale, asks the gateway
    paid = pay.status(order["order_no"])
    assert paid["status"] == "paid" and paid["transaction_id"] and paid["pay_url"] == ""
    assert pay.api.get(filing["id"])["paid_at"] is not None
    history = pay.client.get(f"/api/v1/filings/{filing['id']}/detail", headers=pay.staff).json()["history"]
    assert history[-1]["action"] == "paid" and order["order_no"] in history[-1]["note"]
    again = pay.client.post("/api/v1/payments/owed", json={"id_number": ID_NUMBER}, headers=pay.kiosk).json()
    assert again == {"payables": []}
    refused = pay.client.post("/api/v1/payments/orders", json={"kind": "filing", "ref": filing["number"]},
                              headers=pay.kiosk)  # fmt: skip
    assert refused.status_code == 409 and refused.json()["error"] == "nothing_to_pay"


def test_an_items_fee_is_paid_with_the_citizens_payment_code(pay: PayApi) -> None:
    items = pay.client.get("/api/v1/payments/items", headers=pay.kiosk).json()["payables"]
    assert {p["ref"]: p["amount_fen"] for p in items}[ID_CARD_ITEM] == 2000
    order = pay.open("item", ID_CARD_ITEM)
    reply = pay.pay_with_code(order["order_no"], WECHAT_CODE)
    assert reply.status_code == 200 and reply.json()["status"] == "paid"
    assert pay.gateway.trades[order["order_no"]].state.value == "CLOSED"  # the QR code cannot be paid as well


def test_a_scanned_text_that_is_not_a_payment_code_is_refused_and_nothing_is_sent(pay: PayApi) -> None:
    order = pay.open("item", ID_CARD_ITEM)
    calls = list(pay.gateway.calls)
    for text in ["https://example.org/f/abc", "K01-20261123-0001", "12345", "1345678901234567890"]:
        reply = pay.pay_with_code(order["order_no"], text)
        assert reply.status_code == 422 and reply.json()["error"] == "not_a_payment_code", text
    assert pay.gateway.calls == calls and pay.status(order["order_no"])["status"] == "open"


def test_only_what_the_hall_prices_can_be_ordered(pay: PayApi) -> None:
    birth = pay.api.filed(7)  # 出生登记: no fee
    for kind, ref, code in [
        ("filing", birth["number"], "nothing_to_pay"),
        ("filing", "K09-20261123-0001", "unknown_filing"),
        ("item", BIRTH_ITEM, "unknown_item"),
    ]:
        reply = pay.client.post("/api/v1/payments/orders", json={"kind": kind, "ref": ref}, headers=pay.kiosk)
        assert reply.json()["error"] == code, (kind, ref)
    sneaky = pay.client.post("/api/v1/payments/orders", json={"kind": "item", "ref": ID_CARD_ITEM, "amount_fen": 1},
                             headers=pay.kiosk)  # fmt: skip
    assert sneaky.status_code == 422  # an amount from the kiosk is not a field
