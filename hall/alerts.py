"""Alerts for the supervisors: anything in the hall that a person must look at (a reconciliation difference, a
forged payment notification). General on purpose: a kind (a stable code), a severity, a subject, a message in
both languages, and who acknowledged it. The same alert raised again before it is acknowledged is counted on the
open one, not repeated. ``GET /api/v1/alerts`` and ``POST /api/v1/alerts/{id}/acknowledge`` (supervisor token).
docs/payment.md, "Reconciliation and alerts"."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from typing import Annotated

from fastapi import FastAPI, Path, Query, Request
from sqlalchemy import Index, Integer, String, select, text
from sqlalchemy.orm import Mapped, Session, mapped_column, sessionmaker

from common.dbtypes import UtcDateTime
from common.hallapi.payments import AcknowledgeIn, AlertList, AlertOut, Severity
from devices.words import Words
from hall.database import read_only
from hall.models import HallBase, HallEvent
from hall.tokens import Role
from hall.web import ERRORS, ApiError, HallContext, bearer, caller

log = logging.getLogger(__name__)
LIST_LIMIT = 500


class Alert(HallBase):
    __tablename__ = "alert"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    kind: Mapped[str] = mapped_column(String(40))
    severity: Mapped[str] = mapped_column(String(10))
    subject: Mapped[str] = mapped_column(String(100))
    message_zh: Mapped[str] = mapped_column(String(500))
    message_en: Mapped[str] = mapped_column(String(800))
    count: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    last_at: Mapped[datetime] = mapped_column(UtcDateTime)
    acknowledged_by: Mapped[str | None] = mapped_column(String(200), default=None)
    acknowledged_at: Mapped[datetime | None] = mapped_column(UtcDateTime, default=None)
    note: Mapped[str] = mapped_column(String(200), default="")
    # When the condition it warns of ended (电子监察's warnings, closed by the sweep: hall/supervision.py); None
    # for an alert that stands until a person acknowledges it.
    cleared_at: Mapped[datetime | None] = mapped_column(UtcDateTime, default=None)

    __table_args__ = (
        Index("ix_alert_open", "acknowledged_at", "kind", "subject"),
        # One standing warning per kind and subject, whatever the number of server processes sweeping.
        Index(
            "ux_alert_supervision",
            "kind",
            "subject",
            unique=True,
            sqlite_where=text("cleared_at IS NULL AND kind LIKE 'supervision.%'"),
            postgresql_where=text("cleared_at IS NULL AND kind LIKE 'supervision.%'"),
        ),
    )


def raise_alert(
    session: Session, kind: str, severity: Severity, subject: str, message: Words, *, at: datetime
) -> Alert:
    """Raise an alert in the caller's transaction (so it stands or falls with the change it reports); an open
    alert of the same kind and subject is counted once more instead."""
    open_one = session.scalars(
        select(Alert).where(Alert.kind == kind, Alert.subject == subject, Alert.acknowledged_at.is_(None)).limit(1)
    ).first()
    if open_one is not None:
        open_one.count += 1
        open_one.last_at = at
        open_one.message_zh, open_one.message_en = message.zh[:500], message.en[:800]
        return open_one
    alert = Alert(
        kind=kind,
        severity=severity,
        subject=subject[:100],
        message_zh=message.zh[:500],
        message_en=message.en[:800],
        count=1,
        created_at=at,
        last_at=at,
    )
    session.add(alert)
    session.add(HallEvent(kind="alert.changed", payload={"kind": kind, "severity": severity}, created_at=at))
    log.warning("alert %s (%s) on %s: %s", kind, severity, subject, message.en)
    return alert


class Alerts:
    def __init__(self, sessions: sessionmaker[Session], clock: Callable[[], datetime]) -> None:
        self.sessions, self.clock = sessions, clock

    def raise_alert(self, kind: str, severity: Severity, subject: str, message: Words) -> None:
        with self.sessions.begin() as session:
            raise_alert(session, kind, severity, subject, message, at=self.clock())

    def listed(self, *, open_only: bool, kind: str | None, limit: int) -> list[Alert]:
        query = select(Alert)
        if open_only:
            query = query.where(Alert.acknowledged_at.is_(None), Alert.cleared_at.is_(None))
        if kind is not None:
            query = query.where(Alert.kind == kind)
        with sessionmaker(read_only(self.sessions.kw["bind"]))() as session:
            return list(session.scalars(query.order_by(Alert.id.desc()).limit(min(limit, LIST_LIMIT))))

    def acknowledge(self, alert_id: int, who: str, note: str) -> Alert:
        """Once; acknowledging it again answers it as it was acknowledged."""
        with self.sessions.begin() as session:
            alert = session.get(Alert, alert_id, with_for_update=True)
            if alert is None:
                raise ApiError(404, "unknown_alert", "没有这条提醒 / no such alert")
            if alert.acknowledged_at is None:
                now = self.clock()
                alert.acknowledged_by, alert.acknowledged_at, alert.note = who, now, note
                # The supervision page of every supervisor follows the event stream (no personal data here).
                session.add(HallEvent(kind="alert.changed", payload={"acknowledged": alert_id}, created_at=now))
            return alert


def alert_out(alert: Alert) -> AlertOut:
    return AlertOut(
        id=alert.id,
        kind=alert.kind,
        severity=alert.severity,
        subject=alert.subject,
        message_zh=alert.message_zh,
        message_en=alert.message_en,
        count=alert.count,
        created_at=alert.created_at,
        last_at=alert.last_at,
        acknowledged_by=alert.acknowledged_by,
        acknowledged_at=alert.acknowledged_at,
        note=alert.note,
        cleared_at=alert.cleared_at,
    )


def add_alert_routes(app: FastAPI, hall: HallContext) -> None:
    alerts = Alerts(hall.sessions, hall.queue.clock)
    supervisor = bearer(hall.sessions, Role.SUPERVISOR)

    @app.get("/api/v1/alerts", response_model=AlertList, responses=ERRORS)
    def list_alerts(
        _role: Role = supervisor,
        state: Annotated[
            str, Query(pattern="^(open|all)$", description="open: not acknowledged yet, and not cleared")
        ] = "open",
        kind: Annotated[str | None, Query(max_length=40)] = None,
        limit: Annotated[int, Query(ge=1, le=LIST_LIMIT)] = 100,
    ) -> AlertList:
        """Newest first."""
        found = alerts.listed(open_only=state == "open", kind=kind, limit=limit)
        return AlertList(alerts=[alert_out(a) for a in found])

    @app.post("/api/v1/alerts/{alert_id}/acknowledge", response_model=AlertOut, responses=ERRORS)
    def acknowledge(
        request: Request,
        alert_id: Annotated[int, Path(ge=1, le=2**31 - 1)],
        body: AcknowledgeIn | None = None,
        _role: Role = supervisor,
    ) -> AlertOut:
        who = caller(request).name
        return alert_out(alerts.acknowledge(alert_id, who, body.note if body is not None else ""))
