"""The production window-display driver against virtual displays over a pty and over TCP."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest

from devices.state import DeviceState, Reason, StatusChanged
from devices.url import DeviceUrlError
from drivers.sim.displays import DisplayFault, VirtualDisplayBus
from drivers.ticketer.display_protocol import ShowContent, ShowFlags
from drivers.ticketer.displays import SerialWindowDisplays

WINDOWS = {1: 11, 2: 12, 3: 13}  # window -> bus address


@pytest.fixture
def displays() -> Iterator[SerialWindowDisplays]:
    driver = SerialWindowDisplays("sim://", WINDOWS, answer_timeout=0.1, health_interval=0)
    driver.open()
    yield driver
    driver.close()


def sim_of(driver: SerialWindowDisplays) -> VirtualDisplayBus:
    assert driver.simulator is not None
    return driver.simulator


def test_show_and_clear_reach_the_displays(displays: SerialWindowDisplays) -> None:
    sim = sim_of(displays)
    displays.show(3, "A017", "请A017号到3号窗口办理")
    displays.show(1, "B002", "请B002号到1号窗口办理", blink=False, recall=True)
    assert sim.shown(3) == ShowContent("A017", "请A017号到3号窗口办理", ShowFlags.BLINK)
    assert sim.shown(1) == ShowContent("B002", "请B002号到1号窗口办理", ShowFlags.RECALL)
    assert sim.shown(2) is None
    displays.clear(3)
    assert sim.shown(3) is None
    assert sim.display(3).address == 13
    assert {w: s.state for w, s in displays.statuses().items()} == {
        1: DeviceState.READY,
        2: DeviceState.OFFLINE,  # never spoken to yet
        3: DeviceState.READY,
    }


def test_a_silent_display_is_reported_and_the_others_work(displays: SerialWindowDisplays) -> None:
    sim = sim_of(displays)
    changes: list[StatusChanged] = []
    displays.subscribe(changes.append)
    sim.inject(2, DisplayFault.SILENT)
    displays.show(2, "A001")
    displays.show(1, "A002")
    displays.show(3, "A003")
    status = displays.statuses()
    assert status[2].state is DeviceState.OFFLINE and Reason.NO_ANSWER in status[2].reasons
    assert "无应答" in status[2].describe() or "设备无响应" in status[2].describe()
    assert status[1].state is status[3].state is DeviceState.READY
    assert (sim.shown(1), sim.shown(3)) == (
        ShowContent("A002", "", ShowFlags.BLINK),
        ShowContent("A003", "", ShowFlags.BLINK),
    )
    assert sim.display(2).frames == 3  # the first try and two retries
    assert any(c.device == "window_display_2" and c.new.state is DeviceState.OFFLINE for c in changes)


def test_a_display_that_comes_back_is_given_its_number_again(displays: SerialWindowDisplays) -> None:
    sim = sim_of(displays)
    sim.inject(2, DisplayFault.SILENT)
    displays.show(2, "A001", "请A001号到2号窗口办理")
    assert sim.shown(2) is None
    sim.clear_faults(2)
    displays.check()
    assert displays.statuses()[2].state is DeviceState.READY
    assert sim.shown(2) == ShowContent("A001", "请A001号到2号窗口办理")  # restored, without blinking again


def test_a_display_that_lost_power_is_given_its_number_again(displays: SerialWindowDisplays) -> None:
    sim = sim_of(displays)
    displays.show(1, "A005")
    sim.power_cycle(1)
    assert sim.shown(1) is None
    displays.check()
    assert sim.shown(1) == ShowContent("A005")


def test_a_nak_is_retried(displays: SerialWindowDisplays) -> None:
    sim = sim_of(displays)
    sim.inject(1, DisplayFault.NAK, times=2)
    displays.show(1, "A017")
    assert sim.shown(1) == ShowContent("A017", "", ShowFlags.BLINK)
    assert displays.statuses()[1].state is DeviceState.READY
    assert displays.errors[1]["nak"] == 2


def test_garbled_answers_are_retried_then_reported(displays: SerialWindowDisplays) -> None:
    sim = sim_of(displays)
    sim.inject(3, DisplayFault.GARBLED, times=1)
    displays.show(3, "A017")
    assert displays.statuses()[3].state is DeviceState.READY
    assert displays.errors[3]["crc"] == 1
    sim.inject(3, DisplayFault.GARBLED)
    displays.clear(3)
    assert Reason.PROTOCOL_ERROR in displays.statuses()[3].reasons


def test_an_led_fault_degrades_the_display(displays: SerialWindowDisplays) -> None:
    sim = sim_of(displays)
    sim.inject(1, DisplayFault.LED)
    displays.check()
    assert displays.statuses()[1].state is DeviceState.DEGRADED
    assert "LED" in displays.statuses()[1].detail


def test_brightness(displays: SerialWindowDisplays) -> None:
    displays.brightness(2, 30)
    assert sim_of(displays).display(2).brightness == 30


def test_a_window_without_a_display_is_ignored(displays: SerialWindowDisplays) -> None:
    displays.show(9, "A017")  # nothing configured above window 9: no error, nothing on the bus
    assert 9 not in displays.statuses()


def test_over_tcp_as_through_an_ethernet_gateway() -> None:
    sim = VirtualDisplayBus({5: 1})
    port = sim.start_tcp()
    driver = SerialWindowDisplays(f"socket://127.0.0.1:{port}", {5: 1}, answer_timeout=0.2, health_interval=0)
    driver.open()
    try:
        driver.show(5, "Y003", "请Y003号到5号窗口办理")
        assert sim.shown(5) == ShowContent("Y003", "请Y003号到5号窗口办理", ShowFlags.BLINK)
        assert driver.statuses()[5].state is DeviceState.READY
    finally:
        driver.close()
        sim.stop()


def test_a_missing_port_is_reported_disconnected() -> None:
    driver = SerialWindowDisplays("serial:///dev/nonexistent-rs485", {1: 1}, health_interval=0)
    driver.open()
    driver.show(1, "A001")
    assert Reason.DISCONNECTED in driver.statuses()[1].reasons
    driver.close()


def test_the_health_round_finds_a_silent_display_on_its_own() -> None:
    driver = SerialWindowDisplays("sim://", {1: 1}, answer_timeout=0.1, health_interval=0.05)
    silent = threading.Event()
    driver.subscribe(lambda change: silent.set() if Reason.NO_ANSWER in change.new.reasons else None)
    driver.open()
    try:
        sim_of(driver).inject(1, DisplayFault.SILENT)
        assert silent.wait(10)  # nobody called show: the driver's own STATUS rounds noticed
    finally:
        driver.close()


@pytest.mark.parametrize(
    ("url", "windows"),
    [("usb://0x0416:0x5011", {1: 1}), ("sim://", {}), ("sim://", {1: 1, 2: 1}), ("sim://", {1: 248})],
)
def test_bad_configuration_is_refused(url: str, windows: dict[int, int]) -> None:
    with pytest.raises(DeviceUrlError):
        SerialWindowDisplays(url, windows, health_interval=0)


def test_one_broadcast_clears_every_display(displays: SerialWindowDisplays) -> None:
    sim = sim_of(displays)
    for window in WINDOWS:
        displays.show(window, f"A00{window}")
    displays.clear_all()
    displays.check()  # an exchange after the broadcast: the bus has handled it by then
    assert [sim.shown(window) for window in WINDOWS] == [None, None, None]
