"""A hall restored from a backup, seen by the kiosk's sync worker: what was delivered since is sent again.

The hall names itself with an instance id in ``GET /api/v1/health`` that ``kiosk hall restore`` renews
(hall/instance.py). ``RestoreWatch`` reads it at the sync worker's first turn and then every ``every``; when it
differs from the one kept in the store, the hall may lack what the kiosk delivered after the backup was made, so
the kiosk puts back in line what it still holds: its filings not yet purged by retention (their attachments to be
uploaded again where the hall lacks them) and the ratings delivered within the retention period. The hall takes
each once by its id and answers a repeat as the one it holds (docs/hall.md, "Backups"). What retention already
purged cannot be sent again: that is the limit.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from common.hallapi.base import HealthOut
from kiosk.hallclient.base import HallClient, read
from kiosk.hallclient.errors import HallError
from kiosk.hallclient.outbox_state import PULL_CURSOR, read_state, write_state
from kiosk.hallclient.ratings import RATING
from kiosk.store import Filing, FilingAttachment, OutboxMessage, Store
from kiosk.store.filings import FILING_KIND

log = logging.getLogger(__name__)

HALL_INSTANCE = "hall_instance"  # the sync state key: the instance id the hall last gave
WATCH_EVERY = timedelta(seconds=60)


def resend_after_restore(session: Session, *, now: datetime, retention: timedelta) -> int:
    """Put back in line the delivered filings the kiosk still holds and the ratings delivered within
    ``retention``; how many messages. The caller commits."""
    kept_filings = select(Filing.id).where(Filing.purged_at.is_(None))
    filings = session.scalars(
        select(OutboxMessage).where(
            OutboxMessage.kind == FILING_KIND,
            OutboxMessage.sent_at.is_not(None),
            OutboxMessage.id.in_(kept_filings),
        )
    ).all()
    ratings = session.scalars(
        select(OutboxMessage).where(
            OutboxMessage.kind == RATING,
            OutboxMessage.sent_at.is_not(None),
            OutboxMessage.sent_at >= now - retention,
        )
    ).all()
    again = [*filings, *ratings]
    for message in again:
        message.sent_at, message.attempts, message.last_error, message.next_attempt_at = None, 0, None, now
    if filings:
        # The restored hall may lack their files: each is checked (HEAD) and uploaded only where it is missing.
        session.execute(
            update(FilingAttachment)
            .where(FilingAttachment.filing_id.in_([m.id for m in filings]))
            .values(uploaded=False)
        )
    write_state(session, PULL_CURSOR, None)  # the restored hall's statuses are read again from the start
    return len(again)


class RestoreWatch:
    """A chore of the sync worker: notice the hall's instance id change and send again (``resend_after_restore``);
    ``wake`` then starts a round at once."""

    def __init__(
        self,
        client: HallClient,
        store: Store,
        retention: timedelta,
        *,
        wake: Callable[[], None] = lambda: None,
        every: timedelta = WATCH_EVERY,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self.client, self.store, self.retention = client, store, retention
        self._wake, self._every, self._clock = wake, every, clock
        self._next: datetime | None = None

    def __call__(self) -> None:
        now = self._clock()
        if self._next is not None and now < self._next:
            return
        self._next = now + self._every
        try:
            self.check()
        except HallError as error:
            log.info("hall instance check skipped: %s", error)

    def check(self) -> int:
        """Read the hall's instance id now; the messages put back in line (0 unless it changed)."""
        instance = read(HealthOut, self.client.get("/api/v1/health")).instance
        if instance is None:  # a hall of a version without instance ids
            return 0
        with self.store.sessions.begin() as session:
            known = (read_state(session, HALL_INSTANCE) or {}).get("id")
            if known == instance:
                return 0
            write_state(session, HALL_INSTANCE, {"id": instance})
            if known is None:
                return 0
            count = resend_after_restore(session, now=self._clock(), retention=self.retention)
        log.warning(
            "the hall was restored from a backup (instance %s -> %s): %d delivered messages sent again",
            known,
            instance,
            count,
        )
        if count:
            self._wake()
        return count
