"""The technician's locked door (TechnicianPort): the PIN with its lockout, the outbox's state, the log's tail.

Five wrong PINs in a row lock the door for five minutes. The count and the lock are kept in memory and in
``technician-lock.json`` in the data dir, so pulling the plug does not buy a passer-by five more guesses.
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable, Mapping
from datetime import UTC, datetime, timedelta
from pathlib import Path

from kiosk.hallclient.outbox_state import outbox_report, outbox_words
from kiosk.station.pin import verify_pin
from kiosk.station.ports import PinResult
from kiosk.store import AuditTrail, Store

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
LOCKOUT = timedelta(minutes=5)
LOCK_FILE = "technician-lock.json"
TAIL_BLOCK = 64 * 1024


class Technician:
    def __init__(
        self,
        pin_hash: str,
        data_dir: Path,
        store: Store | None,
        log_file: Path,
        *,
        outbox_error: Callable[[], str | None] = lambda: None,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        audit: AuditTrail | None = None,
    ) -> None:
        self._pin_hash, self._store, self._log_file = pin_hash, store, log_file
        self._audit = audit
        self._outbox_error, self._clock = outbox_error, clock
        self._path = data_dir / LOCK_FILE
        self._lock = threading.Lock()
        self._failures, self._locked_until = self._load()
        if not pin_hash:
            log.warning("no technician PIN configured ([ui] technician_pin_hash): technician mode stays locked")

    # -- TechnicianPort -------------------------------------------------------------------------------------
    def check_pin(self, pin: str) -> PinResult:
        """The door's answer to ``pin``; each attempt is in the audit log (the PIN itself never is)."""
        with self._lock:
            result, outcome = self._check(pin)
        self.record("technician.enter", outcome=outcome, detail={"attempts_left": result.attempts_left})
        return result

    def _check(self, pin: str) -> tuple[PinResult, str]:
        now = self._clock()
        if self._locked_until is not None:
            if now < self._locked_until:
                return PinResult(False, self._locked_until, 0), "locked"
            self._failures, self._locked_until = 0, None
        if verify_pin(pin, self._pin_hash):
            self._failures = 0
            self._save()
            log.info("technician mode opened")
            return PinResult(True, None, MAX_ATTEMPTS), "ok"
        self._failures += 1
        outcome = "wrong_pin"
        if self._failures >= MAX_ATTEMPTS:
            self._failures, self._locked_until = 0, now + LOCKOUT
            outcome = "wrong_pin_locked"
            log.warning("technician PIN wrong %d times: locked until %s", MAX_ATTEMPTS, self._locked_until)
        self._save()
        left = 0 if self._locked_until else MAX_ATTEMPTS - self._failures
        return PinResult(False, self._locked_until, left), outcome

    def record(
        self, action: str, *, target: str = "", outcome: str = "ok", detail: Mapping[str, object] | None = None
    ) -> None:
        if self._audit is None:
            return
        try:
            self._audit.record(action, target=target, outcome=outcome, detail=detail)
        except Exception as error:  # the door still works; the failure is in the log for whoever looks
            log.error("technician action %s (%s) not written to the audit log", action, outcome, exc_info=error)

    def outbox_status(self) -> tuple[int, str | None]:
        """Messages waiting for the hall, and the outbox's state in words: paused (the hall refuses this kiosk),
        parked messages (the hall refused them), or why the line waits; None when all is well. Without a store
        (the out-of-service screen opens none) nothing is known to wait."""
        if self._store is None:
            return 0, None
        with self._store.sessions() as session:
            report = outbox_report(session)
        return report.pending, outbox_words(report, self._outbox_error())

    def log_tail(self, lines: int) -> list[str]:
        """The last ``lines`` lines of the kiosk log (ID numbers are already masked there)."""
        if lines <= 0:
            return []
        try:
            with self._log_file.open("rb") as handle:
                size = handle.seek(0, 2)
                data = b""
                while size > 0 and data.count(b"\n") <= lines:
                    step = min(TAIL_BLOCK, size)
                    size -= step
                    handle.seek(size)
                    data = handle.read(step) + data
        except OSError as error:
            return [f"日志无法读取 / the log cannot be read: {self._log_file} ({error.strerror or error})"]
        return data.decode("utf-8", errors="replace").splitlines()[-lines:]

    # -- the lock's memory ----------------------------------------------------------------------------------
    def _load(self) -> tuple[int, datetime | None]:
        try:
            state = json.loads(self._path.read_text(encoding="utf-8"))
            failures = int(state.get("failures", 0))
            until = state.get("locked_until")
            locked_until = datetime.fromisoformat(until) if until else None
            if locked_until is not None and locked_until.tzinfo is None:
                raise ValueError("lock time without a time zone")
        except FileNotFoundError:
            return 0, None
        except (OSError, ValueError, TypeError, AttributeError) as error:
            # A damaged file must not unlock the door: treat it as a fresh lockout.
            log.warning("technician lock file %s unreadable (%s): locking", self._path, error)
            return 0, self._clock() + LOCKOUT
        return max(0, min(failures, MAX_ATTEMPTS - 1)), locked_until

    def _save(self) -> None:
        until = self._locked_until.isoformat() if self._locked_until else None
        partial = self._path.with_suffix(".partial")
        try:
            partial.write_text(json.dumps({"failures": self._failures, "locked_until": until}), encoding="utf-8")
            partial.replace(self._path)
        except OSError as error:
            log.warning("technician lock state not saved in %s: %s", self._path, error)
