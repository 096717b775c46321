"""The short soak: the hall, the hall device controller with its pads' gateway and a headless kiosk station, each a
process, for two and a half minutes of real time (a simulated evening, past midnight), with printer and pad
faults and a hall killed and started again. After warm-up every process's memory, open files and threads stay
flat, the logs and WAL files bounded, and every filing and its rating reach the hall once."""

from __future__ import annotations

from pathlib import Path

import pytest

from devtools.soak.report import checks, markdown
from devtools.soak.scenario import Plan, Soak

pytestmark = pytest.mark.e2e


def test_a_compressed_evening_leaves_resources_flat(tmp_path: Path) -> None:
    plan = Plan(duration_s=150, warmup_s=60, sample_every_s=3, hall_restarts=1, seed=1)
    result = Soak(plan, tmp_path / "soak").run()
    table = markdown(result)
    failed = [c for c in checks(result) if not c.ok]
    assert not failed, table
    assert result.events["hall_restarts"] == 1, table
    assert result.events["midnights"] >= 1, table
    assert result.hall is not None and len(result.hall.tickets_by_day) >= 2, table  # numbering on both days
    assert result.events["filings"] > 0 and result.events["tickets"] > 0, table
    assert result.hall.called > 0 and result.hall.pad_ratings > 0, table  # the pads called and rated
