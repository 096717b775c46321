"""Forgetting old events: every change the hall streams (a number taken or called, a filing's status, an alert)
adds a row to ``hall_event``, and nothing else removed them, so a hall that runs for years kept every one. Event
streams only resume from recent events (a display or kiosk that reconnects), and the ticket, filing and rating
tables keep the records themselves; so events older than EVENTS_KEPT are deleted, every PRUNE_EVERY_S, in batches
that keep the write lock short."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta

from fastapi import FastAPI
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session, sessionmaker

from hall.models import HallEvent
from hall.workers import Periodic, add_worker

log = logging.getLogger(__name__)

EVENTS_KEPT = timedelta(days=2)
PRUNE_EVERY_S = 600.0
BATCH = 5000


def prune_events(sessions: sessionmaker[Session], before: datetime) -> int:
    """Delete the events created before ``before``, oldest first in batches; answer how many went. The newest
    event always stays, so new ids never go back below what a stream has seen."""
    gone = 0
    while True:
        with sessions.begin() as session:
            newest = session.scalar(select(func.max(HallEvent.id)))
            ids = session.scalars(
                select(HallEvent.id)
                .where(HallEvent.created_at < before, HallEvent.id != newest)
                .order_by(HallEvent.id)
                .limit(BATCH)
            ).all()
            if ids:
                session.execute(delete(HallEvent).where(HallEvent.id.in_(ids)))
        gone += len(ids)
        if len(ids) < BATCH:
            break
    if gone:
        log.info("%d events older than %s deleted", gone, before.isoformat())
    return gone


def add_event_retention(app: FastAPI, sessions: sessionmaker[Session], clock: Callable[[], datetime]) -> None:
    """The worker that prunes events, on the hall's clock."""
    add_worker(app, Periodic("event-retention", PRUNE_EVERY_S, lambda: prune_events(sessions, clock() - EVENTS_KEPT)))
