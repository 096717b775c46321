"""The soak's compressed wall clock: simulated time runs ``speed`` times faster than real time from a moment
``start`` fixed at a real instant ``epoch`` (seconds since the epoch), so every process that is given the same three
numbers reads the same simulated time, also a hall restarted half-way.

The parts start before the load does (a minute or more on a loaded machine), so the epoch is only known once they
are up: ``StartingClock`` holds still at ``start`` until the soak writes the epoch into a file, then runs."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo
from pathlib import Path


@dataclass(frozen=True)
class CompressedClock:
    start: datetime  # aware: the simulated moment at ``epoch``
    speed: float  # simulated seconds per real second
    epoch: float  # the real instant (time.time()) ``start`` stands for
    real: Callable[[], float] = time.time

    def __call__(self) -> datetime:
        return self.start + timedelta(seconds=(self.real() - self.epoch) * self.speed)

    def midnights(self, zone: tzinfo) -> int:
        """How many local midnights in ``zone`` simulated time has crossed since ``start``."""
        return (self().astimezone(zone).date() - self.start.astimezone(zone).date()).days


class StartingClock:
    """``start`` until ``epoch_file`` holds the real instant the run began (written once), then a CompressedClock."""

    def __init__(
        self, start: datetime, speed: float, epoch_file: Path, *, real: Callable[[], float] = time.time
    ) -> None:
        self.start, self.speed, self.epoch_file, self.real = start, speed, epoch_file, real
        self._running: CompressedClock | None = None

    def __call__(self) -> datetime:
        if self._running is None:
            try:
                epoch = float(self.epoch_file.read_text(encoding="ascii"))
            except (FileNotFoundError, ValueError):
                return self.start
            self._running = CompressedClock(self.start, self.speed, epoch, self.real)
        return self._running()

    def argv(self) -> list[str]:
        """The options hall_process.py takes to read the same clock."""
        return ["--start", self.start.isoformat(), "--speed", repr(self.speed), "--epoch-file", str(self.epoch_file)]


def begin(clock: StartingClock) -> CompressedClock:
    """Start ``clock`` now: write the real instant into its epoch file (beside, then renamed); answer the clock
    every process now reads."""
    epoch = clock.real()
    written = clock.epoch_file.with_suffix(".tmp")
    written.write_text(repr(epoch), encoding="ascii")
    written.replace(clock.epoch_file)
    return CompressedClock(clock.start, clock.speed, epoch, clock.real)
