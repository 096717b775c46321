"""Load generation for benchmarks: an open loop fired on a clock, closed-loop clients, and latency percentiles."""

from __future__ import annotations

import asyncio
import math
import time
from collections import Counter
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field

Send = Callable[[int], Awaitable[int]]  # sends request number i, returns its HTTP status
Clock = Callable[[], float]
Sleep = Callable[[float], Awaitable[None]]


@dataclass(frozen=True)
class Sample:
    """One request. In an open loop ``scheduled`` is when the clock said to send it, which can be earlier than
    ``started`` when the client fell behind; latency counts from there, so a stall is not hidden."""

    index: int
    scheduled: float
    started: float
    finished: float
    status: int

    @property
    def latency(self) -> float:
        return self.finished - self.scheduled

    @property
    def lag(self) -> float:
        return self.started - self.scheduled


@dataclass
class Run:
    samples: list[Sample] = field(default_factory=list)
    began: float = 0.0
    ended: float = 0.0

    @property
    def elapsed(self) -> float:
        return self.ended - self.began

    def statuses(self) -> Counter[int]:
        return Counter(s.status for s in self.samples)

    def count(self, *statuses: int) -> int:
        return sum(1 for s in self.samples if s.status in statuses)

    def rate(self, *statuses: int) -> float:
        """Answers with one of ``statuses`` per second of the run."""
        return self.count(*statuses) / self.elapsed if self.elapsed > 0 else math.nan

    def latencies(self) -> list[float]:
        return sorted(s.latency for s in self.samples)

    def lags(self) -> list[float]:
        return sorted(s.lag for s in self.samples)


def percentile(values: Sequence[float], fraction: float) -> float:
    """Nearest-rank percentile of already sorted ``values`` (``fraction`` 0.99 for p99); NaN when empty."""
    if not values:
        return math.nan
    rank = max(1, math.ceil(fraction * len(values)))
    return values[rank - 1]


def schedule(rate: float, count: int) -> list[float]:
    """Send offsets in seconds from the start for ``count`` requests offered at ``rate`` per second."""
    if rate <= 0:
        raise ValueError(f"rate must be positive, got {rate}")
    return [i / rate for i in range(count)]


async def open_loop(
    send: Send, rate: float, count: int, *, clock: Clock = time.perf_counter, sleep: Sleep = asyncio.sleep
) -> Run:
    """Fire ``count`` requests at ``rate`` per second on the clock, never waiting for earlier answers."""
    run = Run(began=clock())
    pending: list[asyncio.Task[Sample]] = []
    for i, offset in enumerate(schedule(rate, count)):
        due = run.began + offset
        delay = due - clock()
        if delay > 0:
            await sleep(delay)
        pending.append(asyncio.ensure_future(_timed(send, i, due, clock)))
    run.samples = sorted(await asyncio.gather(*pending), key=lambda s: s.index)
    run.ended = clock()
    return run


async def closed_loop(
    send: Send, clients: int, count: int, *, duration: float | None = None, clock: Clock = time.perf_counter
) -> Run:
    """``clients`` workers share up to ``count`` requests; each sends its next one only after the answer to its
    last, and none starts a new one once ``duration`` seconds have passed."""
    run = Run(began=clock())
    numbers = iter(range(count))

    async def client() -> None:
        for i in numbers:  # one shared iterator: every request is sent exactly once, by whichever client is free
            if duration is not None and clock() - run.began >= duration:
                break
            run.samples.append(await _timed(send, i, None, clock))

    await asyncio.gather(*(client() for _ in range(clients)))
    run.samples.sort(key=lambda s: s.index)
    run.ended = clock()
    return run


async def _timed(send: Send, index: int, scheduled: float | None, clock: Clock) -> Sample:
    started = clock()
    status = await send(index)
    return Sample(index, started if scheduled is None else scheduled, started, clock(), status)
