"""电子监察 (electronic supervision): the sweep that keeps the hall's standing warnings in the ``alert`` table,
beside the payment alerts, so ``GET /api/v1/alerts`` and the supervision page show both.

Every ``[supervision] sweep_seconds`` (a ``Periodic`` worker) the rules (``hall/supervision_rules.py``) say what
deserves a warning now; the sweep compares that with the standing warnings (``cleared_at`` empty):
- a new condition raises a warning (kind, subject, severity);
- a yellow that turns red is updated in place (not a second alert), and asks to be acknowledged again;
- a warning whose condition ended is closed (``cleared_at``), acknowledged or not.
When anything changed it writes a ``supervision.changed`` hall event, which the live pages follow.

Several server processes may sweep the same database: a partial unique index allows one standing warning per kind
and subject, and on PostgreSQL an advisory lock lets one sweep run at a time."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from hall.alerts import Alert
from hall.models import HallEvent
from hall.supervision_rules import Finding, Rules

log = logging.getLogger(__name__)
SWEEP_LOCK = 0x5A1E_0016  # PostgreSQL advisory lock of the sweep
SEVERITY_ORDER = {"info": 0, "warning": 1, "critical": 2}


def standing_query() -> Select[Alert]:
    """The standing warnings: the partial unique index's own condition, so both databases read them by it."""
    return select(Alert).where(Alert.cleared_at.is_(None), Alert.kind.like("supervision.%"))


@dataclass(frozen=True)
class Swept:
    raised: int = 0
    changed: int = 0
    cleared: int = 0

    @property
    def anything(self) -> bool:
        return bool(self.raised or self.changed or self.cleared)


class Supervision:
    def __init__(self, sessions: sessionmaker[Session], rules: Rules, clock: Callable[[], datetime]) -> None:
        self.sessions, self.rules, self.clock = sessions, rules, clock
        self._lock = threading.Lock()  # one sweep at a time in this process (the worker, a test, a page)

    def sweep(self) -> Swept:
        """One turn; a second process that raised the same warning first makes this turn give way (the next one
        finds it standing)."""
        try:
            with self._lock:
                return self._sweep()
        except IntegrityError:
            log.info("supervision sweep: another server process raised the same warning first; next turn")
            return Swept()

    def _sweep(self) -> Swept:
        with self.sessions.begin() as session:
            if session.get_bind().dialect.name == "postgresql":
                session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": SWEEP_LOCK})
            now = self.clock()  # after waiting for the lock: never older than what the sweep before saw
            found = {(f.kind, f.subject): f for f in self.rules.findings(session, now)}
            standing = {(a.kind, a.subject): a for a in session.scalars(standing_query())}
            raised = changed = cleared = 0
            for key, finding in found.items():
                alert = standing.get(key)
                if alert is None:
                    session.add(_raised(finding, now))
                    raised += 1
                elif alert.severity != finding.severity:
                    _update(alert, finding, now)
                    changed += 1
            for key, alert in standing.items():
                if key not in found:
                    alert.cleared_at = now
                    cleared += 1
            swept = Swept(raised, changed, cleared)
            if swept.anything:
                red = sum(f.severity == "critical" for f in found.values())
                payload: dict[str, object] = {
                    "raised": raised,
                    "changed": changed,
                    "cleared": cleared,
                    "critical": red,
                    "warning": len(found) - red,
                }
                session.add(HallEvent(kind="supervision.changed", payload=payload, created_at=now))
                log.info(
                    "supervision: %d raised, %d changed, %d cleared; %d standing", raised, changed, cleared, len(found)
                )
        return swept


def _raised(finding: Finding, now: datetime) -> Alert:
    return Alert(
        kind=finding.kind,
        severity=finding.severity,
        subject=finding.subject[:100],
        message_zh=finding.words.zh[:500],
        message_en=finding.words.en[:800],
        count=1,
        created_at=now,
        last_at=now,
    )


def _update(alert: Alert, finding: Finding, now: datetime) -> None:
    worse = SEVERITY_ORDER[finding.severity] > SEVERITY_ORDER.get(alert.severity, 0)
    alert.severity = finding.severity
    alert.message_zh, alert.message_en = finding.words.zh[:500], finding.words.en[:800]
    alert.last_at = now
    if worse:
        alert.count += 1
        # Turned red: a supervisor who acknowledged the yellow must see it again.
        alert.acknowledged_at = alert.acknowledged_by = None
