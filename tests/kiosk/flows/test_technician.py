"""The technician's door: wrong PINs count down, five lock it, the right one shows the station."""

from __future__ import annotations

from zoneinfo import ZoneInfo

import pytest

from kiosk.flows.machine import Kiosk
from kiosk.flows.navigation import TECHNICIAN
from kiosk.flows.technician import ASK_QUIT, QUIT_CONFIRM_S, TechnicianFlow, TechStep, in_zone
from tests.kiosk.flows.conftest import FakeDevices, FakeTechnician, run
from tests.support.clocks import SteppedClock


def open_door(kiosk: Kiosk) -> TechnicianFlow:
    run(kiosk, kiosk.go(TECHNICIAN))
    assert isinstance(kiosk.flow, TechnicianFlow)
    return kiosk.flow


def enter(kiosk: Kiosk, flow: TechnicianFlow, pin: str) -> None:
    for digit in pin:
        flow.digit(digit)
    run(kiosk, kiosk.track(flow.submit_pin()))


def test_the_right_pin_opens_the_station_page(kiosk: Kiosk) -> None:
    flow = open_door(kiosk)
    enter(kiosk, flow, "2468")
    assert flow.step is TechStep.OPEN and flow.status is not None
    assert [d.kind for d in flow.status.devices] == ["printer", "id_reader", "scanner"]
    assert flow.status.outbox_pending == 2 and flow.status.log_tail == ("line one", "line two")
    assert kiosk.session.pin == ""


def test_five_wrong_pins_lock_the_door(kiosk: Kiosk) -> None:
    flow = open_door(kiosk)
    enter(kiosk, flow, "1111")
    assert flow.message is not None and flow.message.en == "Wrong PIN: 4 attempts left"
    for _ in range(4):
        enter(kiosk, flow, "1111")
    assert flow.locked_until is not None and flow.message is not None and "locked until" in flow.message.en
    enter(kiosk, flow, "2468")
    assert flow.step is TechStep.PIN, "even the right PIN waits out the lock"


def test_simulator_controls_and_the_last_scan(kiosk: Kiosk, devices: FakeDevices) -> None:
    flow = open_door(kiosk)
    kiosk.scanned("ignored before the PIN")
    assert flow.last_scan == ""
    enter(kiosk, flow, "2468")
    assert flow.status is not None
    labels = [c.label.en for c in flow.status.controls]
    assert labels == ["Paper out", "Paper low", "Open cover", "Refill, close"]
    run(kiosk, kiosk.track(flow.simulate(0)))
    assert devices.printer_sim.condition.paper_out
    run(kiosk, kiosk.track(flow.simulate(3)))
    assert not devices.printer_sim.condition.paper_out and not devices.printer_sim.condition.cover_open
    run(kiosk, kiosk.track(flow.restart("printer")))
    assert devices.restarted == ["printer"]
    kiosk.scanned("KIOSK-TEST-0001")
    assert flow.last_scan == "KIOSK-TEST-0001"


def test_the_pin_keypad_takes_digits_only(kiosk: Kiosk) -> None:
    flow = open_door(kiosk)
    for key in ["1", "x", "23", "4", "5", "6", "7", "8", "9", "0"]:
        flow.digit(key)
    assert kiosk.session.pin == "14567890"
    flow.erase()
    assert flow.pin_length == 7


def test_each_device_test_on_the_page_is_recorded(kiosk: Kiosk, devices: FakeDevices) -> None:
    flow = open_door(kiosk)
    enter(kiosk, flow, "2468")
    run(kiosk, kiosk.track(flow.test_print()))
    run(kiosk, kiosk.track(flow.simulate(0)))
    run(kiosk, kiosk.track(flow.restart("printer")))
    run(kiosk, kiosk.scanned("KIOSK-TEST-0001"))
    with pytest.raises(KeyError):  # no such device: the UI shows its error screen, the log says "failed"
        run(kiosk, kiosk.track(flow.restart("fax")))
    technician = kiosk.context.technician
    assert isinstance(technician, FakeTechnician)
    assert technician.recorded == [
        ("device.test_print", "printer", "ok"),
        ("device.simulate", "printer:Paper out", "ok"),
        ("device.restart", "printer", "ok"),
        ("device.test_scan", "scanner", "ok"),
        ("device.restart", "fax", "failed"),
    ]


def test_quitting_takes_a_second_tap_within_a_few_seconds(kiosk: Kiosk, clock: SteppedClock) -> None:
    flow = open_door(kiosk)
    assert not flow.tap_quit(), "no quitting before the PIN"
    enter(kiosk, flow, "2468")
    assert not flow.tap_quit() and flow.quit_asked and flow.message is ASK_QUIT
    clock.now += QUIT_CONFIRM_S + 1
    assert not flow.quit_asked, "a late second tap asks again"
    assert not flow.tap_quit()
    clock.now += 1
    assert flow.tap_quit()


def test_log_lines_show_the_halls_time_of_day() -> None:
    shanghai = ZoneInfo("Asia/Shanghai")
    line = "2026-12-05T00:12:03.120+00:00 WARNING kiosk.hallclient.link: hall unreachable"
    assert in_zone(line, shanghai) == "12-05 08:12:03 WARNING kiosk.hallclient.link: hall unreachable"
    assert in_zone("line one", shanghai) == "line one"
    assert in_zone("2026-12-05T00:12:03 no zone", shanghai) == "2026-12-05T00:12:03 no zone"
