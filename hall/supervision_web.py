"""电子监察's page for supervisors: ``/web/supervision`` (the standing warnings, red first, then yellow, and the
payment alerts; acknowledge with a note) and ``/web/supervision/panel`` (the same list as a fragment, which the
page's script fetches again on every live event). Also where the sweep's worker is started."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker
from starlette.concurrency import run_in_threadpool

from hall.alerts import Alert
from hall.catalog import Catalog, catalog_dir, load_catalog
from hall.filings import Filing
from hall.models import HallEvent
from hall.supervision import Supervision, standing_query
from hall.supervision_rules import (
    FILING_PROMISED,
    FILING_STATUTORY,
    FOLLOW_UP,
    KIND_WORDS,
    TICKET_WAIT,
    WINDOW_PAUSED,
    Rules,
)
from hall.tokens import Role
from hall.web import HallContext
from hall.webui.auth import WebRefused, checked_form, web_user
from hall.webui.render import NavEntry, add_nav, render
from hall.webui.sessions import WebUser
from hall.workers import Periodic, add_worker

PAGE = "/web/supervision"
MAX_NOTE = 200
OTHER_KINDS = {"payment": ("缴费", "Payments")}


@dataclass
class Row:
    alert: Alert
    what: tuple[str, str]
    link: str | None


@dataclass
class Panel:
    red: list[Row] = field(default_factory=list)
    yellow: list[Row] = field(default_factory=list)
    acknowledged: list[Row] = field(default_factory=list)
    other: list[Row] = field(default_factory=list)


def _what(kind: str) -> tuple[str, str]:
    if kind in KIND_WORDS:
        return KIND_WORDS[kind]
    return OTHER_KINDS.get(kind.split(".", maxsplit=1)[0], ("提醒", "Alert"))


def _links(session: Session, alerts: list[Alert]) -> dict[int, str]:
    """Where each warning's subject is looked at: a filing's page, the queue, the ratings."""
    numbers = {a.subject for a in alerts if a.kind in (FILING_PROMISED, FILING_STATUTORY)}
    filings: dict[str, uuid.UUID] = {}
    if numbers:
        query = select(Filing.number, Filing.id).where(Filing.number.in_(sorted(numbers)))
        filings = {row.number: row.id for row in session.execute(query)}
    links: dict[int, str] = {}
    for alert in alerts:
        if alert.kind in (FILING_PROMISED, FILING_STATUTORY) and alert.subject in filings:
            links[alert.id] = f"/web/filings/{filings[alert.subject]}"
        elif alert.kind in (TICKET_WAIT, WINDOW_PAUSED):
            links[alert.id] = "/web/queue"
        elif alert.kind == FOLLOW_UP:
            links[alert.id] = "/web/ratings"
    return links


def read_panel(readers: sessionmaker[Session]) -> Panel:
    with readers() as session:
        standing = list(session.scalars(standing_query().order_by(Alert.created_at, Alert.id)))
        other_open = select(Alert).where(
            Alert.acknowledged_at.is_(None),
            Alert.cleared_at.is_(None),
            Alert.kind.not_like("supervision.%"),
        )
        other = list(session.scalars(other_open.order_by(Alert.id.desc()).limit(200)))
        links = _links(session, standing)
    panel = Panel()
    for alert in standing:
        row = Row(alert, _what(alert.kind), links.get(alert.id))
        if alert.acknowledged_at is not None:
            panel.acknowledged.append(row)
        elif alert.severity == "critical":
            panel.red.append(row)
        else:
            panel.yellow.append(row)
    panel.other = [Row(a, _what(a.kind), None) for a in other]
    return panel


def acknowledge(sessions: sessionmaker[Session], alert_id: int, who: str, note: str, now: datetime) -> Alert | None:
    """Once, with the note; the live pages of every supervisor hear of it. None: no such alert."""
    with sessions.begin() as session:
        alert = session.get(Alert, alert_id, with_for_update=True)
        if alert is None:
            return None
        if alert.acknowledged_at is None:
            alert.acknowledged_by, alert.acknowledged_at, alert.note = who, now, note
            payload: dict[str, object] = {"acknowledged": alert_id}
            session.add(HallEvent(kind="alert.changed", payload=payload, created_at=now))
        return alert


def add_supervision_routes(app: FastAPI, hall: HallContext) -> None:
    config = hall.queue.config
    catalog: Catalog = getattr(app.state, "catalog", None) or load_catalog(catalog_dir(config))
    clock: Callable[[], datetime] = hall.queue.clock
    supervision = Supervision(hall.sessions, Rules(config, catalog), clock)
    app.state.supervision = supervision  # tests run its sweep directly
    add_worker(app, Periodic("supervision-sweep", config.supervision.sweep_seconds, supervision.sweep))
    add_nav(app, NavEntry(PAGE, "电子监察", "Supervision", frozenset({Role.SUPERVISOR}), 20))
    supervisor = web_user(Role.SUPERVISOR)
    readers = hall.queue.readers

    def page(
        request: Request, user: WebUser, errors: dict[str, str], values: dict[str, str], status: int = 200
    ) -> HTMLResponse:
        panel = read_panel(readers)
        done = request.query_params.get("done", "")
        context: dict[str, Any] = {"panel": panel, "errors": errors, "values": values, "done": done.isdigit()}
        return render(request, "supervision.html", context, user=user, status=status)

    @app.get(PAGE, response_class=HTMLResponse, include_in_schema=False)
    def supervision_page(request: Request, user: WebUser = supervisor) -> HTMLResponse:
        return page(request, user, {}, {})

    @app.get(f"{PAGE}/panel", response_class=HTMLResponse, include_in_schema=False)
    def supervision_panel(request: Request, user: WebUser = supervisor) -> HTMLResponse:
        context = {"panel": read_panel(readers), "errors": {}, "values": {}}
        return render(request, "_supervision_panel.html", context, user=user)

    @app.post(PAGE + "/{alert_id}/acknowledge", include_in_schema=False)
    async def acknowledge_alert(request: Request, alert_id: str, user: WebUser = supervisor) -> Response:
        form = await checked_form(request)
        if not (alert_id.isascii() and alert_id.isdigit() and 0 < int(alert_id) < 2**31):
            raise WebRefused(404, "没有这条提醒", "There is no such alert")
        note = str(form.get("note", "")).strip()
        name = f"note-{alert_id}"
        if len(note) > MAX_NOTE:
            message = f"备注最多 {MAX_NOTE} 个字，请删减 / The note holds at most {MAX_NOTE} characters: shorten it"
            return await run_in_threadpool(page, request, user, {name: message}, {name: note}, 422)
        done = await run_in_threadpool(acknowledge, hall.sessions, int(alert_id), user.name, note, clock())
        if done is None:
            raise WebRefused(404, "没有这条提醒，可能已被清除", "There is no such alert: it may have been removed")
        return RedirectResponse(f"{PAGE}?done={alert_id}", status_code=303)
