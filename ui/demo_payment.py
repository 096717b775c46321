"""The demo's payment scenes, on the embedded hall's orders and its gateway simulator: an item's fee chosen, its
amount, the QR code paid by the phone and the voucher printed; a payment code that waits for the phone; one that
is declined; a code that is not a payment code; a payment cancelled. Every picture has ``payment`` in its name."""

from __future__ import annotations

from collections.abc import Callable

from kiosk.flows.payment import PAYMENT_SCREEN, PaymentFlow
from kiosk.flows.payment_order import PaymentStep
from ui.demo_filing import keep_printout
from ui.demo_payment_sim import gateway_simulator, phone_confirms, phone_pays
from ui.demo_run import DemoRun, act, flow_of

S = PaymentStep
# Payment codes as the simulator reads them (WeChat's 18 digits; the last six choose what happens).
WAITS_FOR_PHONE = "13456789{n:04d}111111"
DECLINED = "13456789{n:04d}222222"


def walk_payment(run: DemoRun, key: str, n: int = 0) -> None:
    """The payment screens in the variant on screen now; ``n`` makes this walk's payment codes its own (the
    scanner drops a code read twice in a row)."""
    kiosk = run.ui.kiosk
    simulator = gateway_simulator(run.services)
    if simulator is None:
        return
    act(run, kiosk.home)
    act(run, lambda: kiosk.go(PAYMENT_SCREEN))
    flow = flow_of(run, PaymentFlow)
    run.shot("payment-choose", key)
    act(run, flow.show_items)
    run.settle(lambda: flow.step is not S.LOOKING, 15)
    if flow.step is not S.ITEMS:
        run.shot("payment-no-items", key)
        return
    run.shot("payment-items", key)
    act(run, lambda: flow.choose(0))
    run.shot("payment-amount", key)
    if not _pay(run, flow):
        return
    run.shot("payment-qr", key)
    scanned(run, flow, "https://hall.example.gov.cn/q/A017", lambda: flow.message is not None)
    run.shot("payment-not-a-payment-code", key)
    order = flow.order
    if order is not None:
        phone_pays(order.pay_url)
        run.settle(lambda: flow.step is S.DONE, 20)
        run.shot("payment-paid", key)
        keep_printout(run, key, "payment-receipt-printout")
    act(run, kiosk.back)  # to choose again: the same fee paid by a payment code that waits for the phone
    act(run, flow.show_items)
    run.settle(lambda: flow.step is S.ITEMS, 15)
    act(run, lambda: flow.choose(0))
    if _pay(run, flow):
        scanned(run, flow, WAITS_FOR_PHONE.format(n=n), lambda: flow.step is S.CONFIRM)
        run.shot("payment-confirm-on-phone", key)
        phone_confirms(simulator)
        run.settle(lambda: flow.step is S.DONE, 20)
    act(run, kiosk.back)
    declined_and_cancelled(run, flow, key, n)
    act(run, kiosk.home)


def declined_and_cancelled(run: DemoRun, flow: PaymentFlow, key: str, n: int) -> None:
    act(run, flow.show_items)
    run.settle(lambda: flow.step is S.ITEMS, 15)
    act(run, lambda: flow.choose(0))
    if not _pay(run, flow):
        return
    scanned(run, flow, DECLINED.format(n=n), lambda: flow.step is S.ENDED)
    run.shot("payment-failed", key)
    act(run, flow.again)
    if not _pay(run, flow):
        return
    act(run, flow.cancel)
    run.settle(lambda: flow.step is S.ENDED, 15)
    run.shot("payment-cancelled", key)


def _pay(run: DemoRun, flow: PaymentFlow) -> bool:
    act(run, flow.pay)
    run.settle(lambda: flow.step is not S.OPENING, 15)
    return flow.step is S.PAY


def scanned(run: DemoRun, flow: PaymentFlow, code: str, until: Callable[[], bool]) -> None:
    """The simulated scanner reads ``code`` while ``flow`` shows; ``until`` says the screen took it."""
    scanner = run.ui.kiosk.context.devices.simulators().get("scanner")
    if scanner is None:
        return
    scanner.send_code(code)  # type: ignore[attr-defined]
    run.settle(until, 15)
