"""The demo's take-a-number scenes: two taps for a number; the green channel's card (consent, the wait with its
picture and countdown, the card read, a card that never comes); a closed category's refusal."""

from __future__ import annotations

from dataclasses import replace

from kiosk.flows.check_in import CheckInFlow
from kiosk.flows.screens import CHECK_IN, TAKE_NUMBER
from kiosk.flows.take_number import TakeNumberFlow
from ui.demo_run import DemoRun, act, flow_of

SELF_SERVICE = "S"  # open around the clock, so the demo takes a real number at any hour


def take_a_number(run: DemoRun, key: str, card: int) -> None:
    """Two taps for a self-service number; the green channel with the ID card: consent, the wait with its picture
    and countdown, whose card, a card that never comes; a category that gives no number now, when there is one."""
    kiosk = run.ui.kiosk
    act(run, lambda: kiosk.go(TAKE_NUMBER))
    run.shot("take-number", key)
    flow = flow_of(run, TakeNumberFlow)
    closed = next((c.prefix for c in flow.categories if not c.open), None)
    if closed is not None:
        act(run, lambda: flow.choose(closed))
        run.shot("take-number-closed", key)
        act(run, flow.choose_again)
    green = next((c for c in flow.categories if c.needs_id and c.open), None)
    reader = kiosk.context.devices.simulators().get("id_reader")
    if green is not None and reader is not None:
        act(run, lambda: flow.choose(green.prefix))
        run.shot("id-card-consent", key)
        run.ui.ui.act(flow.agree)  # the wait for the card runs while the picture is taken
        run.settle(lambda: flow.step == "reading", 5)
        run.shot("id-card-reading", key, mid_job=True)
        reader.place(card)  # type: ignore[attr-defined]
        run.settle(lambda: flow.step != "reading", 10)
        run.shot("id-card-read", key)
        reader.remove()  # type: ignore[attr-defined]
        act(run, flow.choose_again)
        card_timeout(run, key, flow, green.prefix)
    else:  # the green channel is closed now: the same consent, from check-in by ID card
        consent_from_check_in(run, key)
        act(run, lambda: kiosk.go(TAKE_NUMBER))
        flow = flow_of(run, TakeNumberFlow)
    act(run, lambda: flow.choose(SELF_SERVICE))
    run.shot("ticket", key)


def consent_from_check_in(run: DemoRun, key: str) -> None:
    kiosk = run.ui.kiosk
    act(run, lambda: kiosk.go(CHECK_IN))
    check = flow_of(run, CheckInFlow)
    act(run, check.use_id_card)
    run.shot("id-card-consent", key)
    act(run, check.decline)


def card_timeout(run: DemoRun, key: str, flow: TakeNumberFlow, prefix: str) -> None:
    """No card within the wait (shortened to two seconds here): the page that says what to do."""
    kiosk = run.ui.kiosk
    settings = kiosk.settings
    kiosk.settings = kiosk.context.settings = replace(settings, card_timeout_s=2)
    try:
        act(run, lambda: flow.choose(prefix))
        act(run, flow.agree)
        run.settle(lambda: flow.step == "read_failed", 10)
        run.shot("id-card-timeout", key)
        act(run, flow.choose_again)
    finally:
        kiosk.settings = kiosk.context.settings = settings
