"""The crash record: a kiosk that crashes again and again goes out of service instead of looping in front of a
citizen (docs/station.md, "Out of service after repeated crashes").

Every start is written to ``crash-record.json`` in the data dir before anything else opens (fsynced: a power cut
right after must not lose it), and a clean stop marks it. A start that finds an earlier start without that mark
counts it as a crash: SIGKILL, a segfault, a watchdog kill and a power cut all look the same. A crash is dated by
the start that finds it (under systemd's Restart=always that is seconds after it happened).

The rules:
- three crashes within ten minutes: out of service (the out-of-service screen instead of the citizen services);
  it stays out across restarts, clean or not;
- a technician's reset (PIN on the screen's hidden door, or ``kiosk crashes --reset``): in service at the next
  start;
- a cool-off of thirty minutes without a crash: the next start tries normal service once more; a crash within ten
  minutes of that try puts it straight back out of service;
- the record keeps the last starts and crashes only (bounded).
"""

from __future__ import annotations

import json
import logging
import os
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

RECORD_FILE = "crash-record.json"
WINDOW = timedelta(minutes=10)
CRASHES_OUT = 3  # crashes within WINDOW that put the station out of service
COOL_OFF = timedelta(minutes=30)  # without a crash: the next start tries normal service once more
KEEP_STARTS = 20
KEEP_CRASHES = 50
KEEP_FOR = timedelta(days=7)

Clock = Callable[[], datetime]


@dataclass(frozen=True)
class Verdict:
    """What a start found: whether the station serves, the crashes still on record (oldest first)."""

    out_of_service: bool
    crashes: tuple[datetime, ...]
    found: int = 0  # crashes this start found
    since: datetime | None = None  # out of service since
    trial: bool = False  # this start is the one try after the cool-off


def _time(text: str) -> datetime:
    moment = datetime.fromisoformat(text)
    if moment.tzinfo is None:
        raise ValueError(f"time without a zone: {text}")
    return moment


class CrashRecord:
    """One kiosk's starts and crashes in its data dir; ``start`` once at start-up, ``stopped_cleanly`` at the end."""

    def __init__(self, data_dir: Path, *, clock: Clock = lambda: datetime.now(UTC), pid: int | None = None) -> None:
        self.path = data_dir / RECORD_FILE
        self._clock = clock
        self._pid = os.getpid() if pid is None else pid
        self._start_id: str | None = None

    # -- the start and the stop -----------------------------------------------------------------------------
    def start(self) -> Verdict:
        """Record this start (durably), count the crashes it finds, and say whether the station serves."""
        now = self._clock()
        state = self._load()
        starts: list[dict[str, Any]] = state["starts"]
        crashes: list[datetime] = [_time(t) for t in state["crashes"]]
        reset_at = _time(state["reset_at"]) if state.get("reset_at") else None
        out_since = _time(state["out_since"]) if state.get("out_since") else None
        found, trial_failed = 0, False
        for entry in starts:
            if entry.get("end") is not None:
                continue
            entry["end"] = "crash"
            found += 1
            crashes.append(now)
            started = _time(entry["at"])
            trial_failed = trial_failed or (bool(entry.get("trial")) and now - started <= WINDOW)
            log.warning(
                "crash counted: the kiosk started at %s (pid %s) ended without a clean stop; %d in the last %d min",
                entry["at"], entry.get("pid"), len(_recent(crashes, now, reset_at)), WINDOW.seconds // 60,
            )  # fmt: skip
        recent = _recent(crashes, now, reset_at)
        if out_since is None and (len(recent) >= CRASHES_OUT or trial_failed):
            out_since = now
            why = "the try after the cool-off crashed" if trial_failed else f"{len(recent)} crashes in 10 minutes"
            log.error("out of service: %s; the screen shows the hotline until a technician resets it", why)
        trial = False
        if out_since is not None and not trial_failed:
            counted = [c for c in crashes if reset_at is None or c > reset_at]
            last = max([out_since, *counted])
            if now - last >= COOL_OFF:
                out_since, trial = None, True
                log.warning("no crash for %d min: trying normal service once more", COOL_OFF.seconds // 60)
        self._start_id = uuid.uuid4().hex
        starts.append({"id": self._start_id, "at": now.isoformat(), "pid": self._pid, "end": None, "trial": trial})
        state["starts"] = starts[-KEEP_STARTS:]
        kept = [c for c in crashes if now - c <= KEEP_FOR][-KEEP_CRASHES:]
        state["crashes"] = [c.isoformat() for c in kept]
        state["out_since"] = out_since.isoformat() if out_since else None
        self._save(state)
        return Verdict(out_since is not None, tuple(kept), found, out_since, trial)

    def stopped_cleanly(self) -> None:
        """Mark this start's stop as clean (a stop by signal or by the technician, after the UI closed)."""
        if self._start_id is None:
            return
        state = self._load()
        for entry in state["starts"]:
            if entry.get("id") == self._start_id and entry.get("end") is None:
                entry["end"] = "clean"
        self._save(state)
        self._start_id = None

    # -- the technician -------------------------------------------------------------------------------------
    def reset(self, by: str) -> None:
        """Back in service at the next start; the crashes stay on record for the history, no longer counted."""
        state = self._load()
        was_out = state.get("out_since")
        state["out_since"] = None
        state["reset_at"] = self._clock().isoformat()
        self._save(state)
        log.warning("crash record reset by %s%s", by, ": back in service at the next start" if was_out else "")

    def crashes(self) -> tuple[datetime, ...]:
        return tuple(_time(t) for t in self._load()["crashes"])

    def out_of_service(self) -> bool:
        return bool(self._load().get("out_since"))

    def cool_off_over(self) -> bool:
        """True when out of service and no crash for COOL_OFF: a restart now would try normal service."""
        state = self._load()
        if not state.get("out_since"):
            return False
        reset_at = _time(state["reset_at"]) if state.get("reset_at") else None
        counted = [c for c in map(_time, state["crashes"]) if reset_at is None or c > reset_at]
        return self._clock() - max([_time(state["out_since"]), *counted]) >= COOL_OFF

    # -- the file -------------------------------------------------------------------------------------------
    def _load(self) -> dict[str, Any]:
        empty: dict[str, Any] = {"starts": [], "crashes": [], "out_since": None, "reset_at": None}
        try:
            state = json.loads(self.path.read_text(encoding="utf-8"))
            if not isinstance(state, dict) or not isinstance(state.get("starts"), list):
                raise ValueError("not a crash record")
            for text in [*state["crashes"], state.get("out_since") or "", state.get("reset_at") or ""]:
                if text:
                    _time(text)
        except FileNotFoundError:
            return empty
        except (OSError, ValueError, TypeError, KeyError) as error:
            log.warning("crash record %s unreadable (%s): starting a new one", self.path, error)
            return empty
        return {**empty, **state}

    def _save(self, state: dict[str, Any]) -> None:
        """Write, fsync, rename over the old record, fsync the directory: after a power cut it is the old or the
        new record, whole."""
        partial = self.path.with_suffix(".partial")
        try:
            with partial.open("w", encoding="utf-8") as handle:
                json.dump(state, handle, ensure_ascii=False, indent=1)
                handle.flush()
                os.fsync(handle.fileno())
            partial.replace(self.path)
            directory = os.open(self.path.parent, os.O_RDONLY)
            try:
                os.fsync(directory)
            finally:
                os.close(directory)
        except OSError as error:  # a full disk must not keep the kiosk from starting
            log.error("crash record not saved in %s: %s", self.path, error)


def _recent(crashes: list[datetime], now: datetime, reset_at: datetime | None) -> list[datetime]:
    return [c for c in crashes if now - c < WINDOW and (reset_at is None or c > reset_at)]
