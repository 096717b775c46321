"""Every fault the simulator injects, met by HttpGateway over HTTP and by a notify endpoint that verifies like the
hall's: what the hall sees, and that nothing is charged twice or lost."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest

from hall.payments.gateway import BadSignature, GatewayRefused, GatewayUnknown, TradeState
from hall.payments.sim.codes import EXAMPLES
from tests.hall.payments.sim_support import Rig, rig, soon
from tests.support.waiting import wait_for, wait_until

WECHAT = EXAMPLES["wechat"]


@pytest.fixture
def pay(tmp_path: Path) -> Iterator[Rig]:
    with rig(tmp_path, timeout_s=0.5) as built:
        yield built


def inject(pay: Rig, name: str, n: int | None = None, *, on: bool = True) -> None:
    """As a test outside the process would: the simulator's control endpoint."""
    answer = httpx.post(f"{pay.sim.url}/_sim/faults", json={"name": name, "n": n, "on": on})
    assert answer.status_code == 200, answer.text


def test_failing_calls_are_unknown_outcomes_and_take_no_effect(pay: Rig) -> None:
    inject(pay, "fail", 2)
    for _ in range(2):
        with pytest.raises(GatewayUnknown, match="500"):
            pay.gateway.pay_with_code("F2026000201", 100, "工本费", WECHAT)
    with pytest.raises(GatewayRefused, match="ORDER_NOT_EXIST"):
        pay.gateway.query("F2026000201")


def test_a_call_that_hangs_past_the_timeout_is_an_unknown_outcome(pay: Rig) -> None:
    inject(pay, "hang", 1)
    with pytest.raises(GatewayUnknown, match="no answer in time"):
        pay.gateway.create_native("F2026000202", 100, "工本费", soon())
    with pytest.raises(GatewayRefused, match="ORDER_NOT_EXIST"):  # settled by query: nothing was made
        pay.gateway.query("F2026000202")


def test_a_lost_answer_after_the_charge_is_settled_by_query_and_a_retry_charges_nothing_more(pay: Rig) -> None:
    inject(pay, "lose-answer", 1)
    with pytest.raises(GatewayUnknown):
        pay.gateway.pay_with_code("F2026000203", 4200, "工本费", WECHAT)
    charged = pay.gateway.query("F2026000203")
    assert charged.state is TradeState.SUCCESS
    assert pay.gateway.pay_with_code("F2026000203", 4200, "工本费", WECHAT) == charged
    lines = pay.gateway.statement(charged.paid_at.astimezone(pay.sim.ledger.zone).date())  # type: ignore[union-attr]
    assert [line.amount_fen for line in lines] == [4200]


def test_a_lost_refund_answer_then_the_retry_refunds_once(pay: Rig) -> None:
    pay.gateway.pay_with_code("F2026000204", 1000, "工本费", WECHAT)
    inject(pay, "lose-answer", 1)
    with pytest.raises(GatewayUnknown):
        pay.gateway.refund("F2026000204", "R2026000204", 1000, "重复缴费")
    assert pay.gateway.refund("F2026000204", "R2026000204", 1000, "重复缴费").done
    assert pay.gateway.query("F2026000204").state is TradeState.REFUND
    assert len(pay.sim.ledger.refunds) == 1


def test_a_late_notification_arrives_later(pay: Rig) -> None:
    inject(pay, "late-notify", 2)
    pay.gateway.pay_with_code("F2026000205", 100, "工本费", WECHAT)
    assert pay.received.raw == []  # not yet: it comes 2 s later
    [notice] = wait_for(lambda: pay.received.notices, "the late notice")
    assert notice.trade.out_trade_no == "F2026000205" and notice.trade.state is TradeState.SUCCESS


def test_duplicate_notifications_carry_the_same_id_and_a_second_one_another(pay: Rig) -> None:
    inject(pay, "duplicate-notify")
    pay.gateway.pay_with_code("F2026000206", 100, "工本费", WECHAT)
    wait_for(lambda: len(pay.received.notices) == 2, "both copies")
    assert len({n.notice_id for n in pay.received.notices}) == 1
    inject(pay, "duplicate-notify", on=False)
    inject(pay, "second-notify")
    pay.gateway.pay_with_code("F2026000207", 100, "工本费", WECHAT)
    wait_for(lambda: len(pay.received.notices) == 4, "the notice and the second one")
    second = [n for n in pay.received.notices if n.trade.out_trade_no == "F2026000207"]
    assert len({n.notice_id for n in second}) == 2 and {n.trade.state for n in second} == {TradeState.SUCCESS}


def test_a_badly_signed_notification_is_refused_and_retried_until_signed_well(pay: Rig) -> None:
    inject(pay, "bad-signature")
    pay.gateway.pay_with_code("F2026000208", 100, "工本费", WECHAT)
    wait_for(lambda: len(pay.received.refused) >= 2, "refusals of the retries")
    assert pay.received.notices == [] and "does not verify" in pay.received.refused[0]
    inject(pay, "bad-signature", on=False)
    [notice] = wait_for(lambda: pay.received.notices, "the well-signed retry")
    assert notice.trade.out_trade_no == "F2026000208"
    attempts = [d for d in pay.sim.notifier.deliveries if d.notice_id == notice.notice_id]
    assert attempts[-1].delivered and all(not d.delivered and d.status == 401 for d in attempts[:-1])


def test_a_notice_the_hall_fails_to_take_is_sent_again(pay: Rig) -> None:
    pay.received.answer_status = 500
    pay.gateway.pay_with_code("F2026000209", 100, "工本费", WECHAT)
    wait_for(lambda: len(pay.received.notices) >= 2, "a retry")
    pay.received.answer_status = 200
    wait_for(lambda: pay.sim.notifier.delivered("F2026000209"), "the delivery")
    count = len(pay.received.notices)
    assert not wait_until(lambda: len(pay.received.notices) > count, timeout=1.0)  # acknowledged: no more


def test_a_replayed_or_stale_notification_is_refused(pay: Rig) -> None:
    pay.gateway.pay_with_code("F2026000210", 100, "工本费", WECHAT)
    wait_for(lambda: pay.received.notices, "the notice")
    headers, body = pay.received.raw[0]
    with pytest.raises(BadSignature, match="replayed"):
        pay.gateway.verify_notification(headers, body)
    later = pay.client(now=lambda: datetime.now(UTC).timestamp() + 3600)
    try:
        with pytest.raises(BadSignature, match="stale"):
            later.verify_notification(headers, body)
    finally:
        later.shutdown()
    forged = body.replace(b'"total":100', b'"total":1')
    with pytest.raises(BadSignature):
        pay.client().verify_notification(headers, forged)


def test_a_payment_that_succeeds_after_the_close_is_notified_and_can_be_refunded(pay: Rig) -> None:
    pay.gateway.create_native("F2026000211", 3000, "工本费", soon())
    inject(pay, "late-success", 0)
    assert pay.gateway.close("F2026000211").state is TradeState.CLOSED
    [notice] = wait_for(lambda: pay.received.notices, "the late success's notice")
    assert notice.trade.state is TradeState.SUCCESS and notice.trade.out_trade_no == "F2026000211"
    assert pay.gateway.query("F2026000211").state is TradeState.SUCCESS
    assert pay.gateway.refund("F2026000211", "R2026000211", 3000, "关单后支付").done
    assert pay.gateway.query("F2026000211").state is TradeState.REFUND
    pay.gateway.create_native("F2026000212", 100, "工本费", soon())
    assert pay.gateway.close("F2026000212").state is TradeState.CLOSED  # one close only
    assert not wait_until(lambda: pay.gateway.query("F2026000212").state is not TradeState.CLOSED, timeout=0.5)


def test_a_refund_that_stays_processing_finishes_when_released(pay: Rig) -> None:
    pay.gateway.pay_with_code("F2026000213", 800, "工本费", WECHAT)
    inject(pay, "refund-processing")
    pending = pay.gateway.refund("F2026000213", "R2026000213", 800, "重复缴费")
    assert not pending.done and pay.gateway.query("F2026000213").state is TradeState.SUCCESS
    assert pay.gateway.refund("F2026000213", "R2026000213", 800, "重复缴费") == pending
    inject(pay, "refund-processing", on=False)
    assert pay.gateway.query("F2026000213").state is TradeState.REFUND
    refunded = wait_for(lambda: [n for n in pay.received.notices if n.trade.state is TradeState.REFUND], "notice")
    assert refunded[0].trade.out_trade_no == "F2026000213"


def test_a_statement_can_miss_a_payment_or_carry_an_extra_one(pay: Rig) -> None:
    first = pay.gateway.pay_with_code("F2026000214", 100, "工本费", WECHAT)
    pay.gateway.pay_with_code("F2026000215", 200, "工本费", WECHAT)
    day = first.paid_at.astimezone(pay.sim.ledger.zone).date()  # type: ignore[union-attr]
    assert {line.out_trade_no for line in pay.gateway.statement(day)} == {"F2026000214", "F2026000215"}
    inject(pay, "statement-missing")
    assert len(pay.gateway.statement(day)) == 1
    inject(pay, "statement-missing", on=False)
    inject(pay, "statement-extra")
    extra = [line for line in pay.gateway.statement(day) if line.out_trade_no not in {"F2026000214", "F2026000215"}]
    assert len(extra) == 1 and extra[0].kind == "payment" and extra[0].at.date() == day


def test_the_control_endpoint_lists_faults_and_refuses_unknown_ones(pay: Rig) -> None:
    names = {f["name"] for f in httpx.get(f"{pay.sim.url}/_sim/faults").json()}
    assert {"hang", "lose-answer", "late-success", "bad-signature", "statement-extra"} <= names
    unknown = httpx.post(f"{pay.sim.url}/_sim/faults", json={"name": "meltdown"})
    assert unknown.status_code == 400 and "meltdown" in unknown.json()["message"]
    assert httpx.post(f"{pay.sim.url}/_sim/faults", content=b"[").status_code == 400
    assert httpx.post(f"{pay.sim.url}/_sim/faults", json={"name": "hang", "n": 0}).status_code == 400
    assert httpx.post(f"{pay.sim.url}/_sim/pay/F2026009999").status_code == 404
    pay.gateway.pay_with_code("F2026000216", 100, "工本费", WECHAT)
    wait_for(lambda: pay.sim.notifier.delivered("F2026000216"), "the delivery")
    sent = httpx.get(f"{pay.sim.url}/_sim/notices").json()
    assert sent[0]["out_trade_no"] == "F2026000216" and sent[0]["status"] == 200
    trades = httpx.get(f"{pay.sim.url}/_sim/trades").json()
    assert json.dumps(trades, ensure_ascii=False).count("F2026000216") == 1
