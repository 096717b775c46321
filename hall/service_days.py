"""The queue's service day, held when the wall clock steps back across midnight.

A hall's clock corrected by NTP, or set by hand, may jump from 00:05 back to 23:55 of the day before and later
forward again. Numbering by the clock alone would then go back to yesterday's line (numbers taken there become
missed at the next rollover, and today's line stops being called). So a step back of up to ``HOLD`` across
midnight keeps the day already begun, with one warning in the log; a larger step is a correction of a clock
that was wrong, and is followed."""

from __future__ import annotations

import logging
import threading
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from hall.calendar import service_day

log = logging.getLogger(__name__)

HOLD = timedelta(hours=1)


class ServiceDays:
    """``of(now)``: the service day of ``now``, never before the day the latest moment seen began (within HOLD)."""

    def __init__(self, zone: ZoneInfo) -> None:
        self.zone = zone
        self._latest: datetime | None = None
        self._warned: date | None = None
        self._lock = threading.Lock()

    def of(self, now: datetime) -> date:
        day = service_day(now, self.zone)
        with self._lock:
            latest = self._latest
            if latest is None or now >= latest or latest - now > HOLD:
                self._latest = now  # forward, or a correction too large to be a step: the clock is followed
                return day
            begun = service_day(latest, self.zone)
            if begun <= day:
                return day
            if self._warned != begun:
                self._warned = begun
                log.warning(
                    "hall clock stepped back across midnight (%s, after %s): numbering stays on %s",
                    now.astimezone(self.zone).isoformat(timespec="seconds"),
                    latest.astimezone(self.zone).isoformat(timespec="seconds"),
                    begun.isoformat(),
                )
            return begun
