"""The power-cut variant of the campaign: the robot runs under the power-cut layer (devtools/powercut/), and after
each SIGKILL everything it had not made durable under its data dir is thrown away, as a power cut would, before
the station starts again. The same invariants are checked (checks.py): what the station acknowledged was on disk.

Most cuts drop a seeded random subset of the undurable writes (the disk wrote some pages and not others); every
``DROP_ALL_EVERY``-th cut drops all of them."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from devtools.campaign.controller import CampaignResult, run_campaign
from devtools.campaign.world import World
from devtools.powercut import CutReport, cut, preload_env

DROP_ALL_EVERY = 4
JOURNAL = "powercut.journal"  # beside the world's folders, outside the watched data dir


@dataclass
class PowerCuts:
    """What the cuts threw away over a campaign."""

    reports: list[CutReport] = field(default_factory=list)

    @property
    def writes_dropped(self) -> int:
        return sum(report.writes_dropped for report in self.reports)

    @property
    def files_removed(self) -> int:
        return sum(report.files_removed + report.dirs_removed for report in self.reports)

    @property
    def renames_undone(self) -> int:
        return sum(report.renames_undone for report in self.reports)

    @property
    def cuts_that_bit(self) -> int:
        return sum(1 for report in self.reports if report.writes_dropped or report.files_removed)


def run_power_cut_campaign(
    root: Path,
    seed: int,
    runs: int,
    *,
    until: float | None = None,
    progress: Callable[[str], None] = lambda _line: None,
) -> tuple[CampaignResult, PowerCuts]:
    """``run_campaign`` with a power cut after every kill; the cuts are seeded from ``seed`` too."""
    root.mkdir(parents=True, exist_ok=True)
    journal = root / JOURNAL
    rng = random.Random(f"cuts-{seed}")
    cuts = PowerCuts()

    def after_kill(data_dir: Path) -> None:
        drop_all = len(cuts.reports) % DROP_ALL_EVERY == DROP_ALL_EVERY - 1
        report = cut(data_dir, journal, rng, drop_all=drop_all)
        cuts.reports.append(report)
        progress(f"cut: {report.writes_dropped} writes dropped, {report.files_removed} files removed")

    env = preload_env(World(root).kiosk_data, journal)
    result = run_campaign(root, seed, runs, child_env=env, after_kill=after_kill, until=until, progress=progress)
    return result, cuts
