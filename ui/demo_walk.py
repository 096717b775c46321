"""The demo's scenes: each drives the real flows as taps would (``ui.act``) and photographs the result."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Any

import httpx

from devices.words import Language
from hall.tokens import Role, create_token
from kiosk.flows.guide import BrowseBy, GuideFlow
from kiosk.flows.home import HomeFlow
from kiosk.flows.jobs import Job
from kiosk.flows.navigation import HOME, TECHNICIAN
from kiosk.flows.rate import RateFlow, RateStep
from kiosk.flows.screens import CHECK_IN, GUIDE, RATE, TAKE_NUMBER
from kiosk.flows.take_number import TakeNumberFlow, TakeStep
from kiosk.flows.technician import TechnicianFlow
from ui.demo_clock import OPEN_MOMENT, OUT_OF_HOURS_MOMENT, DemoWallClock
from ui.demo_run import DemoRun, Variant, act, flow_of
from ui.demo_ticket import take_a_number

log = logging.getLogger(__name__)
DEMO_PIN = "246810"  # the shipped config's demo PIN (docs/station.md)
SELF_SERVICE = "S"  # open around the clock, so the demo takes a real number at any hour
VARIANT_CARDS = {"zh": 0, "en": 1, "zh-elder": 2}  # one ticket per ID and category: a card per variant
DEMO_WINDOW = 9  # the demo hall's self-service guide window, serving S (ui/demo.py)


def walk_variant(run: DemoRun, variant: Variant) -> None:
    kiosk, key = run.ui.kiosk, variant.key
    act(run, kiosk.home)
    act(run, lambda: kiosk.set_language(variant.language))
    act(run, lambda: kiosk.set_elder_mode(variant.elder))
    run.shot("home", key)
    # The most used services on home (four, three in elder mode); the rest behind 更多服务.
    act(run, lambda: flow_of(run, HomeFlow).show_more())
    run.shot("home-more-services", key)
    act(run, kiosk.back)
    take_a_number(run, key, card=VARIANT_CARDS.get(key, 0))
    rate(run, key)
    check_in(run, key)
    guide(run, key)
    paper_out(run, key)
    countdown(run, key)
    help_overlay(run, key)
    if not variant.elder:
        technician(run, key)
        worker_crash(run, key)


def staff_call(run: DemoRun, path: str, body: dict[str, Any] | None = None) -> httpx.Response:
    """What a window's staff (or a booking system) does, on the embedded hall's real API with a staff token."""
    embedded = run.services.embedded
    if embedded is None or embedded.hall is None:
        raise RuntimeError("the demo needs the embedded hall")
    if not run.staff_token:
        with run.backstage():
            run.staff_token = create_token(embedded.hall.sessions, "demo-staff", Role.STAFF)
    headers = {"Authorization": f"Bearer {run.staff_token}"}
    with run.backstage():
        return httpx.post(f"{embedded.url}{path}", json=body, headers=headers, timeout=5)


def serve_at_the_window(run: DemoRun, ticket_id: str) -> None:
    """The self-service guide window calls numbers until it reaches this one (earlier demo tickets wait too)."""
    for _ in range(10):
        answer = staff_call(run, f"/api/v1/windows/{DEMO_WINDOW}/call-next")
        if answer.status_code != 200 or answer.json()["ticket"]["id"] == ticket_id:
            return


def rate(run: DemoRun, key: str) -> None:
    kiosk = run.ui.kiosk
    ticket = kiosk.session.ticket
    act(run, kiosk.home)
    if ticket is not None:
        serve_at_the_window(run, ticket.id)
    act(run, lambda: kiosk.go(RATE))
    run.shot("rate-scan-ticket", key)
    scanner = kiosk.context.devices.simulators().get("scanner")
    if scanner is None or ticket is None:
        return
    flow = flow_of(run, RateFlow)
    scanner.send_code(ticket.qr_url)  # type: ignore[attr-defined]
    run.settle(lambda: flow.step is not RateStep.SCAN, 10)
    run.shot("rate", key)
    act(run, lambda: flow.choose(2))
    if flow.reasons:
        act(run, lambda: flow.toggle_reason(flow.reasons[0].zh))
    run.shot("rate-reasons", key)
    act(run, flow.submit)
    run.shot("rate-thanks", key)
    act(run, kiosk.home)


def book_appointment(run: DemoRun, code: str) -> None:
    """Book an appointment for now, as the hall's booking system would (a staff token, the real API)."""
    now = run.ui.kiosk.now()
    start, end = max(now - timedelta(minutes=5), now.replace(hour=0, minute=0)), now + timedelta(minutes=25)
    if end.date() != now.date():
        end = now.replace(hour=23, minute=59)
    body = {
        "code": code, "date": now.date().isoformat(), "slot_start": start.strftime("%H:%M"),
        "slot_end": end.strftime("%H:%M"), "category": "A", "id_number": "990303195801150015",
    }  # fmt: skip
    answer = staff_call(run, "/api/v1/appointments", body)
    if answer.status_code != 201:
        log.warning("demo appointment not booked: %s %s", answer.status_code, answer.text)


def check_in(run: DemoRun, key: str) -> None:
    kiosk = run.ui.kiosk
    act(run, lambda: kiosk.go(CHECK_IN))
    run.shot("check-in", key)
    code = f"DEMO{key.upper().replace('-', '')}{datetime.now().strftime('%H%M%S')}"
    book_appointment(run, code)
    scanner = kiosk.context.devices.simulators().get("scanner")
    if scanner is not None:
        scanner.send_code(code)  # type: ignore[attr-defined]
        run.settle(lambda: getattr(kiosk.flow, "step", "") == "done" or kiosk.flow is None or bool(kiosk.flow.message))
    run.shot("check-in-scanned", key)
    act(run, kiosk.home)


def guide(run: DemoRun, key: str) -> None:
    kiosk = run.ui.kiosk
    act(run, lambda: kiosk.go(GUIDE))
    run.shot("guide-departments", key)
    flow = flow_of(run, GuideFlow)
    act(run, lambda: flow.browse(BrowseBy.LIFE_EVENT))
    run.shot("guide-life-events", key)
    act(run, lambda: flow.browse(BrowseBy.SEARCH))
    for letter in "SFZ":
        act(run, lambda letter=letter: flow.type_letter(letter))
    run.shot("guide-search", key)
    act(run, lambda: flow.browse(BrowseBy.DEPARTMENT))
    groups = flow.groups()
    act(run, lambda: flow.open_group(groups[0]))
    run.shot("guide-list", key)
    first = flow.page_items()[0].code
    act(run, lambda: flow.open_item(first))
    run.shot("guide-detail", key)
    act(run, flow.print_item)
    run.shot("guide-printed", key)
    act(run, kiosk.home)


def paper_out(run: DemoRun, key: str) -> None:
    kiosk = run.ui.kiosk
    printer = kiosk.context.devices.simulators().get("printer")
    if printer is None:
        return
    printer.set_condition(paper_out=True)  # type: ignore[attr-defined]
    act(run, lambda: kiosk.go(TAKE_NUMBER))
    flow = flow_of(run, TakeNumberFlow)
    act(run, lambda: flow.choose(SELF_SERVICE))
    run.settle(lambda: not kiosk.offers.can_print, 10)
    run.shot("ticket-paper-out", key)
    act(run, lambda: kiosk.go(GUIDE))
    guide_flow = flow_of(run, GuideFlow)
    act(run, lambda: guide_flow.open_item(guide_flow.guide.items[0].code if guide_flow.guide else ""))
    run.shot("guide-detail-no-printer", key)
    printer.refill()  # type: ignore[attr-defined]
    act(run, kiosk.home)
    run.settle(lambda: kiosk.offers.can_print, 15)


def countdown(run: DemoRun, key: str) -> None:
    kiosk = run.ui.kiosk
    act(run, lambda: kiosk.go(GUIDE))
    run.clock.offset += kiosk.idle.timeout_s - kiosk.idle.countdown_s + 2
    run.settle(run.ui.window.countdown.frame.isVisible, 5)
    run.shot("walk-away-countdown", key)
    run.clock.offset += kiosk.idle.countdown_s
    run.settle(lambda: kiosk.screen == HOME, 5)
    language: Language = "zh_CN" if key.startswith("zh") else "en"
    elder = key.endswith("elder")
    act(run, lambda: kiosk.set_language(language))  # the reset went back to the defaults
    act(run, lambda: kiosk.set_elder_mode(elder))


def help_overlay(run: DemoRun, key: str) -> None:
    """The footer's help control over the take-a-number screen."""
    kiosk = run.ui.kiosk
    act(run, lambda: kiosk.go(TAKE_NUMBER))
    act(run, kiosk.show_help)
    run.shot("help", key)
    act(run, kiosk.close_help)
    act(run, kiosk.home)


def technician(run: DemoRun, key: str) -> None:
    kiosk = run.ui.kiosk
    for _ in range(5):
        act(run, kiosk.corner_tap)
    if kiosk.screen != TECHNICIAN:
        return
    flow = flow_of(run, TechnicianFlow)
    for digit in DEMO_PIN[:3]:
        act(run, lambda digit=digit: flow.digit(digit))
    run.shot("technician-pin", key)
    for digit in DEMO_PIN[3:]:
        act(run, lambda digit=digit: flow.digit(digit))
    act(run, flow.submit_pin)
    run.settle(lambda: flow.status is not None, 10)
    run.shot("technician", key)
    act(run, kiosk.home)


def crash() -> None:
    raise RuntimeError("demo: a worker crashed on purpose")


def worker_crash(run: DemoRun, key: str) -> None:
    kiosk = run.ui.kiosk
    act(run, lambda: kiosk.go(GUIDE))
    act(run, lambda: kiosk.track(Job("demo-crash", crash, lambda _result: None)))
    run.shot("error", key)
    act(run, kiosk.home)


def walk_out_of_hours(run: DemoRun) -> None:
    """Saturday 07:47: home leads with what works now and says when the staffed windows open."""
    kiosk, wall = run.ui.kiosk, run.wall
    if not isinstance(wall, DemoWallClock):
        return
    wall.set(OUT_OF_HOURS_MOMENT)
    for key, language, elder in (("zh", "zh_CN", False), ("en", "en", False), ("zh-elder", "zh_CN", True)):
        act(run, kiosk.home)
        act(run, lambda language=language: kiosk.set_language(language))
        act(run, lambda elder=elder: kiosk.set_elder_mode(elder))
        run.settle(lambda: kiosk.flow is not None and not kiosk.flow.busy)
        run.shot("home-out-of-hours", key)
    act(run, lambda: kiosk.set_elder_mode(False))
    act(run, lambda: kiosk.set_language("zh_CN"))
    wall.set(OPEN_MOMENT)
    act(run, kiosk.home)


def walk_landscape(run: DemoRun) -> None:
    kiosk = run.ui.kiosk
    run.shot("home-landscape", "zh")
    act(run, lambda: kiosk.go(TAKE_NUMBER))
    run.shot("take-number-landscape", "zh")
    flow = flow_of(run, TakeNumberFlow)
    act(run, lambda: flow.choose(SELF_SERVICE))
    run.settle(lambda: flow.step is TakeStep.DONE, 10)
    run.shot("ticket-landscape", "zh")
    act(run, lambda: kiosk.set_language("en"))
    act(run, kiosk.home)
    run.shot("home-landscape", "en")


def walk_offline(run: DemoRun) -> None:
    """The hall goes away: the banner, paused tiles, and the guide from the kiosk's own copy."""
    embedded, kiosk = run.services.embedded, run.ui.kiosk
    if embedded is None:
        return
    with run.backstage():
        embedded.stop()
    run.settle(lambda: not kiosk.offers.hall_online, 15)
    run.shot("home-hall-unreachable", "zh")
    act(run, lambda: kiosk.go(GUIDE))
    run.shot("guide-offline-copy", "zh")
    act(run, lambda: kiosk.set_language("en"))
    run.shot("guide-offline-copy", "en")
    act(run, kiosk.home)
    run.shot("home-hall-unreachable", "en")
    act(run, lambda: kiosk.set_language("zh_CN"))
    act(run, lambda: kiosk.set_elder_mode(True))
    run.shot("home-hall-unreachable", "zh-elder")
