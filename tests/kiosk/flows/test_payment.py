"""Fee payment at the kiosk, against an in-process port: what to pay (receipt, ID card, an item's fee), the order's
QR code and the payment code, the status polled, the receipt printed once, and every way an order ends."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from devices.state import DeviceState
from kiosk.flows.flow import KioskSettings
from kiosk.flows.machine import Kiosk
from kiosk.flows.navigation import HOME
from kiosk.flows.offers import MISSING, Need, Offers
from kiosk.flows.payment import PAYMENT_SCREEN, PaymentFlow
from kiosk.flows.payment_order import POLL_S, PaymentStep
from kiosk.flows.payment_words import (
    CONFIRM_ON_PHONE,
    EXPIRED,
    HALL_AWAY_WHILE_PAYING,
    NOT_A_PAYMENT_CODE,
    NOT_OFFERED,
    NOTHING_OWED,
    OUTCOME,
    RECEIPT_PRINTED,
)
from kiosk.flows.progress import NOT_A_RECEIPT
from kiosk.flows.screens import default_registry
from kiosk.station.payment_port import OrderStatus
from tests.kiosk.flows.conftest import CARD, FakeDevices, FakeHall, FakeTechnician, refresh_offers, run
from tests.kiosk.flows.payment_fakes import ASKS_PHONE, CARD_FEE, DECLINED, LAND, PAYS_AT_ONCE, FakePayments
from tests.support.clocks import FrozenClock, SteppedClock

S = PaymentStep
RECEIPT_QR = "https://hall.example.gov.cn/f/AAECAwQFBgcICQoLDA0ODw.qwertyuiopasdfgh"


@pytest.fixture
def wall() -> FrozenClock:
    return FrozenClock(datetime(2026, 11, 23, 2, 12, tzinfo=UTC))


@pytest.fixture
def payments(wall: FrozenClock) -> FakePayments:
    made = FakePayments(wall)
    made.owed_by[RECEIPT_QR] = [LAND]
    made.owed_by[CARD.id_number] = [LAND, CARD_FEE]
    return made


@pytest.fixture
def pay_kiosk(
    hall: FakeHall, devices: FakeDevices, clock: SteppedClock, wall: FrozenClock, payments: FakePayments
) -> Kiosk:
    settings = KioskSettings(hall_name="示例市政务服务中心", idle_timeout_s=60, elder_idle_timeout_s=120)
    made = Kiosk(
        hall=hall, devices=devices, technician=FakeTechnician(lambda: datetime.now(UTC)),
        registry=default_registry(), settings=settings, clock=clock, offers=Offers.read(hall, devices),
        payment=payments, wall_clock=wall,
    )  # fmt: skip
    run(made, made.start())
    return made


def open_payment(kiosk: Kiosk) -> PaymentFlow:
    run(kiosk, kiosk.go(PAYMENT_SCREEN))
    assert isinstance(kiosk.flow, PaymentFlow)
    return kiosk.flow


def showing_qr(kiosk: Kiosk) -> PaymentFlow:
    """The land registration fee found by the receipt's QR code, its order open with the QR code showing."""
    flow = open_payment(kiosk)
    run(kiosk, kiosk.scanned(RECEIPT_QR))
    assert flow.step is S.AMOUNT and flow.payable == LAND
    run(kiosk, kiosk.track(flow.pay()))
    assert flow.step is S.PAY and flow.order is not None
    return flow


def poll(kiosk: Kiosk, clock: SteppedClock) -> None:
    """What the screen's timer does: ask the hall when a poll is due, hand the answer back."""
    flow = kiosk.flow
    assert isinstance(flow, PaymentFlow)
    clock.advance(POLL_S)
    work = flow.due_poll()
    assert work is not None
    run(kiosk, kiosk.track(flow.polled(work())))


def test_the_tile_shows_only_on_a_kiosk_that_takes_fees_and_pauses_without_hall_or_printer(
    kiosk: Kiosk, pay_kiosk: Kiosk, hall: FakeHall, devices: FakeDevices
) -> None:
    assert PAYMENT_SCREEN not in [name for name, _ in kiosk.tiles()]
    tile = dict(pay_kiosk.tiles())[PAYMENT_SCREEN]
    assert tile.paused_because(pay_kiosk.offers) is None
    devices.printer = DeviceState.FAULT
    refresh_offers(pay_kiosk, hall, devices)
    assert tile.paused_because(pay_kiosk.offers) == MISSING[Need.PRINTER]
    hall.online = False
    refresh_offers(pay_kiosk, hall, devices)
    assert tile.paused_because(pay_kiosk.offers) == MISSING[Need.HALL]
    run(kiosk, kiosk.go(PAYMENT_SCREEN))
    assert kiosk.flow is not None and kiosk.flow.message == NOT_OFFERED


def test_the_receipts_qr_finds_the_fee_and_anything_else_is_told(pay_kiosk: Kiosk, payments: FakePayments) -> None:
    flow = open_payment(pay_kiosk)
    run(pay_kiosk, pay_kiosk.scanned("A017"))
    assert flow.step is S.CHOOSE and flow.message == NOT_A_RECEIPT
    payments.owed_by.clear()
    run(pay_kiosk, pay_kiosk.scanned(RECEIPT_QR))
    assert flow.step is S.CHOOSE and flow.message == NOTHING_OWED
    payments.owed_by[RECEIPT_QR] = [LAND]
    run(pay_kiosk, pay_kiosk.scanned(RECEIPT_QR))
    assert flow.step is S.AMOUNT and flow.payable == LAND and flow.payable.amount_text == "¥90.00"
    assert flow.back() and flow.step is S.CHOOSE


def test_the_id_card_after_consent_lists_what_is_owed_and_keeps_no_number(pay_kiosk: Kiosk) -> None:
    flow = open_payment(pay_kiosk)
    flow.use_id_card()
    assert flow.step is S.CONSENT
    run(pay_kiosk, pay_kiosk.track(flow.agree()))
    assert flow.step is S.OWED and flow.owed == [LAND, CARD_FEE]
    assert pay_kiosk.session.identity is None and not pay_kiosk.session.consent
    flow.choose(1)
    assert flow.step is S.AMOUNT and flow.payable == CARD_FEE
    assert flow.back() and flow.step is S.OWED


def test_an_items_fee_is_chosen_from_the_short_list(pay_kiosk: Kiosk) -> None:
    flow = open_payment(pay_kiosk)
    run(pay_kiosk, pay_kiosk.track(flow.show_items()))
    assert flow.step is S.ITEMS and flow.items == [CARD_FEE]
    flow.choose(0)
    assert flow.step is S.AMOUNT and flow.payable == CARD_FEE
    assert flow.back() and flow.step is S.ITEMS


def test_the_phone_pays_the_qr_the_poll_sees_it_and_the_receipt_prints_once(
    pay_kiosk: Kiosk, payments: FakePayments, clock: SteppedClock
) -> None:
    flow = showing_qr(pay_kiosk)
    order = flow.order
    assert order is not None and order.pay_url and flow.seconds_left == 300
    assert flow.due_poll() is None  # not yet: every POLL_S
    poll(pay_kiosk, clock)
    assert flow.step is S.PAY
    payments.phone_pays(order.order_no)
    poll(pay_kiosk, clock)
    assert flow.step is S.DONE and flow.message == RECEIPT_PRINTED and flow.outcome == OUTCOME[OrderStatus.PAID]
    assert payments.printed == [(order.order_no, "zh_CN")]
    clock.advance(POLL_S)
    assert flow.due_poll() is None  # a paid order is not asked about again
    run(pay_kiosk, pay_kiosk.home())
    assert payments.printed == [(order.order_no, "zh_CN")] and payments.calls.count("give_up") == 0


def test_a_payment_code_pays_at_once_and_other_codes_are_refused_plainly(
    pay_kiosk: Kiosk, payments: FakePayments
) -> None:
    flow = showing_qr(pay_kiosk)
    run(pay_kiosk, pay_kiosk.scanned(RECEIPT_QR))
    assert flow.step is S.PAY and flow.message == NOT_A_PAYMENT_CODE
    run(pay_kiosk, pay_kiosk.scanned(PAYS_AT_ONCE))
    assert flow.step is S.DONE and flow.receipt_printed
    assert len(payments.printed) == 1


def test_confirming_on_the_phone_holds_the_walk_away_timer(
    pay_kiosk: Kiosk, payments: FakePayments, clock: SteppedClock
) -> None:
    flow = showing_qr(pay_kiosk)
    run(pay_kiosk, pay_kiosk.scanned(ASKS_PHONE))
    assert flow.step is S.CONFIRM and flow.holds_time and CONFIRM_ON_PHONE.zh
    for _ in range(40):  # 80 s without a tap: no countdown, no reset
        poll(pay_kiosk, clock)
        assert pay_kiosk.tick() is None and not pay_kiosk.counting_down
    assert pay_kiosk.screen == PAYMENT_SCREEN and flow.step is S.CONFIRM
    assert flow.order is not None
    payments.phone_confirms(flow.order.order_no)
    poll(pay_kiosk, clock)
    assert flow.step is S.DONE and len(payments.printed) == 1


def test_a_declined_code_says_nothing_was_charged_and_can_be_tried_again(
    pay_kiosk: Kiosk, payments: FakePayments
) -> None:
    flow = showing_qr(pay_kiosk)
    run(pay_kiosk, pay_kiosk.scanned(DECLINED))
    assert flow.step is S.ENDED and flow.outcome == OUTCOME[OrderStatus.FAILED]
    assert flow.message is not None and flow.message.zh == "余额不足"
    assert "没有扣款" in flow.outcome.zh and not payments.printed
    flow.again()
    assert flow.step is S.AMOUNT
    run(pay_kiosk, pay_kiosk.track(flow.pay()))
    assert flow.step is S.PAY and len(payments.orders) == 2


def test_cancelling_closes_the_order_and_a_late_payment_is_said_to_be_refunded(
    pay_kiosk: Kiosk, payments: FakePayments, clock: SteppedClock
) -> None:
    flow = showing_qr(pay_kiosk)
    run(pay_kiosk, pay_kiosk.track(flow.cancel()))
    assert flow.step is S.ENDED and flow.outcome == OUTCOME[OrderStatus.CLOSED]
    assert flow.order is not None and flow.order.status is OrderStatus.CLOSED
    poll(pay_kiosk, clock)  # still watching: the gateway may report a payment after the close
    assert flow.outcome == OUTCOME[OrderStatus.CLOSED]
    payments.late_success(flow.order.order_no)
    poll(pay_kiosk, clock)
    assert flow.step is S.ENDED and flow.outcome == OUTCOME[OrderStatus.REFUNDED] and not payments.printed


def test_a_give_up_answered_paid_prints_the_receipt(pay_kiosk: Kiosk, payments: FakePayments) -> None:
    flow = showing_qr(pay_kiosk)
    payments.paid_when_given_up = True
    run(pay_kiosk, pay_kiosk.track(flow.cancel()))
    assert flow.step is S.DONE and flow.receipt_printed and len(payments.printed) == 1


def test_the_qr_expires_and_the_order_is_given_up(pay_kiosk: Kiosk, wall: FrozenClock) -> None:
    flow = showing_qr(pay_kiosk)
    assert not flow.expired and flow.expire() is None
    wall.advance(minutes=5)
    assert flow.expired and flow.seconds_left == 0
    run(pay_kiosk, pay_kiosk.track(flow.expire()))
    assert flow.step is S.ENDED and flow.outcome == EXPIRED


def test_walking_away_from_the_qr_gives_the_order_up(
    pay_kiosk: Kiosk, payments: FakePayments, clock: SteppedClock
) -> None:
    flow = showing_qr(pay_kiosk)
    order_no = flow.order.order_no if flow.order else ""
    clock.advance(pay_kiosk.idle.timeout_s + 1)
    run(pay_kiosk, pay_kiosk.tick())
    assert pay_kiosk.screen == HOME
    assert payments.orders[order_no].status is OrderStatus.CLOSED and not payments.printed


def test_leaving_an_order_paid_meanwhile_still_prints_its_receipt(pay_kiosk: Kiosk, payments: FakePayments) -> None:
    showing_qr(pay_kiosk)
    payments.paid_when_given_up = True
    run(pay_kiosk, pay_kiosk.home())
    assert pay_kiosk.screen == HOME and len(payments.printed) == 1


def test_the_hall_away_while_the_qr_shows_is_said_and_the_poll_goes_on(
    pay_kiosk: Kiosk, payments: FakePayments, clock: SteppedClock
) -> None:
    flow = showing_qr(pay_kiosk)
    payments.online = False
    poll(pay_kiosk, clock)
    assert flow.step is S.PAY and flow.message == HALL_AWAY_WHILE_PAYING
    payments.online = True
    poll(pay_kiosk, clock)
    assert flow.step is S.PAY and flow.message is None


def test_a_printer_fault_after_payment_says_why(pay_kiosk: Kiosk, payments: FakePayments) -> None:
    flow = showing_qr(pay_kiosk)
    payments.printer_ok = False
    run(pay_kiosk, pay_kiosk.scanned(PAYS_AT_ONCE))
    assert flow.step is S.DONE and not flow.receipt_printed
    assert flow.message is not None and "缺纸" in flow.message.zh
    assert flow.outcome == OUTCOME[OrderStatus.PAID]
