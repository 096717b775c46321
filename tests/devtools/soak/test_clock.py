"""The soak's compressed clock: simulated time runs ``speed`` times faster from a fixed real instant, the same in
every process given the same numbers, and counts the local midnights passed."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from devtools.soak.clock import CompressedClock, StartingClock, begin
from devtools.soak.scenario import Plan, first_moment

SHANGHAI = ZoneInfo("Asia/Shanghai")


def test_simulated_time_runs_faster_and_counts_midnights() -> None:
    real = [1000.0]
    start = datetime(2026, 12, 5, 23, 50, tzinfo=SHANGHAI)
    clock = CompressedClock(start, 60.0, 1000.0, real=lambda: real[0])
    assert clock() == start and clock.midnights(SHANGHAI) == 0
    real[0] += 11  # 11 real seconds: 11 simulated minutes
    assert clock() == start + timedelta(minutes=11) and clock.midnights(SHANGHAI) == 1
    real[0] += 24 * 60
    assert clock.midnights(SHANGHAI) == 2


def test_the_hall_clock_holds_still_until_the_run_begins_and_a_restart_reads_the_same_time(tmp_path: Path) -> None:
    real = [5000.0]
    start = datetime(2026, 12, 5, 22, tzinfo=SHANGHAI)
    hall = StartingClock(start, 144.0, tmp_path / "epoch", real=lambda: real[0])
    real[0] += 60  # the parts starting
    assert hall() == start
    soak = begin(StartingClock(start, 144.0, tmp_path / "epoch", real=lambda: real[0]))
    real[0] += 10
    restarted = StartingClock(start, 144.0, tmp_path / "epoch", real=lambda: real[0])
    assert hall() == restarted() == soak() == start + timedelta(seconds=1440)


def test_the_first_midnight_falls_after_warm_up() -> None:
    plan = Plan(duration_s=150, warmup_s=60, speed=144.0)
    midnight = datetime(2026, 12, 6, tzinfo=SHANGHAI)
    real_s = (midnight - first_moment(plan)).total_seconds() / plan.speed
    assert plan.warmup_s < real_s < plan.duration_s
