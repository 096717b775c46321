"""Any interleaving of presses and polls: each press arrives once and in order; lost presses are reported."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from devices.pads import EventGap, KeyEvent
from drivers.pads.protocol import SEQ_MODULO, KeyTracker, PadMemory

keys = st.integers(min_value=0, max_value=0xFFFF)
# Between two polls: up to 8 presses, sometimes the same poll read twice (a retry after a lost answer).
bursts = st.lists(st.tuples(st.lists(keys, max_size=8), st.booleans()), max_size=40)
start_seqs = st.one_of(st.integers(0, 40), st.integers(SEQ_MODULO - 40, SEQ_MODULO - 1))


@given(start=start_seqs, before=st.lists(keys, max_size=20), schedule=bursts)
def test_up_to_eight_presses_between_polls_arrive_once_in_order(
    start: int, before: list[int], schedule: list[tuple[list[int], bool]]
) -> None:
    pad = PadMemory(seq=start)
    for key in before:
        pad.press(key)  # made before the master first heard the pad: not replayed
    tracker = KeyTracker(3)
    assert tracker.update(pad.reading()) == []
    pressed: list[KeyEvent] = []
    seen: list[KeyEvent | EventGap] = []
    for presses, read_twice in schedule:
        for key in presses:
            pressed.append(KeyEvent(3, pad.press(key), key))
        seen += tracker.update(pad.reading())
        if read_twice:
            seen += tracker.update(pad.reading())
    assert seen == pressed


@given(start=start_seqs, presses=st.lists(keys, min_size=9, max_size=200))
def test_more_than_eight_presses_between_polls_report_the_lost_and_keep_the_newest_eight(
    start: int, presses: list[int]
) -> None:
    pad = PadMemory(seq=start)
    tracker = KeyTracker(9)
    tracker.update(pad.reading())
    pressed = [KeyEvent(9, pad.press(key), key) for key in presses]
    events = tracker.update(pad.reading())
    assert events[0] == EventGap(9, last_seq=start, seq=pad.seq, lost=len(presses) - 8)
    assert events[1:] == pressed[-8:]
