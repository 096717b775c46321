"""The simulator as other HTTP clients meet it: many kiosks' calls at once, the payer's page, and bytes that are
not the protocol."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from hall.payments.gateway import GatewayRefused, TradeState
from hall.payments.gateway_open import notify_url
from hall.payments.sim.codes import EXAMPLES
from tests.hall.payments.sim_support import Rig, hall_config, rig, soon


@pytest.fixture
def pay(tmp_path: Path) -> Iterator[Rig]:
    with rig(tmp_path, timeout_s=5.0) as built:
        yield built


def test_the_same_payment_sent_at_once_from_many_threads_charges_once(pay: Rig) -> None:
    def attempt(_: int) -> str:
        return pay.gateway.pay_with_code("F2026000501", 700, "工本费", EXAMPLES["wechat"]).transaction_id

    with ThreadPoolExecutor(8) as pool:
        ids = set(pool.map(attempt, range(16)))
    assert len(ids) == 1 and ids != {""}
    day = pay.gateway.query("F2026000501").paid_at.astimezone(pay.sim.ledger.zone).date()  # type: ignore[union-attr]
    assert [line.amount_fen for line in pay.gateway.statement(day)] == [700]


def test_the_same_order_created_at_once_from_many_threads_is_one_trade(pay: Rig) -> None:
    def attempt(_: int) -> str:
        return pay.gateway.create_native("F2026000502", 700, "工本费", soon()).code_url

    with ThreadPoolExecutor(8) as pool:
        urls = set(pool.map(attempt, range(16)))
    assert len(urls) == 1 and len(pay.sim.ledger.trades) == 1


def test_the_payers_page_shows_each_state_and_escapes_the_description(pay: Rig) -> None:
    trade = pay.gateway.create_native("F2026000503", 12345, "<b>费</b>", soon())
    page = httpx.get(trade.code_url).text
    assert "¥123.45" in page and "&lt;b&gt;费&lt;/b&gt;" in page and "<b>" not in page and "确认支付" in page
    pay.gateway.close("F2026000503")
    closed = httpx.post(trade.code_url + "/pay")
    assert closed.status_code == 200 and "订单已关闭" in closed.text
    assert pay.gateway.query("F2026000503").state is TradeState.CLOSED
    unknown = httpx.get(f"{pay.sim.url}/qr/nothing-here")
    assert unknown.status_code == 404 and "二维码无效" in unknown.text
    assert httpx.get(f"{pay.sim.url}/").status_code == 404


def test_bytes_that_are_not_the_protocol_are_refused_and_the_simulator_serves_on(pay: Rig) -> None:
    assert httpx.post(f"{pay.sim.url}/v3/pay/transactions/native", content=b"{}").status_code == 401
    with socket.create_connection(("127.0.0.1", pay.sim.port), timeout=5) as raw:
        raw.sendall(b"POST /v3/pay/transactions/native HTTP/1.1\r\nHost: x\r\nContent-Length: lots\r\n\r\n")
        assert raw.recv(100).startswith(b"HTTP/1.1 400")
    with socket.create_connection(("127.0.0.1", pay.sim.port), timeout=5) as raw:
        raw.sendall(b"POST /v3/pay/transactions/native HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999\r\n\r\n")
        assert raw.recv(100).startswith(b"HTTP/1.1 413")
    assert pay.gateway.create_native("F2026000504", 100, "工本费", soon()).state is TradeState.NOTPAY


def test_a_signed_request_that_is_not_well_formed_is_a_definite_refusal(pay: Rig) -> None:
    sent: list[httpx.Request] = []
    pay.gateway._http.event_hooks["request"].append(sent.append)
    for body in ({"amount": {"total": 100}}, {"out_trade_no": "F2026000505", "amount": {"total": "100"}}):
        with pytest.raises(GatewayRefused, match="PARAM_ERROR"):
            pay.gateway._call("POST", "/v3/pay/transactions/native", {"description": "工本费", **body})
    with pytest.raises(GatewayRefused, match="NOT_FOUND"):
        pay.gateway._call("GET", "/v3/nothing", None)
    with pytest.raises(GatewayRefused, match="PARAM_ERROR"):
        pay.gateway._call("GET", "/v3/bill/statement?bill_date=yesterday", None)
    assert pay.sim.ledger.trades == {}


def test_the_embedded_halls_own_address_is_where_notices_go(tmp_path: Path) -> None:
    config = hall_config(tmp_path)
    assert notify_url(config, "http://127.0.0.1:18700/") == "http://127.0.0.1:18700/api/v1/payments/notify"
