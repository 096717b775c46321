"""The campaign: start the robot citizen, SIGKILL it at a seeded random moment, optionally cut the power under its
data dir (``after_kill``), restart, N times; then drain the outbox and check the invariants (checks.py).

``kill_schedule(seed, runs)`` and the robot's actions (devtools/robot/plan.py) depend on the seed alone, so
``--seed S --runs N`` replays the same kill points and actions.
"""

from __future__ import annotations

import contextlib
import itertools
import random
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from devtools.campaign.checks import Done, check
from devtools.campaign.process import READY_WITHIN_S, Child
from devtools.campaign.world import ROOT, World
from kiosk.store.database import STORE_FILE

STARTUP_SHARE = 0.1  # the share of kills that land while the station is still coming up
LONGEST_WAIT_S = 4.0  # a kill lands at most this long after the station is up
DRAIN_WITHIN_S = 300.0


@dataclass(frozen=True)
class Kill:
    """When run ``run`` is killed: ``delay_s`` after it started (``during_startup``) or after it printed ready."""

    run: int
    during_startup: bool
    delay_s: float


def kills(seed: int) -> Iterator[Kill]:
    """The endless kill schedule of ``seed``: a campaign of N runs takes its first N."""
    rng = random.Random(f"kills-{seed}")
    for run in itertools.count():
        startup = rng.random() < STARTUP_SHARE
        yield Kill(run, startup, rng.uniform(0.3, 3.0) if startup else rng.uniform(0.0, LONGEST_WAIT_S))


def kill_schedule(seed: int, runs: int) -> list[Kill]:
    return list(itertools.islice(kills(seed), runs))


@dataclass
class RunRecord:
    kill: Kill
    phase: str
    ready_s: float | None  # from start to ready; None when killed before
    code: int
    open_s: float | None = None  # of ready_s, the time open_station_services took (the rest is Python starting)
    sending: int = 0  # messages waiting in the outbox the moment it was killed: the sync worker was at work


@dataclass
class CampaignResult:
    seed: int
    runs: list[RunRecord] = field(default_factory=list)
    done: Done = field(default_factory=Done)
    violations: list[str] = field(default_factory=list)
    cold_start_s: float = 0.0
    drain_s: float = 0.0

    @property
    def kills_by_phase(self) -> Counter[str]:
        return Counter(record.phase for record in self.runs)

    @property
    def restart_s(self) -> list[float]:
        return [record.ready_s for record in self.runs[1:] if record.ready_s is not None]

    @property
    def reopen_s(self) -> list[float]:
        return [record.open_s for record in self.runs[1:] if record.open_s is not None]

    @property
    def kills_while_sending(self) -> int:
        return sum(1 for record in self.runs if record.sending)

    def replay(self) -> str:
        return f"--seed {self.seed} --runs {len(self.runs)}"


def phase_of(lines: list[str]) -> str:
    """Where the robot was when it died, from what it had printed: the action begun and not done, or startup."""
    if not any(line.startswith("ready") for line in lines):
        return "startup"
    last = lines[-1].split()
    if last[0] == "begin":
        return {"ticket": "ticket (take + print)", "filing": "filing save", "payment": "payment"}.get(last[1], last[1])
    if last[0] == "done" and last[1] == "filing":
        return "filing receipt print"
    if last[0] == "done" and last[1] == "payment":
        return "payment receipt print"
    return "between actions (sync)"


def outbox_pending(data_dir: Path) -> int:
    """Messages the sync worker has still to deliver, read from the store as it is on disk (0 if unreadable)."""
    try:
        connection = sqlite3.connect(f"file:{data_dir / STORE_FILE}?mode=ro", uri=True, timeout=1)
        try:
            return int(connection.execute("SELECT count(*) FROM outbox WHERE sent_at IS NULL").fetchone()[0])
        finally:
            connection.close()
    except sqlite3.Error:
        return 0


def robot(world: World, seed: int, run: int, env: dict[str, str], *extra: str) -> Child:
    argv = [sys.executable, "-m", "devtools.robot", "--config", world.kiosk_config, "--seed", seed, "--run", run]
    environment = world.env(world.kiosk_data) | env
    return Child([*map(str, argv), *extra], log=world.logs / "robot.log", env=environment, cwd=ROOT)


def run_campaign(
    root: Path,
    seed: int,
    runs: int,
    *,
    child_env: dict[str, str] | None = None,
    after_kill: Callable[[Path], None] | None = None,
    until: float | None = None,
    progress: Callable[[str], None] = lambda _line: None,
) -> CampaignResult:
    """``runs`` kills (or, with ``until`` (a monotonic time), as many as fit), then drain and check.

    ``child_env`` is extra environment for the robot (an LD_PRELOAD layer that records writes, say);
    ``after_kill(data_dir)`` runs after each SIGKILL, before the restart (throw away what was not fsynced)."""
    result = CampaignResult(seed)
    env = dict(child_env or {})
    with World(root) as world:
        for kill in itertools.islice(kills(seed), runs):
            if until is not None and time.monotonic() > until:
                break
            record = _one_run(world, seed, kill, env, result)
            result.runs.append(record)
            progress(f"run {kill.run}: {record.phase} (code {record.code})")
            if after_kill is not None:
                after_kill(world.kiosk_data)
        _drain(world, seed, len(result.runs), env, result)
        result.violations += check(world, result.done, seed, len(result.runs))
    return result


def _one_run(world: World, seed: int, kill: Kill, env: dict[str, str], result: CampaignResult) -> RunRecord:
    child = robot(world, seed, kill.run, env)
    if kill.during_startup:
        time.sleep(kill.delay_s)
    else:
        with contextlib.suppress(RuntimeError):  # it died by itself: reported below
            child.wait_for("ready open=")
        time.sleep(kill.delay_s)
    ended_by_itself = child.process.poll() is not None
    sending = outbox_pending(world.kiosk_data)
    code = child.kill()
    lines = [line for _at, line in child.lines]
    ready = child.at("ready open=")
    ready_s = ready - child.started if ready is not None else None
    if kill.run == 0 and ready_s is not None:
        result.cold_start_s = ready_s
    if ready is None and not kill.during_startup and not ended_by_itself:
        result.violations.append(f"seed {seed} run {kill.run}: the station was not up within {READY_WITHIN_S:g} s")
    if ended_by_itself:
        result.violations.append(
            f"seed {seed} run {kill.run}: the robot ended by itself (exit {code}); see {world.logs / 'robot.log'}"
        )
    result.done.add(lines, kill.run)
    said = child.wait_for("ready open=", 0) if ready is not None else ""
    open_s = float(said.split("open=")[1]) if "open=" in said else None
    return RunRecord(kill, phase_of(lines), ready_s, code, open_s, sending)


def _drain(world: World, seed: int, runs: int, env: dict[str, str], result: CampaignResult) -> None:
    child = robot(world, seed, runs, env, "--drain")
    try:
        child.wait_for("drained", DRAIN_WITHIN_S)
        code = child.wait(60)
    except (RuntimeError, subprocess.TimeoutExpired):
        child.kill()
        result.violations.append(f"seed {seed} drain after {runs} runs: the outbox did not drain")
        return
    ready, drained = child.at("ready open="), child.at("drained")
    if ready is not None and drained is not None:
        result.drain_s = drained - ready
    if code != 0:
        result.violations.append(f"seed {seed} drain after {runs} runs: exit {code}")
