"""Recent real service times per category, for the waiting estimate, kept in memory between database reads."""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable, Iterable
from datetime import datetime, timedelta

from sqlalchemy import Engine, Select

from hall.models import Ticket

# How long a process trusts what it read before it reads the category's service times again: services completed by
# this process count at once, those completed by another server process within this time.
ESTIMATE_REFRESH_SECONDS = 30.0


class ServiceTimes:
    """The last ``size`` service times (called to finished) per category. Reading them is a sort over the category's
    completed tickets, so it happens once per ``refresh`` seconds per category, not per ticket taken; a service
    completed in this process is added when its transaction has committed."""

    def __init__(
        self,
        reader: Engine,
        recent: Select[datetime | None, datetime | None],
        size: int,
        seed_minutes: Callable[[str], float],
        *,
        refresh: float = ESTIMATE_REFRESH_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.reader, self.recent, self.size = reader, recent, size
        self.seed_minutes = seed_minutes  # the configured minutes, until a category has real services
        self.refresh, self.clock = refresh, clock
        self._known: dict[str, tuple[deque[timedelta], float]] = {}  # category -> (oldest to newest, when read)
        self._lock = threading.Lock()

    def mean_minutes(self, category: str) -> float:
        with self._lock:
            known = self._known.get(category)
            durations = list(known[0]) if known is not None and self.clock() - known[1] < self.refresh else None
        if durations is None:
            durations = self._read(category)
        if not durations:
            return self.seed_minutes(category)
        return sum(durations, timedelta()).total_seconds() / 60 / len(durations)

    def served(self, tickets: Iterable[Ticket]) -> None:
        """Services this process completed (and committed)."""
        with self._lock:
            for ticket in tickets:
                known = self._known.get(ticket.category)
                if known is not None and ticket.called_at is not None and ticket.finished_at is not None:
                    known[0].append(ticket.finished_at - ticket.called_at)

    def _read(self, category: str) -> list[timedelta]:
        read_at = self.clock()
        with self.reader.connect() as connection:
            rows = connection.execute(self.recent, {"category": category}).all()  # newest first
        durations = deque(
            (finished - called for called, finished in reversed(rows) if called and finished), maxlen=self.size
        )
        with self._lock:
            self._known[category] = (durations, read_at)
            return list(durations)
