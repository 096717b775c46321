"""HttpGateway against the real simulator over HTTP: every call, its idempotency, its refusals, its signatures."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest

from hall.payments.gateway import BadSignature, GatewayRefused, GatewayUnknown, TradeState
from hall.payments.gateway_http import HttpGateway
from hall.payments.sim.codes import EXAMPLES
from tests.hall.payments.sim_support import Rig, rig, soon
from tests.support.clocks import FrozenClock
from tests.support.waiting import wait_for

WECHAT, ALIPAY = EXAMPLES["wechat"], EXAMPLES["alipay"]


@pytest.fixture
def pay(tmp_path: Path) -> Iterator[Rig]:
    with rig(tmp_path) as built:
        yield built


def refused(code: str) -> Any:
    return pytest.raises(GatewayRefused, match=f"^{code}:")


def test_a_native_order_is_paid_on_the_payers_page_and_notified(pay: Rig) -> None:
    trade = pay.gateway.create_native("F2026000101", 8000, "不动产登记费", soon())
    assert trade.state is TradeState.NOTPAY and trade.amount_fen == 8000
    assert trade.code_url.startswith(f"{pay.sim.url}/qr/")
    page = httpx.get(trade.code_url)
    assert page.status_code == 200 and "¥80.00" in page.text and "不动产登记费" in page.text
    paid = httpx.post(trade.code_url + "/pay")
    assert "支付成功" in paid.text
    now = pay.gateway.query("F2026000101")
    assert now.state is TradeState.SUCCESS and now.transaction_id and now.paid_at is not None
    notice = wait_for(lambda: pay.received.notices, "the payment's notice")[0]
    assert notice.trade == now and notice.notice_id.startswith("EV-")


def test_creating_the_same_order_twice_answers_the_same_trade(pay: Rig) -> None:
    first = pay.gateway.create_native("F2026000102", 500, "工本费", soon())
    assert pay.gateway.create_native("F2026000102", 500, "工本费", soon()) == first
    with refused("OUT_TRADE_NO_USED"):
        pay.gateway.create_native("F2026000102", 600, "工本费", soon())
    with refused("OUT_TRADE_NO_USED"):  # a number of a QR order is not reused for a payment code
        pay.gateway.pay_with_code("F2026000102", 500, "工本费", WECHAT)


def test_a_payment_code_paid_twice_is_charged_once(pay: Rig) -> None:
    first = pay.gateway.pay_with_code("F2026000103", 2500, "工本费", WECHAT)
    assert first.state is TradeState.SUCCESS
    again = pay.gateway.pay_with_code("F2026000103", 2500, "工本费", ALIPAY)
    assert again == first
    lines = pay.gateway.statement(first.paid_at.astimezone(pay.sim.ledger.zone).date())  # type: ignore[union-attr]
    assert [(line.out_trade_no, line.kind, line.amount_fen) for line in lines] == [("F2026000103", "payment", 2500)]


@pytest.mark.parametrize(
    "code",
    ["", "12345", "1345678901234567890", "164567890123456789", "13456789012345678a", "2412345678901234", "31" * 9,
     "https://example.com/134567890123456789", "134567890123456789\n"],
)  # fmt: skip
def test_what_is_not_a_payment_code_is_refused_and_nothing_is_made(pay: Rig, code: str) -> None:
    with refused("AUTH_CODE_INVALID"):
        pay.gateway.pay_with_code("F2026000104", 100, "工本费", code)
    with refused("ORDER_NOT_EXIST"):
        pay.gateway.query("F2026000104")
    assert pay.gateway.pay_with_code("F2026000104", 100, "工本费", "2565432109876543").state is TradeState.SUCCESS


@pytest.mark.parametrize(
    "code", ["104567890123456789", "154567890123456789", "2565432109876543", "301234567890123456789012"]
)
def test_both_wallets_codes_pay(pay: Rig, code: str) -> None:
    assert pay.gateway.pay_with_code("F2026000105", 100, "工本费", code).state is TradeState.SUCCESS


def test_a_code_that_waits_for_the_payer_is_paid_when_confirmed_or_fails_when_cancelled(pay: Rig) -> None:
    waiting = pay.gateway.pay_with_code("F2026000106", 9900, "工本费", "134567890123111111")
    assert waiting.state is TradeState.USERPAYING
    pay.sim.control("POST", "/_sim/pay/F2026000106", {})
    assert pay.gateway.query("F2026000106").state is TradeState.SUCCESS
    assert pay.gateway.pay_with_code("F2026000107", 9900, "工本费", "2812345678111111").state is TradeState.USERPAYING
    pay.sim.control("POST", "/_sim/decline/F2026000107", {})
    failed = pay.gateway.query("F2026000107")
    assert failed.state is TradeState.PAYERROR and "cancelled" in failed.reason


def test_a_balance_too_low_and_an_expired_code_fail_with_the_reason(pay: Rig) -> None:
    poor = pay.gateway.pay_with_code("F2026000108", 100, "工本费", "134567890123222222")
    assert poor.state is TradeState.PAYERROR and "余额不足" in poor.reason
    old = pay.gateway.pay_with_code("F2026000109", 100, "工本费", "134567890123333333")
    assert old.state is TradeState.PAYERROR and "过期" in old.reason
    assert pay.gateway.query("F2026000108").transaction_id == ""


def test_close_closes_an_unpaid_order_and_answers_a_paid_one_as_paid(pay: Rig) -> None:
    pay.gateway.create_native("F2026000110", 100, "工本费", soon())
    closed = pay.gateway.close("F2026000110")
    assert closed.state is TradeState.CLOSED and pay.gateway.close("F2026000110") == closed
    assert httpx.post(f"{pay.sim.url}/_sim/pay/F2026000110").status_code == 409
    paid = pay.gateway.pay_with_code("F2026000111", 100, "工本费", WECHAT)
    assert pay.gateway.close("F2026000111") == paid
    with refused("ORDER_NOT_EXIST"):
        pay.gateway.close("F2026000199")


def test_a_refund_asked_twice_is_made_once_and_never_more_than_was_paid(pay: Rig) -> None:
    paid = pay.gateway.pay_with_code("F2026000112", 1000, "工本费", WECHAT)
    part = pay.gateway.refund("F2026000112", "R2026000112A", 400, "多收")
    assert part.done and part.amount_fen == 400
    assert pay.gateway.refund("F2026000112", "R2026000112A", 400, "多收") == part
    assert pay.gateway.query("F2026000112").state is TradeState.SUCCESS  # partly refunded
    with refused("NOT_ENOUGH"):
        pay.gateway.refund("F2026000112", "R2026000112B", 700, "多收")
    with refused("OUT_REFUND_NO_USED"):
        pay.gateway.refund("F2026000112", "R2026000112A", 300, "多收")
    pay.gateway.refund("F2026000112", "R2026000112B", 600, "多收")
    assert pay.gateway.query("F2026000112").state is TradeState.REFUND
    day = paid.paid_at.astimezone(pay.sim.ledger.zone).date()  # type: ignore[union-attr]
    refunds = [line.amount_fen for line in pay.gateway.statement(day) if line.kind == "refund"]
    assert sorted(refunds) == [400, 600]
    pay.gateway.create_native("F2026000113", 100, "工本费", soon())
    with refused("TRADE_NOT_PAID"):
        pay.gateway.refund("F2026000113", "R2026000113A", 100, "多收")


def test_an_order_past_its_expiry_is_closed(tmp_path: Path) -> None:
    clock = FrozenClock(datetime(2026, 11, 23, 10, 0, tzinfo=UTC))
    with rig(tmp_path, clock=clock) as pay:
        pay.gateway.create_native("F2026000114", 100, "工本费", clock() + timedelta(minutes=5))
        clock.advance(minutes=6)
        expired = pay.gateway.query("F2026000114")
        assert expired.state is TradeState.CLOSED and "expired" in expired.reason
        with refused("PARAM_ERROR"):
            pay.gateway.create_native("F2026000115", 100, "工本费", clock() - timedelta(seconds=1))


def test_the_statement_holds_the_days_payments_in_the_halls_zone(tmp_path: Path) -> None:
    clock = FrozenClock(datetime(2026, 11, 23, 23, 30, tzinfo=UTC))  # 07:30 on the 24th in Shanghai
    with rig(tmp_path, clock=clock) as pay:
        pay.gateway.pay_with_code("F2026000116", 300, "工本费", WECHAT)
        assert pay.gateway.statement(datetime(2026, 11, 23).date()) == []
        [line] = pay.gateway.statement(datetime(2026, 11, 24).date())
        assert (line.out_trade_no, line.amount_fen, line.at) == ("F2026000116", 300, clock())


@pytest.mark.parametrize("number", ["", "F1", "F2026/0001", "F" * 33, "订单000001", "F2026 0001"])
def test_a_bad_order_number_is_refused_before_any_call(pay: Rig, number: str) -> None:
    with refused("PARAM_ERROR"):
        pay.gateway.query(number)
    with refused("PARAM_ERROR"):
        pay.gateway.create_native("F2026000117", 0, "工本费", soon())
    assert pay.sim.ledger.trades == {}


def test_a_request_signed_with_another_key_is_refused(pay: Rig) -> None:
    stranger = pay.client(merchant_key=pay.sim.gateway_key)
    try:
        with refused("SIGN_ERROR"):
            stranger.create_native("F2026000118", 100, "工本费", soon())
    finally:
        stranger.shutdown()
    other = pay.client(merchant_id="1900000002")
    try:
        with refused("MCH_NOT_EXISTS"):
            other.query("F2026000118")
    finally:
        other.shutdown()
    assert pay.sim.ledger.trades == {}


def test_a_stale_or_replayed_request_is_refused(pay: Rig) -> None:
    late = pay.client(now=lambda: datetime.now(UTC).timestamp() - 600)
    try:
        with refused("SIGN_ERROR"):
            late.create_native("F2026000119", 100, "工本费", soon())
    finally:
        late.shutdown()
    sent: list[httpx.Request] = []
    pay.gateway._http.event_hooks["request"].append(sent.append)
    pay.gateway.create_native("F2026000119", 100, "工本费", soon())
    replayed = httpx.post(str(sent[0].url), content=sent[0].content, headers=dict(sent[0].headers))
    assert replayed.status_code == 401 and "replayed" in replayed.json()["message"]


def test_an_answer_that_does_not_verify_is_an_unknown_outcome(pay: Rig) -> None:
    fooled = pay.client(gateway_key=pay.keys.merchant.public_key())
    try:
        with pytest.raises(GatewayUnknown) as raised:
            fooled.create_native("F2026000120", 100, "工本费", soon())
        assert isinstance(raised.value, BadSignature)
    finally:
        fooled.shutdown()
    assert pay.gateway.query("F2026000120").state is TradeState.NOTPAY  # it did happen: settle by query


def test_a_gateway_that_cannot_be_reached_is_an_unknown_outcome(pay: Rig) -> None:
    pay.sim.stop()
    with pytest.raises(GatewayUnknown):
        pay.gateway.query("F2026000121")


def test_a_gateway_of_another_protocol_is_an_unknown_outcome(pay: Rig) -> None:
    other = HttpGateway(f"{pay.sim.url}/qr", "1900000001", pay.sim.gateway_key, pay.sim.gateway_public_key, timeout_s=2)
    try:
        with pytest.raises(GatewayUnknown):
            other.query("F2026000122")
    finally:
        other.shutdown()
