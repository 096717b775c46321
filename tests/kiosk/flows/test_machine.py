"""The kiosk as a whole: navigation, walk-away reset, elder mode, stale results, failures, the hidden door."""

from __future__ import annotations

import logging

import pytest

from devices.state import DeviceState
from devices.words import Words
from kiosk.flows.jobs import Job
from kiosk.flows.machine import Kiosk
from kiosk.flows.navigation import ERROR, HOME, TECHNICIAN, ScreenRegistry, Tile
from kiosk.flows.offers import Need, Offers
from kiosk.flows.screens import (
    BOOKING,
    CHECK_IN,
    DISCLOSURE,
    FILING,
    GUIDE,
    PAYMENT,
    PROGRESS,
    RATE,
    TAKE_NUMBER,
    default_registry,
)
from kiosk.flows.take_number import TakeNumberFlow, TakeStep
from tests.kiosk.flows.conftest import CARD, FakeDevices, FakeHall, run
from tests.support.clocks import SteppedClock


def test_home_shows_the_categories_with_their_hours(kiosk: Kiosk) -> None:
    assert kiosk.screen == HOME
    assert [c.prefix for c in kiosk.context.categories] == ["A", "B", "V"]
    assert kiosk.context.categories[0].hours_zh == "09:00-17:00"


def test_home_tiles_come_from_the_registry_in_order(kiosk: Kiosk) -> None:
    tiles = [name for name, _ in kiosk.registry.tiles()]
    assert tiles == [TAKE_NUMBER, CHECK_IN, BOOKING, FILING, PROGRESS, PAYMENT, GUIDE, DISCLOSURE, RATE]


def test_filing_tiles_show_only_on_a_kiosk_with_a_filing_port(kiosk: Kiosk, filing_kiosk: Kiosk) -> None:
    assert [name for name, _ in kiosk.tiles()] == [TAKE_NUMBER, CHECK_IN, GUIDE, DISCLOSURE, RATE]
    kiosk.set_offers(Offers())  # whatever the devices say, the kiosk has no filing port
    assert not kiosk.offers.can_file and FILING not in dict(kiosk.tiles())
    shown = [name for name, _ in filing_kiosk.tiles()]
    assert shown == [TAKE_NUMBER, CHECK_IN, FILING, PROGRESS, GUIDE, DISCLOSURE, RATE]
    filing_kiosk.set_offers(Offers(can_read_id=False, can_scan=False))
    tiles = dict(filing_kiosk.tiles())
    assert tiles[FILING].paused_because(filing_kiosk.offers) is not None  # shown, paused: no ID card reader
    assert tiles[PROGRESS].paused_because(filing_kiosk.offers) is not None


def test_a_new_screen_plugs_in_with_one_registration() -> None:
    registry = default_registry()
    registry.add("stamp", TakeNumberFlow, Tile(Words("盖章", "Stamp"), Words("", ""), order=25))
    names = [name for name, _ in registry.tiles()]
    assert names == [TAKE_NUMBER, CHECK_IN, BOOKING, FILING, "stamp", PROGRESS, PAYMENT, GUIDE, DISCLOSURE, RATE]
    with pytest.raises(ValueError, match="already registered"):
        registry.add("stamp", TakeNumberFlow)


def test_tiles_say_why_they_are_paused() -> None:
    registry = default_registry()
    tiles = dict(registry.tiles())
    offline = Offers(hall_online=False)
    assert tiles[TAKE_NUMBER].paused_because(offline) is not None
    assert tiles[GUIDE].paused_because(offline) is None  # the cached guide still works
    assert tiles[RATE].paused_because(offline) is None  # ratings wait in the outbox
    no_way_in = Offers(can_scan=False, can_read_id=False)
    assert tiles[CHECK_IN].paused_because(no_way_in) is not None
    assert tiles[CHECK_IN].paused_because(Offers(can_scan=False)) is None


def test_idle_timeout_counts_down_then_clears_the_card_read_and_goes_home(kiosk: Kiosk, clock: SteppedClock) -> None:
    run(kiosk, kiosk.go(TAKE_NUMBER))
    flow = kiosk.flow
    assert isinstance(flow, TakeNumberFlow)
    flow.choose("V")  # the green channel reads the card
    run(kiosk, kiosk.track(flow.agree()))
    assert flow.step is TakeStep.CONFIRM and kiosk.session.identity == CARD
    clock.advance(49)
    assert not kiosk.counting_down
    clock.advance(2)
    assert kiosk.counting_down and kiosk.idle.seconds_left == pytest.approx(9)
    kiosk.touch()  # any tap starts the minute again
    assert not kiosk.counting_down
    clock.advance(59)
    assert kiosk.tick() is None
    clock.advance(1)
    run(kiosk, kiosk.tick())
    assert kiosk.screen == HOME
    assert kiosk.session.identity is None and not kiosk.session.holds_data


def test_time_stands_still_while_a_number_is_being_taken(kiosk: Kiosk, clock: SteppedClock) -> None:
    run(kiosk, kiosk.go(TAKE_NUMBER))
    assert isinstance(kiosk.flow, TakeNumberFlow)
    job = kiosk.track(kiosk.flow.choose("A"))
    assert job is not None
    clock.advance(300)
    assert kiosk.tick() is None and kiosk.screen == TAKE_NUMBER
    run(kiosk, kiosk.deliver(job, job.work()))
    assert kiosk.flow.step is TakeStep.DONE
    clock.advance(61)
    run(kiosk, kiosk.tick())
    assert kiosk.screen == HOME


def test_nothing_counts_down_on_an_untouched_home_screen(kiosk: Kiosk, clock: SteppedClock) -> None:
    clock.advance(3600)
    assert not kiosk.counting_down
    assert kiosk.tick() is None


def test_walking_away_in_elder_mode_or_english_resets_them_for_the_next_citizen(
    kiosk: Kiosk, clock: SteppedClock
) -> None:
    kiosk.set_language("en")
    kiosk.set_elder_mode(True)
    clock.advance(100)
    assert kiosk.tick() is None  # elder mode is slower: 120 s
    clock.advance(21)
    run(kiosk, kiosk.tick())
    assert (kiosk.language, kiosk.elder_mode, kiosk.idle.timeout_s) == ("zh_CN", False, 60)


def test_a_result_for_a_closed_screen_is_dropped(kiosk: Kiosk, hall: FakeHall) -> None:
    job = kiosk.go(TAKE_NUMBER)
    assert job is not None
    result = job.work()
    kiosk.home()
    assert kiosk.deliver(job, result) is None
    assert kiosk.screen == HOME


def test_a_crashed_job_shows_the_polite_error_and_logs_the_traceback(
    kiosk: Kiosk, caplog: pytest.LogCaptureFixture, clock: SteppedClock
) -> None:
    run(kiosk, kiosk.go(TAKE_NUMBER))
    kiosk.session.category = "A"
    job: Job[None] = kiosk.track(Job("boom", lambda: None, lambda _: None))  # type: ignore[assignment]
    with caplog.at_level(logging.ERROR):
        try:
            raise RuntimeError("driver exploded")
        except RuntimeError as error:
            kiosk.fail(job, error)
    assert kiosk.screen == ERROR and kiosk.error is not None
    assert "Sorry" in kiosk.error.en
    assert not kiosk.session.holds_data
    assert "driver exploded" in caplog.text and "Traceback" in caplog.text
    clock.advance(16)
    run(kiosk, kiosk.tick())
    assert kiosk.screen == HOME


def test_five_quick_taps_on_the_corner_open_the_technician_door(kiosk: Kiosk, clock: SteppedClock) -> None:
    for _ in range(4):
        kiosk.corner_tap()
        clock.advance(1)
    assert kiosk.screen == HOME  # four taps in four seconds: the first has expired by the fifth
    kiosk.corner_tap()
    assert kiosk.screen == HOME
    for _ in range(4):
        clock.advance(0.3)
        kiosk.corner_tap()
    assert kiosk.screen == TECHNICIAN


def test_a_scan_on_a_screen_that_does_not_expect_one_is_ignored(kiosk: Kiosk, hall: FakeHall) -> None:
    assert kiosk.scanned("APPT-1") is None
    run(kiosk, kiosk.go(GUIDE))
    assert kiosk.scanned("APPT-1") is None
    assert hall.checked_in == []


def test_offers_follow_the_devices(kiosk: Kiosk, hall: FakeHall, devices: FakeDevices) -> None:
    devices.printer = DeviceState.FAULT
    hall.online = False
    offers = Offers.read(hall, devices)
    kiosk.set_offers(offers)
    assert not kiosk.offers.has(Need.PRINTER) and not kiosk.offers.has(Need.HALL)
    assert [n.kind for n in kiosk.offers.notices] == ["printer"]
    assert kiosk.offers.notices[0].text().zh.startswith("printer：缺纸")


def test_unknown_screens_are_named_in_the_error() -> None:
    with pytest.raises(KeyError, match="known"):
        ScreenRegistry().get("nowhere")


def test_tracking_a_job_twice_counts_it_once(kiosk: Kiosk, clock: SteppedClock) -> None:
    job = kiosk.go(TAKE_NUMBER)
    assert job is not None and kiosk.track(job) is job
    run(kiosk, kiosk.deliver(job, job.work()))
    clock.advance(61)
    run(kiosk, kiosk.tick())
    assert kiosk.screen == HOME, "time runs again once the job is done"
