"""Paying a fee on the real station: the embedded hall's orders, its gateway simulator, the simulated scanner and
printer. The phone pays the QR code through the simulator's payer page; the scanner reads payment codes; the
simulator's duplicate notification and its late success after the kiosk gave up. The citizen sees the hall's
outcome, and the voucher prints once, or the refund is said."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from kiosk.flows.navigation import HOME
from kiosk.flows.payment import PaymentFlow
from kiosk.flows.payment_order import PaymentStep
from kiosk.flows.payment_words import NOTHING_OWED, OUTCOME
from kiosk.station.payment_port import OrderStatus
from kiosk.station.services import StationServices
from kiosk.store.models import PrintJob
from tests.ui.conftest import MovableClock, find_button, settle, tap, visible_texts
from tests.ui.payment_support import open_payment, payment_ui, scan
from ui.app import KioskUi
from ui.demo_payment_sim import gateway_simulator, inject, phone_confirms, phone_pays

S = PaymentStep
POLLED_MS = 20_000  # the screen asks every 2 s; the hall settles on the gateway's notice or its own query


def receipts_printed(services: StationServices) -> int:
    with services.station.store.sessions() as session:
        return session.query(PrintJob).filter_by(kind="payment_receipt", state="printed").count()


@pytest.fixture
def paying(qtbot: QtBot, services: StationServices, clock: MovableClock) -> Iterator[KioskUi]:
    assert gateway_simulator(services) is not None
    with payment_ui(qtbot, services, clock, services.payment) as kiosk_ui:
        yield kiosk_ui


def qr_showing(qtbot: QtBot, kiosk_ui: KioskUi) -> PaymentFlow:
    """An item's fee chosen from the list, its order open and its QR code on screen."""
    flow = open_payment(qtbot, kiosk_ui)
    tap(qtbot, find_button(kiosk_ui.window, "缴纳其他费用（如工本费）"))
    settle(qtbot, kiosk_ui, lambda: flow.step is S.ITEMS)
    assert flow.items, "the shipped catalog has fees paid at the kiosk"
    kiosk_ui.ui.act(lambda: flow.choose(0))
    amount = flow.payable.amount_text if flow.payable else ""
    tap(qtbot, find_button(kiosk_ui.window, f"确认支付 {amount}"))
    settle(qtbot, kiosk_ui, lambda: flow.step is S.PAY)
    assert flow.order is not None and flow.order.pay_url
    return flow


def test_the_phone_pays_the_qr_code_a_duplicate_notice_changes_nothing(
    qtbot: QtBot, services: StationServices, paying: KioskUi
) -> None:
    simulator = gateway_simulator(services)
    assert simulator is not None
    inject(simulator, "duplicate-notify")
    flow = qr_showing(qtbot, paying)
    assert flow.order is not None
    assert phone_pays(flow.order.pay_url) == 200
    settle(qtbot, paying, lambda: flow.step is S.DONE, timeout=POLLED_MS)
    assert flow.receipt_printed and "缴费成功" in visible_texts(paying.window)
    assert receipts_printed(services) == 1
    qtbot.wait(2500)  # the second notice, and one more poll: nothing more is printed
    settle(qtbot, paying)
    assert receipts_printed(services) == 1 and flow.step is S.DONE


def test_a_payment_code_pays_and_another_waits_for_the_phone(
    qtbot: QtBot, services: StationServices, paying: KioskUi, clock: MovableClock
) -> None:
    simulator = gateway_simulator(services)
    assert simulator is not None
    flow = qr_showing(qtbot, paying)
    scan(qtbot, paying, "https://hall.example.gov.cn/q/not-a-code", lambda: flow.message is not None)
    assert any(text.startswith("这不是付款码") for text in visible_texts(paying.window))
    scan(qtbot, paying, "134567890123450001", lambda: flow.step is S.DONE)
    assert flow.receipt_printed and receipts_printed(services) == 1
    tap(qtbot, find_button(paying.window, "完成"))
    flow = qr_showing(qtbot, paying)
    scan(qtbot, paying, "134567890123111111", lambda: flow.step is S.CONFIRM)  # this code asks the phone
    assert "请在手机上确认支付" in visible_texts(paying.window)
    assert paying.kiosk.flow is flow and flow.holds_time
    clock.advance(paying.kiosk.idle.timeout_s + 5)  # a minute and more on the phone: no walk-away reset
    qtbot.wait(600)
    assert paying.kiosk.flow is flow and flow.step is S.CONFIRM and not paying.kiosk.counting_down
    assert flow.order is not None
    assert phone_confirms(simulator)
    settle(qtbot, paying, lambda: flow.step is S.DONE, timeout=POLLED_MS)
    assert receipts_printed(services) == 2


def test_a_declined_code_charges_nothing(qtbot: QtBot, services: StationServices, paying: KioskUi) -> None:
    flow = qr_showing(qtbot, paying)
    scan(qtbot, paying, "134567890123222222", lambda: flow.step is S.ENDED)  # the balance is not enough
    assert flow.outcome == OUTCOME[OrderStatus.FAILED] and receipts_printed(services) == 0
    assert find_button(paying.window, "再试一次").isVisible()


def test_paid_after_the_kiosk_gave_up_is_refunded_and_said(
    qtbot: QtBot, services: StationServices, paying: KioskUi
) -> None:
    simulator = gateway_simulator(services)
    assert simulator is not None
    inject(simulator, "late-success", 1)  # the next close answers CLOSED, and the payment succeeds 1 s later
    flow = qr_showing(qtbot, paying)
    tap(qtbot, find_button(paying.window, "取消支付"))
    settle(qtbot, paying, lambda: flow.step is S.ENDED)
    assert flow.order is not None and flow.order.status is OrderStatus.CLOSED
    settle(qtbot, paying, lambda: flow.outcome == OUTCOME[OrderStatus.REFUNDED], timeout=POLLED_MS)
    assert any(text.startswith("这笔付款已原路退回") for text in visible_texts(paying.window))
    assert receipts_printed(services) == 0


def test_walking_away_from_the_qr_code_gives_the_order_up(
    qtbot: QtBot, services: StationServices, paying: KioskUi, clock: MovableClock
) -> None:
    flow = qr_showing(qtbot, paying)
    assert flow.order is not None
    order_no = flow.order.order_no
    clock.advance(paying.kiosk.idle.timeout_s + 1)
    settle(qtbot, paying, lambda: paying.kiosk.screen == HOME)
    assert services.payment.status(order_no).status is OrderStatus.CLOSED
    assert receipts_printed(services) == 0


def test_an_id_card_without_fees_owed_is_told_so(qtbot: QtBot, services: StationServices, paying: KioskUi) -> None:
    flow = open_payment(qtbot, paying)
    tap(qtbot, find_button(paying.window, "刷身份证查找待缴费用"))
    assert flow.step is S.CONSENT
    reader = services.devices.simulators()["id_reader"]
    reader.place(0)  # type: ignore[attr-defined]
    try:
        tap(qtbot, find_button(paying.window, "同意并读卡"))
        settle(qtbot, paying, lambda: flow.step is S.CHOOSE)
    finally:
        reader.remove()  # type: ignore[attr-defined]
    assert flow.message == NOTHING_OWED and NOTHING_OWED.zh in visible_texts(paying.window)
    assert paying.kiosk.session.identity is None
