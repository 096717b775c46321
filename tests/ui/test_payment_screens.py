"""The payment screens on the real station's UI, over an in-process payment port: the tile, the receipt's QR code
to the amount, the QR code page with its countdown and payment-code hint, a code that is not a payment code, the
phone confirming, the outcome pages, and leaving an open order; one way back and one way home on each
(PAYMENT_SHOTS=DIR keeps the pictures)."""

from __future__ import annotations

import os
from pathlib import Path

from pytestqt.qtbot import QtBot

from kiosk.flows.navigation import HOME
from kiosk.flows.payment import PAYMENT_SCREEN, PaymentFlow
from kiosk.flows.payment_order import PaymentStep
from kiosk.station.payment_port import OrderStatus
from kiosk.station.services import StationServices
from tests.kiosk.flows.payment_fakes import ASKS_PHONE, CARD_FEE, LAND, FakePayments
from tests.ui.conftest import MovableClock, find_button, settle, tap, text_of, visible_texts
from tests.ui.payment_support import open_payment, payment_ui, scan
from tests.ui.test_chrome_navigation import check_no_repeats
from ui.app import KioskUi
from ui.widgets.tile import Tile

S = PaymentStep
RECEIPT_QR = "https://hall.example.gov.cn/f/AAECAwQFBgcICQoLDA0ODw.qwertyuiopasdfgh"
SHOTS = os.environ.get("PAYMENT_SHOTS", "")


def shot(kiosk_ui: KioskUi, name: str) -> None:
    """Each step shown: one way back and one way home at most, no button twice; its picture when asked."""
    check_no_repeats(kiosk_ui, name)
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        kiosk_ui.window.grab().save(str(Path(SHOTS) / f"{name}.png"))


def fake() -> FakePayments:
    payments = FakePayments()
    payments.owed_by[RECEIPT_QR] = [LAND]
    return payments


def test_the_tile_opens_the_screen_and_the_receipt_leads_to_the_amount_and_the_qr(
    qtbot: QtBot, services: StationServices, clock: MovableClock
) -> None:
    payments = fake()
    with payment_ui(qtbot, services, clock, payments) as kiosk_ui:
        shot(kiosk_ui, "home")
        if "自助缴费" not in [text_of(b).split("\n")[0] for b in kiosk_ui.window.findChildren(Tile) if b.isVisible()]:
            tap(qtbot, find_button(kiosk_ui.window, "更多服务"))  # in staffed hours the tile is one tap away
            settle(qtbot, kiosk_ui)
        tap(qtbot, find_button(kiosk_ui.window, "自助缴费"))
        settle(qtbot, kiosk_ui)
        flow = kiosk_ui.kiosk.flow
        assert isinstance(flow, PaymentFlow) and flow.step is S.CHOOSE
        shot(kiosk_ui, "choose")
        scan(qtbot, kiosk_ui, RECEIPT_QR, lambda: flow.step is S.AMOUNT)
        texts = visible_texts(kiosk_ui.window)
        assert {"合计 ¥90.00", "不动产登记费（住宅）", "¥80.00", "证书工本费", "¥10.00"} <= set(texts)
        shot(kiosk_ui, "amount")
        tap(qtbot, find_button(kiosk_ui.window, "确认支付 ¥90.00"))
        settle(qtbot, kiosk_ui, lambda: flow.step is S.PAY)
        screen = kiosk_ui.window.screens[PAYMENT_SCREEN]
        assert screen.pay.qr.data == (flow.order.pay_url if flow.order else None)  # type: ignore[attr-defined]
        texts = visible_texts(kiosk_ui.window)
        assert "¥90.00" in texts and "或出示付款码对准扫码口" in texts
        assert any(t.startswith("二维码 4:") and t.endswith("后失效") for t in texts)
        shot(kiosk_ui, "pay")
        scan(qtbot, kiosk_ui, "https://hall.example.gov.cn/q/A017", lambda: flow.message is not None)
        assert any(t.startswith("这不是付款码") for t in visible_texts(kiosk_ui.window))
        shot(kiosk_ui, "not-a-code")
        scan(qtbot, kiosk_ui, ASKS_PHONE, lambda: flow.step is S.CONFIRM)
        assert "请在手机上确认支付" in visible_texts(kiosk_ui.window)
        shot(kiosk_ui, "confirm")
        assert flow.order is not None
        payments.phone_confirms(flow.order.order_no)
        settle(qtbot, kiosk_ui, lambda: flow.step is S.DONE, timeout=15_000)  # the screen's own poll sees it
        assert "缴费成功" in visible_texts(kiosk_ui.window) and len(payments.printed) == 1
        shot(kiosk_ui, "done")
        tap(qtbot, find_button(kiosk_ui.window, "完成"))
        settle(qtbot, kiosk_ui)
        assert kiosk_ui.kiosk.screen == HOME and len(payments.printed) == 1


def test_an_items_fee_cancelled_says_nothing_was_charged_and_home_gives_an_order_up(
    qtbot: QtBot, services: StationServices, clock: MovableClock
) -> None:
    payments = fake()
    with payment_ui(qtbot, services, clock, payments) as kiosk_ui:
        kiosk_ui.kiosk.set_language("en")
        flow = open_payment(qtbot, kiosk_ui)
        tap(qtbot, find_button(kiosk_ui.window, "Pay another fee (e.g. a card fee)"))
        settle(qtbot, kiosk_ui, lambda: flow.step is S.ITEMS)
        shot(kiosk_ui, "items-en")
        flow.choose(0)
        kiosk_ui.kiosk.changed()
        assert flow.payable == CARD_FEE
        tap(qtbot, find_button(kiosk_ui.window, "Pay ¥20.00"))
        settle(qtbot, kiosk_ui, lambda: flow.step is S.PAY)
        shot(kiosk_ui, "pay-en")
        tap(qtbot, find_button(kiosk_ui.window, "Cancel payment"))
        settle(qtbot, kiosk_ui, lambda: flow.step is S.ENDED)
        assert any(
            t.startswith("The payment was cancelled and nothing was charged") for t in visible_texts(kiosk_ui.window)
        )
        shot(kiosk_ui, "cancelled-en")
        tap(qtbot, find_button(kiosk_ui.window, "Try again"))
        tap(qtbot, find_button(kiosk_ui.window, "Pay ¥20.00"))
        settle(qtbot, kiosk_ui, lambda: flow.step is S.PAY)
        order_no = flow.order.order_no if flow.order else ""
        kiosk_ui.ui.home()
        settle(qtbot, kiosk_ui)
        assert payments.orders[order_no].status is OrderStatus.CLOSED
