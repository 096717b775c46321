"""Walk-away detection and the technician's hidden gesture, both on an injected monotonic clock."""

from __future__ import annotations

from collections import deque
from collections.abc import Callable

Clock = Callable[[], float]


class IdleTimer:
    """Counts from the last tap. The last ``countdown_s`` seconds are shown to the citizen; then it expires."""

    def __init__(self, clock: Clock, timeout_s: float, countdown_s: float) -> None:
        self._clock = clock
        self.timeout_s = timeout_s
        self.countdown_s = min(countdown_s, timeout_s)
        self._last = clock()
        self._paused = False

    def touch(self) -> None:
        self._last = self._clock()

    def set_timeout(self, timeout_s: float, countdown_s: float) -> None:
        self.timeout_s = timeout_s
        self.countdown_s = min(countdown_s, timeout_s)
        self.touch()

    def pause(self, paused: bool) -> None:
        """While a slow call runs (a ticket printing) nobody is expected to tap; time starts again after it."""
        self._paused = paused
        self.touch()

    @property
    def seconds_left(self) -> float:
        if self._paused:
            return self.timeout_s
        return max(0.0, self.timeout_s - (self._clock() - self._last))

    @property
    def counting_down(self) -> bool:
        """True in the last ``countdown_s`` seconds, when the screen shows the countdown."""
        return 0 < self.seconds_left <= self.countdown_s

    @property
    def expired(self) -> bool:
        return self.seconds_left <= 0


class SecretGesture:
    """``taps`` taps within ``within_s`` seconds on one spot (the hall name's corner) open the technician door."""

    def __init__(self, clock: Clock, taps: int = 5, within_s: float = 3.0) -> None:
        self._clock = clock
        self._taps = taps
        self._within_s = within_s
        self._times: deque[float] = deque(maxlen=taps)

    def tap(self) -> bool:
        now = self._clock()
        self._times.append(now)
        if len(self._times) == self._taps and now - self._times[0] <= self._within_s:
            self._times.clear()
            return True
        return False
