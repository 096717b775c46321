"""Given simulated pads on one bus, when keys are pressed and the master polls, then each press arrives once."""

from __future__ import annotations

import random
import threading

from devices.pads import EventGap, KeyEvent, PadKey, PadMode, PadStatus, PadView
from devices.state import DeviceState, Reason
from drivers.pads.master import PadBus
from drivers.sim.pads import SimPads
from tests.drivers.pads.conftest import BusFactory, keys_of


def test_a_press_arrives_once(pad_bus: BusFactory) -> None:
    bus, sim = pad_bus(3)
    assert bus.poll() == []  # first contact: the baseline
    sim.press(2, PadKey.CALL_NEXT)
    assert bus.poll() == [KeyEvent(2, 1, PadKey.CALL_NEXT)]
    assert bus.poll() == []


def test_presses_made_before_first_contact_are_not_replayed(pad_bus: BusFactory) -> None:
    bus, sim = pad_bus(2)
    sim.press(1, PadKey.CALL_NEXT)
    sim.press(1, PadKey.VERY_SATISFIED)
    assert bus.poll() == []
    sim.press(1, PadKey.RECALL)
    assert bus.poll() == [KeyEvent(1, 3, PadKey.RECALL)]


def test_a_burst_of_eight_between_polls_all_arrive_once_in_order(pad_bus: BusFactory) -> None:
    bus, sim = pad_bus(4)
    bus.poll()
    burst = [16, 17, 18, 19, 20, 1, 2, 3]
    for key in burst:
        sim.press(3, key)
    sim.press(1, 5)
    assert keys_of(bus.poll()) == [(1, 1, 5)] + [(3, seq, key) for seq, key in enumerate(burst, start=1)]
    assert bus.poll() == []


def test_a_burst_of_nine_reports_the_lost_press(pad_bus: BusFactory) -> None:
    bus, sim = pad_bus(2)
    bus.poll()
    for key in range(1, 10):
        sim.press(2, key)
    events = bus.poll()
    assert events[0] == EventGap(2, last_seq=0, seq=9, lost=1)
    assert events[1:] == [KeyEvent(2, seq, seq) for seq in range(2, 10)]
    assert bus.statuses()[2].counters.gaps == 1


def test_crc_noise_doubles_nothing_and_drops_nothing(pad_bus: BusFactory) -> None:
    bus, sim = pad_bus(4, timeout_s=0.03)  # noise makes many timeouts; a spurious one is just one more retry
    bus.poll()
    sim.noise(0.2)
    rng = random.Random(3)
    pressed: list[tuple[int, int, int]] = []
    seen: list[tuple[int, int, int]] = []
    for _ in range(40):
        for _ in range(rng.randint(1, 3)):
            address, key = rng.choice(sim.addresses), rng.choice(list(PadKey))
            pressed.append((address, sim.press(address, key), key))
        for _ in range(50):  # noise may spoil a few cycles in a row; 3 presses never fill a ring of 8
            seen += keys_of(bus.poll())
            if len(seen) >= len(pressed):
                break
    assert sorted(seen, key=lambda e: (e[0], e[1])) == sorted(pressed, key=lambda e: (e[0], e[1]))
    for address in sim.addresses:
        assert [e for e in seen if e[0] == address] == [e for e in pressed if e[0] == address]
    counters = [status.counters for status in bus.statuses().values()]
    assert sim.stats.corrupted > 0
    assert sum(c.crc_errors for c in counters) > 0 and sum(c.timeouts for c in counters) > 0
    assert sum(c.retries for c in counters) > 0


def test_a_silent_pad_is_no_answer_while_the_others_work_and_comes_back(pad_bus: BusFactory) -> None:
    bus, sim = pad_bus(3)
    changes: list[PadStatus] = []
    bus.status_listeners.add(changes.append)
    bus.poll()
    assert {a: s.state for a, s in bus.statuses().items()} == {
        1: DeviceState.READY,
        2: DeviceState.READY,
        3: DeviceState.READY,
    }
    seen_before = bus.statuses()[2].last_seen
    sim.silence(2)
    sim.press(1, PadKey.CALL_NEXT)
    sim.press(2, PadKey.CALL_NEXT)  # pressed while nobody can hear the pad
    assert bus.poll() == [KeyEvent(1, 1, PadKey.CALL_NEXT)]
    status = bus.statuses()[2]
    assert status.status.reasons == frozenset({Reason.NO_ANSWER}) and not status.answering
    assert status.last_seen == seen_before and status.counters.timeouts == 3
    sim.press(3, PadKey.RECALL)
    assert bus.poll() == [KeyEvent(3, 1, PadKey.RECALL)]
    assert bus.statuses()[2].counters.timeouts == 4  # a pad known silent gets one try a cycle
    sim.silence(2, on=False)
    assert bus.poll() == [KeyEvent(2, 1, PadKey.CALL_NEXT)]  # the press made meanwhile is not lost
    assert bus.statuses()[2].state is DeviceState.READY
    assert [(c.address, c.state) for c in changes[3:]] == [(2, DeviceState.OFFLINE), (2, DeviceState.READY)]


def test_answers_from_the_wrong_address_are_counted_and_not_taken(pad_bus: BusFactory) -> None:
    bus, sim = pad_bus(3)
    bus.poll()
    sim.answer_as(2, 3)
    sim.press(2, PadKey.NO_SHOW)
    sim.press(3, PadKey.PAUSE)
    assert bus.poll() == [KeyEvent(3, 1, PadKey.PAUSE)]
    status = bus.statuses()[2]
    assert status.counters.wrong_address == 3 and status.counters.retries == 2
    assert status.status.reasons == frozenset({Reason.NO_ANSWER})
    sim.answer_as(2, None)
    assert bus.poll() == [KeyEvent(2, 1, PadKey.NO_SHOW)]


def test_exception_answers_are_counted_and_the_pad_reported(pad_bus: BusFactory) -> None:
    bus, sim = pad_bus(2)
    bus.poll()
    sim.fail(1)
    assert bus.poll() == []
    status = bus.statuses()[1]
    assert status.counters.exceptions == 3 and status.state is DeviceState.FAULT
    assert status.status.reasons == frozenset({Reason.PROTOCOL_ERROR})
    sim.fail(1, on=False)
    bus.poll()
    assert bus.statuses()[1].state is DeviceState.READY


def test_a_pad_answering_too_late_confuses_no_other_pad(pad_bus: BusFactory) -> None:
    bus, sim = pad_bus(3)
    bus.poll()
    sim.slow(1, 0.15)  # later than the master waits: its answers land while the master asks the next pad
    pressed = [(a, sim.press(a, k), k) for a, k in [(1, 16), (2, 17), (3, 18), (2, 20)]]
    seen = keys_of(bus.poll()) + keys_of(bus.poll())
    sim.slow(1, 0)
    seen += keys_of(bus.poll()) + keys_of(bus.poll())
    assert sorted(seen) == sorted(pressed)
    assert bus.statuses()[1].counters.timeouts >= 1
    assert all(bus.statuses()[a].state is DeviceState.READY for a in (1, 2, 3))


def test_a_restarted_pad_is_counted_and_its_new_presses_arrive(pad_bus: BusFactory) -> None:
    bus, sim = pad_bus(1)
    for key in (1, 2, 3):
        sim.press(1, key)
    bus.poll()
    sim.restart(1)
    sim.press(1, PadKey.CALL_NEXT)
    assert bus.poll() == [KeyEvent(1, 1, PadKey.CALL_NEXT)]
    assert bus.statuses()[1].counters.restarts == 1


def test_show_changes_what_the_pad_displays(pad_bus: BusFactory) -> None:
    bus, sim = pad_bus(2)
    view = PadView(window=3, mode=PadMode.SERVING, number="A017", staff=1024)
    assert bus.show(2, view)
    assert sim.view(2) == view
    assert sim.view(1) == PadView(0, PadMode.IDLE)
    assert bus.show(2, PadView(3, PadMode.AWAITING_RATING, "A017", 1024))
    assert sim.view(2).mode is PadMode.AWAITING_RATING


def test_show_to_a_silent_pad_says_so(pad_bus: BusFactory) -> None:
    bus, sim = pad_bus(2)
    sim.silence(1)
    assert not bus.show(1, PadView(1, PadMode.BUSY))
    assert bus.statuses()[1].counters.timeouts == 3


def test_show_from_another_thread_while_polling_loses_nothing(pad_bus: BusFactory) -> None:
    bus, sim = pad_bus(3)
    bus.poll()
    results: list[bool] = []

    def keep_showing() -> None:
        for n in range(40):
            results.append(bus.show(2, PadView(2, PadMode.SERVING, f"A{n:03d}")))

    writer = threading.Thread(target=keep_showing)
    writer.start()
    pressed, seen = [], []
    while writer.is_alive():
        pressed.append((1, sim.press(1, PadKey.CALL_NEXT), int(PadKey.CALL_NEXT)))
        seen += keys_of(bus.poll())
    writer.join()
    seen += keys_of(bus.poll())
    assert all(results) and len(results) == 40
    assert sim.view(2).number == "A039"
    assert seen == pressed


def test_a_gateway_that_goes_away_and_comes_back() -> None:
    first = SimPads(2)
    host, port = first.start_tcp()
    bus = PadBus(f"socket://{host}:{port}", [1, 2], timeout_s=0.04, retries=1)
    bus.open()
    second = SimPads(2)
    try:
        bus.poll()
        first.stop()
        assert bus.poll() == []
        assert {s.status.reasons for s in bus.statuses().values()} <= {
            frozenset({Reason.DISCONNECTED}),
            frozenset({Reason.NO_ANSWER}),
        }
        assert not any(s.answering for s in bus.statuses().values())
        second.start_tcp(port, host)  # the gateway restarted; so did its pads, with sequence 0
        second.press(2, PadKey.CALL_NEXT)
        assert bus.poll() == [KeyEvent(2, 1, PadKey.CALL_NEXT)]
        assert all(s.state is DeviceState.READY for s in bus.statuses().values())
    finally:
        bus.close()
        first.stop()
        second.stop()
