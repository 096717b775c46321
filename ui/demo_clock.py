"""The demo's time of day: every run walks at the same moment in the hall's zone, whatever the real day, so its
pictures show the same open categories. The embedded hall and the UI's clock read the same ``DemoWallClock``."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

# A Monday mid-morning: every staffed category gives numbers.
OPEN_MOMENT = datetime(2026, 11, 23, 10, 12)
# A Saturday before the hall opens: only self-service gives numbers.
OUT_OF_HOURS_MOMENT = datetime(2026, 11, 21, 7, 47)


class DemoWallClock:
    """Starts at ``local`` (the hall's local time) and runs on with the demo's own monotonic clock, which the demo
    moves forward to show the walk-away countdown; ``set`` jumps to another moment."""

    def __init__(self, monotonic: Callable[[], float], zone: ZoneInfo, local: datetime = OPEN_MOMENT) -> None:
        self._monotonic, self.zone = monotonic, zone
        self._moment, self._since = local.replace(tzinfo=zone), monotonic()

    def set(self, local: datetime) -> None:
        self._moment, self._since = local.replace(tzinfo=self.zone), self._monotonic()

    def __call__(self) -> datetime:
        return self._moment + timedelta(seconds=self._monotonic() - self._since)
