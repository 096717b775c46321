"""The crash record's rules: three crashes in ten minutes put the station out of service; clean stops never count;
a technician's reset or a cool-off brings it back; the record stays bounded and survives a damaged file."""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime
from pathlib import Path

import pytest

from kiosk.station.crash_record import KEEP_CRASHES, KEEP_STARTS, RECORD_FILE, CrashRecord, Verdict
from tests.support.clocks import FrozenClock

T0 = datetime(2026, 12, 5, 8, 0, tzinfo=UTC)


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock(T0)


def crash_then_start(data_dir: Path, clock: FrozenClock, minutes: float) -> Verdict:
    """A kiosk that started and died (no clean stop); ``minutes`` later systemd starts the next."""
    CrashRecord(data_dir, clock=clock).start()
    clock.advance(minutes=minutes)
    return CrashRecord(data_dir, clock=clock).start()


def crashes(data_dir: Path, clock: FrozenClock, gaps: list[float]) -> Verdict:
    """Starts ``gaps`` minutes apart, none stopped cleanly; the verdict of the last."""
    verdict = CrashRecord(data_dir, clock=clock).start()
    for gap in gaps:
        clock.advance(minutes=gap)
        verdict = CrashRecord(data_dir, clock=clock).start()
    return verdict


def test_a_first_start_serves(tmp_path: Path, clock: FrozenClock) -> None:
    verdict = CrashRecord(tmp_path, clock=clock).start()
    assert verdict == Verdict(out_of_service=False, crashes=())
    assert (tmp_path / RECORD_FILE).exists()


def test_two_crashes_still_serve(tmp_path: Path, clock: FrozenClock) -> None:
    verdict = crashes(tmp_path, clock, [1, 1])
    assert not verdict.out_of_service
    assert len(verdict.crashes) == 2


def test_three_crashes_within_ten_minutes_put_it_out_of_service(
    tmp_path: Path, clock: FrozenClock, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger="kiosk.station.crash_record"):
        verdict = crashes(tmp_path, clock, [1, 4, 4.9])
    assert verdict.out_of_service and verdict.found == 1 and verdict.since == clock.moment
    counted = [r for r in caplog.records if r.getMessage().startswith("crash counted")]
    assert len(counted) == 3 and all(r.levelno == logging.WARNING for r in counted)
    switched = [r for r in caplog.records if r.getMessage().startswith("out of service")]
    assert len(switched) == 1 and switched[0].levelno == logging.ERROR


def test_three_crashes_spread_over_eleven_minutes_still_serve(tmp_path: Path, clock: FrozenClock) -> None:
    verdict = crashes(tmp_path, clock, [0.5, 5.5, 5.5])  # crashes found at 0.5, 6 and 11.5 minutes
    assert not verdict.out_of_service
    assert len(verdict.crashes) == 3


def test_clean_stops_never_count(tmp_path: Path, clock: FrozenClock) -> None:
    for _ in range(5):
        record = CrashRecord(tmp_path, clock=clock)
        assert not record.start().out_of_service
        record.stopped_cleanly()
        clock.advance(minutes=1)
    assert CrashRecord(tmp_path, clock=clock).start().crashes == ()


def test_out_of_service_holds_across_clean_restarts(tmp_path: Path, clock: FrozenClock) -> None:
    crashes(tmp_path, clock, [1, 1, 1])
    for _ in range(3):
        clock.advance(minutes=5)
        record = CrashRecord(tmp_path, clock=clock)
        assert record.start().out_of_service
        record.stopped_cleanly()


def test_a_reset_serves_at_the_next_start_and_keeps_the_history(tmp_path: Path, clock: FrozenClock) -> None:
    out = CrashRecord(tmp_path, clock=clock)
    crashes(tmp_path, clock, [1, 1])
    clock.advance(minutes=1)
    assert out.start().out_of_service
    out.reset("technician")
    out.stopped_cleanly()
    clock.advance(minutes=1)
    verdict = CrashRecord(tmp_path, clock=clock).start()
    assert not verdict.out_of_service
    assert len(verdict.crashes) == 3  # still there for the technician, no longer counted
    for _ in range(2):
        clock.advance(minutes=1)
        assert not CrashRecord(tmp_path, clock=clock).start().out_of_service  # one, two crashes after the reset
    clock.advance(minutes=1)
    assert CrashRecord(tmp_path, clock=clock).start().out_of_service  # ... three: out again


def test_after_the_cool_off_the_next_start_tries_once_more(tmp_path: Path, clock: FrozenClock) -> None:
    out = CrashRecord(tmp_path, clock=clock)
    crashes(tmp_path, clock, [1, 1])
    clock.advance(minutes=1)
    assert out.start().out_of_service
    clock.advance(minutes=29)
    assert not out.cool_off_over()
    clock.advance(minutes=1)
    assert out.cool_off_over()
    out.stopped_cleanly()
    trial = CrashRecord(tmp_path, clock=clock).start()
    assert trial.trial and not trial.out_of_service
    clock.advance(minutes=2)
    again = CrashRecord(tmp_path, clock=clock).start()  # the try crashed within ten minutes: out at once
    assert again.out_of_service and again.found == 1


def test_a_try_that_runs_past_the_window_is_back_to_the_usual_rule(tmp_path: Path, clock: FrozenClock) -> None:
    out = CrashRecord(tmp_path, clock=clock)
    crashes(tmp_path, clock, [1, 1])
    clock.advance(minutes=1)
    assert out.start().out_of_service
    clock.advance(minutes=30)
    out.stopped_cleanly()
    verdict = crash_then_start(tmp_path, clock, 45)  # the try, which runs 45 minutes and then crashes
    assert not verdict.out_of_service and verdict.found == 1


def test_a_crash_while_out_of_service_restarts_the_cool_off(tmp_path: Path, clock: FrozenClock) -> None:
    crashes(tmp_path, clock, [1, 1, 1])
    verdict = crash_then_start(tmp_path, clock, 20)  # the out-of-service screen itself died after 20 minutes
    assert verdict.out_of_service
    clock.advance(minutes=20)
    assert CrashRecord(tmp_path, clock=clock).start().out_of_service  # 20 min since that crash: still out


def test_the_record_stays_bounded(tmp_path: Path, clock: FrozenClock) -> None:
    crashes(tmp_path, clock, [1.0] * (KEEP_CRASHES + 10))
    state = json.loads((tmp_path / RECORD_FILE).read_text(encoding="utf-8"))
    assert len(state["starts"]) == KEEP_STARTS
    assert len(state["crashes"]) == KEEP_CRASHES
    clock.advance(days=8)
    verdict = CrashRecord(tmp_path, clock=clock).start()
    assert verdict.crashes == (clock.moment,)  # the last start's crash, found now; the rest are a week old: pruned


def test_a_damaged_record_starts_a_new_one(tmp_path: Path, clock: FrozenClock) -> None:
    (tmp_path / RECORD_FILE).write_text("{not json", encoding="utf-8")
    assert CrashRecord(tmp_path, clock=clock).start() == Verdict(out_of_service=False, crashes=())
    assert json.loads((tmp_path / RECORD_FILE).read_text(encoding="utf-8"))["starts"]
