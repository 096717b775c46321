"""The crash campaign's short form: the robot citizen station SIGKILLed at seeded moments over every flow, then
drained; nothing it acknowledged is lost or doubled, nothing recorded as printed was not cut. And the checks
themselves catch a filing that never reached the hall and a receipt said printed that the kiosk never recorded."""

from __future__ import annotations

from pathlib import Path

import pytest

from devtools.campaign import run_campaign, run_power_cut_campaign
from devtools.campaign.checks import Done, check
from devtools.campaign.world import World

pytestmark = pytest.mark.e2e  # a hall, a virtual printer and the robot, each a process of its own

SEED = 20261205
RUNS = 12


def test_killed_stations_lose_nothing_they_acknowledged(tmp_path: Path) -> None:
    result = run_campaign(tmp_path, SEED, RUNS)
    assert result.violations == []
    assert len(result.runs) == RUNS and all(record.code == -9 for record in result.runs)
    assert {"ticket", "filing", "receipt", "rating", "payment", "payreceipt"} <= set(result.done.kinds)
    assert len(result.kills_by_phase) >= 3  # the kills land in different phases
    planted = Done()
    planted.add(
        [
            "done filing 00000000-0000-0000-0000-000000000001 K-NEVER sha=" + "a" * 64,
            "done receipt K-NEVER printed=True",
        ],
        run=99,
    )
    caught = check(World(tmp_path), planted, SEED, RUNS)
    assert any("K-NEVER (run 99) is not at the hall" in line for line in caught)
    assert any("K-NEVER (run 99) was said printed" in line for line in caught)
    assert all(line.startswith(f"seed {SEED} runs {RUNS}: ") for line in caught)


POWER_RUNS = 8


def test_power_cuts_lose_nothing_the_station_acknowledged(tmp_path: Path) -> None:
    result, cuts = run_power_cut_campaign(tmp_path, SEED, POWER_RUNS)
    assert result.violations == []
    assert len(result.runs) == POWER_RUNS and len(cuts.reports) == POWER_RUNS
    assert cuts.cuts_that_bit >= 1  # the layer threw real writes away, and still nothing acknowledged was lost
    assert {"ticket", "filing"} <= set(result.done.kinds)
