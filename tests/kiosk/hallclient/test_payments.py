"""The kiosk's payment client against a real hall over HTTP, the gateway in the test's hand: the port's values
come back, refusals keep their codes, and a text that is not a payment code never leaves the kiosk."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from devices.words import Words
from devtools.ports import free_port
from hall.payments.service import Payments
from hall.server import Hall, build_hall
from hall.tokens import Role, create_token
from kiosk.hallclient import HallClient, HallRefused, HallUnreachable
from kiosk.hallclient.payments import PaymentClient
from kiosk.station.payment_port import NOT_A_PAYMENT_CODE, NOTHING_TO_PAY, OrderStatus
from tests.hall.payments.conftest import ID_CARD_ITEM, WECHAT_CODE, card_filing
from tests.hall.payments.memory_gateway import MemoryGateway
from tests.support.clocks import FrozenClock
from tests.support.filings import ID_NUMBER
from tests.support.hall import MONDAY_10AM, open_hall, served, sqlite_url
from tests.support.paths import SHIPPED_CONFIG


@pytest.fixture
def gateway_hall(tmp_path: Path) -> Iterator[tuple[Hall, MemoryGateway, FrozenClock]]:
    clock = FrozenClock(MONDAY_10AM)
    with open_hall(sqlite_url(tmp_path), clock) as hall:
        gateway = MemoryGateway(clock())
        payments: Payments = hall.app.state.payments
        payments.background = False
        payments.use(gateway, "memory")
        yield hall, gateway, clock


def test_a_filing_is_found_by_id_card_ordered_and_paid(gateway_hall: tuple[Hall, MemoryGateway, FrozenClock]) -> None:
    hall, gateway, clock = gateway_hall
    token = create_token(hall.sessions, "kiosk-01", Role.KIOSK)
    with served(hall.app) as url, HallClient(url, token) as http:
        filing = http.post("/api/v1/filings", card_filing())
        assert filing is not None
        port = PaymentClient(http)
        assert port.owed(id_number="110105198506120026") == []
        (payable,) = port.owed(id_number=ID_NUMBER)
        assert payable.kind == "filing" and payable.ref == filing["number"] and payable.amount_text == "¥20.00"
        order = port.open_order(payable)
        assert order.status is OrderStatus.OPEN and order.pay_url and order.payable == payable
        assert order.expires_at > MONDAY_10AM
        gateway.pay(order.order_no)
        clock.advance(seconds=3)
        paid = port.status(order.order_no)
        assert paid.status is OrderStatus.PAID and paid.transaction_id and paid.paid_at is not None
        assert port.give_up(order.order_no).status is OrderStatus.PAID  # too late to give up: it is paid
        with pytest.raises(HallRefused) as refused:
            port.open_order(payable)
        assert refused.value.code == NOTHING_TO_PAY and refused.value.message.zh


def test_an_item_paid_by_code_and_a_code_that_is_not_one(gateway_hall: tuple[Hall, MemoryGateway, FrozenClock]) -> None:
    hall, gateway, _clock = gateway_hall
    token = create_token(hall.sessions, "kiosk-01", Role.KIOSK)
    with served(hall.app) as url, HallClient(url, token) as http:
        port = PaymentClient(http)
        item = next(p for p in port.fee_items() if p.ref == ID_CARD_ITEM)
        assert item.kind == "item" and item.amount_fen == 2000 and item.title.zh
        order = port.open_order(item)
        calls = list(gateway.calls)
        with pytest.raises(HallRefused) as refused:
            port.pay_with_code(order, "http://example.org/not-a-code")
        assert refused.value.code == NOT_A_PAYMENT_CODE and isinstance(refused.value.message, Words)
        assert gateway.calls == calls
        paid = port.pay_with_code(order, WECHAT_CODE)
        assert paid.status is OrderStatus.PAID and paid.order_no == order.order_no


def test_a_hall_without_a_gateway_says_payment_is_not_offered(tmp_path: Path) -> None:
    config = tmp_path / "hall.toml"
    shipped = (SHIPPED_CONFIG / "hall.toml").read_text(encoding="utf-8")
    config.write_text(shipped.replace('gateway = "sim"', 'gateway = "none"', 1), encoding="utf-8")
    hall = build_hall(config, sqlite_url(tmp_path), clock=FrozenClock(MONDAY_10AM))
    try:
        token = create_token(hall.sessions, "kiosk-01", Role.KIOSK)
        with served(hall.app) as url, HallClient(url, token) as http:
            with pytest.raises(HallRefused) as refused:
                PaymentClient(http).fee_items()
            assert refused.value.code == "payment_not_offered" and "窗口" in refused.value.message.zh
    finally:
        hall.close()
    with HallClient(f"http://127.0.0.1:{free_port()}", "t", timeout_s=1) as away, pytest.raises(HallUnreachable):
        PaymentClient(away).status("P2026112310000012345678")
