"""The soak's compressed wall clock: simulated time runs ``speed`` times faster than real time from a moment
``start`` fixed at a real instant ``epoch`` (seconds since the epoch), so every process that is given the same three
numbers reads the same simulated time, also a hall restarted half-way."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo


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

    def argv(self) -> list[str]:
        """The options hall_process.py takes to read the same clock."""
        return ["--start", self.start.isoformat(), "--speed", repr(self.speed), "--epoch", repr(self.epoch)]
