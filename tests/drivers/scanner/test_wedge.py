"""The keyboard wedge: a scanner's fast burst ending in Enter is a scan; a person's typing goes to the field."""

from __future__ import annotations

from devices.scanner import ScanEvent, UnreadableScan
from devices.state import DeviceState
from drivers.scanner.wedge import KeyboardWedgeScanner, KeyOutcome
from tests.drivers.scanner.conftest import Scans


def type_keys(wedge: KeyboardWedgeScanner, text: str, start: float, gap: float) -> tuple[str, float]:
    """Type ``text`` one key every ``gap`` seconds; return what came back for the field and the time of the last key."""
    typed = ""
    at = start
    for i, ch in enumerate(text):
        at = start + i * gap
        typed += wedge.feed_key(ch, at).typed
    return typed, at


def test_a_scanner_burst_ending_in_enter_is_one_scan_and_nothing_is_typed() -> None:
    wedge = KeyboardWedgeScanner()
    scans = Scans()
    wedge.on_scan(scans)
    typed, last = type_keys(wedge, "A017-9F2C", start=100.0, gap=0.008)
    outcome = wedge.feed_enter(last + 0.008)
    assert typed == "" and outcome.typed == "" and not outcome.enter
    assert isinstance(outcome.scan, ScanEvent)
    assert outcome.scan.text == "A017-9F2C" and outcome.scan.raw == b"A017-9F2C"
    assert outcome.scan.symbology == "UNKNOWN" and outcome.scan.source == "keyboard"
    assert scans.items == [outcome.scan]


def test_a_person_typing_gets_every_key_back_and_their_enter_too() -> None:
    wedge = KeyboardWedgeScanner()
    scans = Scans()
    wedge.on_scan(scans)
    typed, last = type_keys(wedge, "13800138000", start=5.0, gap=0.15)
    outcome = wedge.feed_enter(last + 0.3)
    assert typed + outcome.typed == "13800138000"
    assert outcome.enter and outcome.scan is None
    assert scans.items == []


def test_keys_reach_the_field_from_the_timer_when_the_person_pauses() -> None:
    wedge = KeyboardWedgeScanner()
    assert wedge.feed_key("张", 1.0) == KeyOutcome()
    assert wedge.poll(1.01) == KeyOutcome()  # could still be the start of a scan
    assert wedge.poll(1.2) == KeyOutcome(typed="张")
    assert wedge.poll(1.5) == KeyOutcome()


def test_a_short_fast_burst_is_a_person_s() -> None:
    wedge = KeyboardWedgeScanner()
    typed, last = type_keys(wedge, "abc", start=0.0, gap=0.01)
    outcome = wedge.feed_enter(last + 0.01)
    assert typed + outcome.typed == "abc" and outcome.enter and outcome.scan is None


def test_a_fast_burst_with_a_slow_enter_is_a_person_s() -> None:
    wedge = KeyboardWedgeScanner()
    typed, last = type_keys(wedge, "A0179F2C", start=0.0, gap=0.01)
    outcome = wedge.feed_enter(last + 0.4)
    assert typed + outcome.typed == "A0179F2C" and outcome.enter and outcome.scan is None


def test_a_person_s_keys_just_before_a_scan_stay_theirs() -> None:
    wedge = KeyboardWedgeScanner()
    typed, last = type_keys(wedge, "ab", start=0.0, gap=0.2)
    more, last = type_keys(wedge, "A017-9F2C", start=last + 0.5, gap=0.01)
    outcome = wedge.feed_enter(last + 0.01)
    assert typed + more == "ab"
    assert isinstance(outcome.scan, ScanEvent) and outcome.scan.text == "A017-9F2C"


def test_the_same_code_scanned_twice_within_the_window_is_one_scan() -> None:
    wedge = KeyboardWedgeScanner(duplicate_window=3.0)
    scans = Scans()
    wedge.on_scan(scans)
    for start in (0.0, 1.0, 10.0):
        _, last = type_keys(wedge, "A017", start=start, gap=0.01)
        outcome = wedge.feed_enter(last + 0.01)
        assert not outcome.enter and outcome.typed == ""
    assert scans.texts() == ["A017", "A017"]  # at 0 s and at 10 s; the one at 1 s was the same scan


def test_the_timing_threshold_is_configurable() -> None:
    slow_scanner = KeyboardWedgeScanner(max_gap=0.08, min_length=6)
    _, last = type_keys(slow_scanner, "123456", start=0.0, gap=0.06)
    assert isinstance(slow_scanner.feed_enter(last + 0.06).scan, ScanEvent)
    typed, last = type_keys(slow_scanner, "12345", start=10.0, gap=0.01)
    outcome = slow_scanner.feed_enter(last + 0.01)
    assert typed + outcome.typed == "12345" and outcome.enter


def test_a_burst_over_4096_bytes_is_unreadable() -> None:
    wedge = KeyboardWedgeScanner()
    _, last = type_keys(wedge, "9" * 4100, start=0.0, gap=0.001)
    outcome = wedge.feed_enter(last + 0.001)
    assert isinstance(outcome.scan, UnreadableScan) and outcome.scan.size == 4100


def test_a_lone_enter_is_a_person_s() -> None:
    assert KeyboardWedgeScanner().feed_enter(3.0) == KeyOutcome(enter=True)


def test_ready_when_open_offline_when_closed() -> None:
    wedge = KeyboardWedgeScanner()
    wedge.open()
    assert wedge.check_health().state is DeviceState.READY
    wedge.close()
    assert wedge.status.state is DeviceState.OFFLINE
