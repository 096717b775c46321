"""Heartbeats of long-lived worker threads, so that a hung thread is noticed and not only a hung main loop.

A worker thread (the outbox sender, the hall's event follower, the pad bus, the hall's periodic workers) takes a
``Heart`` from the process's registry when it starts, beats it once per turn of its loop, and closes it when it
ends. Each heart has an allowance: the longest a healthy turn may take, waits included. The main loop's
watchdog pinger (common/sdnotify.py) asks ``stuck()`` before each ``WATCHDOG=1`` and withholds the ping while
any heart is late, so systemd restarts a process whose worker hung even though its main loop still runs.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from types import TracebackType

# Added to a thread's own worst turn (its waits and its I/O timeouts) for its allowance: a slow turn is not a hung
# thread, and a false alarm restarts the process.
MARGIN_S = 120.0


@dataclass(frozen=True)
class Late:
    """A heart that missed its allowance: its name and how long ago it last beat."""

    name: str
    silent_s: float
    allowance_s: float

    def describe(self) -> str:
        return f"{self.name} (silent {self.silent_s:.0f} s, allowed {self.allowance_s:.0f} s)"


class Heart:
    """One thread's heartbeat; ``beat()`` is cheap (one float written), so it can be called every turn."""

    def __init__(self, registry: Heartbeats, name: str, allowance_s: float) -> None:
        self.name, self.allowance_s = name, allowance_s
        self._registry = registry
        self.last = registry.clock()

    def beat(self) -> None:
        self.last = self._registry.clock()

    def close(self) -> None:
        """The thread ended on purpose: it is no longer watched."""
        self._registry.forget(self)

    def __enter__(self) -> Heart:
        return self

    def __exit__(
        self, _type: type[BaseException] | None, _error: BaseException | None, _tb: TracebackType | None
    ) -> None:
        self.close()


class Heartbeats:
    """The hearts of one process; thread-safe."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self.clock = clock
        self._hearts: list[Heart] = []
        self._lock = threading.Lock()

    def register(self, name: str, allowance_s: float) -> Heart:
        """A new heart, beaten now. Register it in the thread it watches, as that thread starts."""
        if allowance_s <= 0:
            raise ValueError(f"allowance must be positive, got {allowance_s}")
        heart = Heart(self, name, allowance_s)
        with self._lock:
            self._hearts.append(heart)
        return heart

    def forget(self, heart: Heart) -> None:
        with self._lock:
            if heart in self._hearts:
                self._hearts.remove(heart)

    def names(self) -> list[str]:
        with self._lock:
            return [heart.name for heart in self._hearts]

    def stuck(self) -> list[Late]:
        """Every heart that has not beaten within its allowance, oldest silence first."""
        now = self.clock()
        with self._lock:
            hearts = list(self._hearts)
        late = [Late(h.name, now - h.last, h.allowance_s) for h in hearts if now - h.last > h.allowance_s]
        return sorted(late, key=lambda item: -item.silent_s)


# The process's registry: worker threads register here, the main loop's pinger reads it.
HEARTBEATS = Heartbeats()


def register(name: str, allowance_s: float) -> Heart:
    """A heart in the process's registry (``HEARTBEATS``)."""
    return HEARTBEATS.register(name, allowance_s)
