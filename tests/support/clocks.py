"""Clocks a test holds still and moves by hand, passed where the code takes a ``clock`` callable."""

from __future__ import annotations

from datetime import datetime, timedelta


class FrozenClock:
    """Wall-clock time (an aware datetime) that stays at ``moment`` until the test sets or advances it."""

    def __init__(self, moment: datetime) -> None:
        self.moment = moment

    def __call__(self) -> datetime:
        return self.moment

    def advance(self, **delta: float) -> None:
        self.moment += timedelta(**delta)


class SteppedClock:
    """Monotonic seconds that move only when the test steps them: timeouts without waiting for them."""

    def __init__(self, start: float = 1000.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds
