"""The payment tests' hall: the shipped hall on SQLite and PostgreSQL with a gateway under the test's control,
a kiosk, staff and supervisor token, and filings of 社会保障卡补领 (a fileable item with a ¥20.00 fee)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from hall.payments.service import Payments
from hall.server import Hall
from tests.hall.payments.memory_gateway import MemoryGateway
from tests.support.clocks import FrozenClock
from tests.support.filings import ID_NUMBER, FilingApi, filing_api, filing_body

CARD_ITEM = "339900-002-GG-00101-002"  # 社会保障卡补领: fileable, 工本费 ¥20.00 per filing
ID_CARD_ITEM = "339900-001-QR-00101-001"  # 居民身份证换领: 工本费 ¥20.00 payable at the kiosk
WECHAT_CODE = "134567890123456789"  # 18 digits from 13: a WeChat payment code
CONFIRM_ON_PHONE = "138812345678901234"  # the memory gateway asks the payer to confirm
DECLINED = "134912345678901234"  # the memory gateway declines it (余额不足)


def card_filing(sequence: int = 1, *, id_number: str = ID_NUMBER, **changes: Any) -> dict[str, Any]:
    form = {"applicant_name": "张三", "id_number": id_number, "reason": "丢失", "delivery": "窗口领取",
            "phone": "13800138000"}  # fmt: skip
    return filing_body(sequence, item_code=CARD_ITEM, id_number=id_number, form=form, **changes)


class PayApi:
    """The hall's API as the kiosk reaches it, with the memory gateway behind the hall."""

    def __init__(self, api: FilingApi, gateway: MemoryGateway, clock: FrozenClock) -> None:
        self.api, self.client, self.gateway, self.clock = api, api.client, gateway, clock
        self.payments: Payments = api.hall.app.state.payments
        self.kiosk, self.staff, self.supervisor = api.kiosk, api.staff, api.supervisor

    def filed(self, sequence: int = 1, **changes: Any) -> dict[str, Any]:
        reply = self.api.file(card_filing(sequence, **changes))
        assert reply.status_code == 201, reply.text
        answer: dict[str, Any] = reply.json()
        return answer

    def open(self, kind: str, ref: str) -> dict[str, Any]:
        reply = self.client.post("/api/v1/payments/orders", json={"kind": kind, "ref": ref}, headers=self.kiosk)
        assert reply.status_code == 201, reply.text
        answer: dict[str, Any] = reply.json()
        return answer

    def status(self, order_no: str) -> dict[str, Any]:
        reply = self.client.get(f"/api/v1/payments/orders/{order_no}", headers=self.kiosk)
        assert reply.status_code == 200, reply.text
        answer: dict[str, Any] = reply.json()
        return answer

    def give_up(self, order_no: str) -> dict[str, Any]:
        reply = self.client.post(f"/api/v1/payments/orders/{order_no}/give-up", headers=self.kiosk)
        assert reply.status_code == 200, reply.text
        answer: dict[str, Any] = reply.json()
        return answer

    def pay_with_code(self, order_no: str, code: str) -> Any:
        path = f"/api/v1/payments/orders/{order_no}/pay-with-code"
        return self.client.post(path, json={"auth_code": code}, headers=self.kiosk)

    def notify(self, trade_no: str, notice_id: str, **kwargs: Any) -> Any:
        headers, body = self.gateway.notification(trade_no, notice_id, **kwargs)
        return self.client.post("/api/v1/payments/notify/memory", content=body, headers=headers)

    def detail(self, order_no: str) -> dict[str, Any]:
        reply = self.client.get(f"/api/v1/payments/orders/{order_no}/detail", headers=self.staff)
        assert reply.status_code == 200, reply.text
        answer: dict[str, Any] = reply.json()
        return answer

    def settle(self) -> int:
        assert self.payments.settler is not None
        return self.payments.settler.settle_due()


@pytest.fixture
def pay(hall: Hall, clock: FrozenClock) -> Iterator[PayApi]:
    gateway = MemoryGateway(clock())
    payments: Payments = hall.app.state.payments
    payments.background = False  # the test settles when it says so
    payments.use(gateway, "memory")
    with filing_api(hall) as api:
        yield PayApi(api, gateway, clock)
