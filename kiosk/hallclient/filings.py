"""How a filing reaches the hall, and how its status comes back (docs/filings.md, "The kiosk's sync worker").

``FilingRoute`` is the outbox route of kind ``filing``: it reads the filing from the store when it sends (the
outbox row holds only the id), uploads the attachments the hall does not hold yet (resumable,
kiosk/hallclient/uploads.py), then posts the ``FilingIn``. The hall's answer is recorded in the transaction that
marks the message delivered. ``FilingPull`` asks the hall for the kiosk's filings changed since its cursor;
``Retention`` deletes ID numbers and attachment files a while after the hall confirmed them, and the outbox's
delivered messages once they are older than the retention (and a day). Both run as chores of the outbox sender's
thread.
"""

from __future__ import annotations

import json
import logging
import uuid
from collections.abc import Callable, Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from common.hallapi.filings import FilingIn, FilingList, FilingOut
from devices.words import Words
from kiosk.hallclient.base import HallClient, body, read
from kiosk.hallclient.errors import HallError, HallRefused
from kiosk.hallclient.hall_restored import RestoreWatch
from kiosk.hallclient.outbox import OutboxSender, Recorder, Route
from kiosk.hallclient.outbox_rows import DELIVERED_KEPT_AT_LEAST, prune_delivered
from kiosk.hallclient.outbox_state import PULL_CURSOR, read_state, write_state
from kiosk.hallclient.ratings import ROUTES as RATING_ROUTES
from kiosk.hallclient.uploads import upload
from kiosk.store import Filing, FilingAttachment, Store
from kiosk.store.filings import FILING_KIND, FilingStore, apply_status
from kiosk.store.keys import StoreKeys

log = logging.getLogger(__name__)

PULL_EVERY = timedelta(seconds=60)
PURGE_EVERY = timedelta(minutes=10)
PULL_PAGE = 200  # filings per request: the hall's page
PULL_PAGES = 50  # at most this many pages per pull; the rest comes at the next one
PULL_OVERLAP = timedelta(seconds=5)  # read again at the next pull: changes committed out of their time order


def filing_fields(session: Session, filing_id: uuid.UUID, kiosk_id: str, keys: StoreKeys) -> dict[str, Any] | None:
    """The FilingIn fields from the tables (the ID number and the typed form opened with ``keys``), or None if the
    kiosk no longer holds the filing."""
    filing = session.get(Filing, filing_id)
    if filing is None:
        return None
    context = filing.id.bytes
    try:
        id_number = keys.open(filing.id_number_sealed, context) if filing.id_number_sealed else None
        form = json.loads(keys.open(filing.form_sealed, context)) if filing.form_sealed else dict(filing.form)
    except ValueError as error:  # the key file was replaced or lost: kept (parked) for a technician
        raise HallRefused(
            "id_number_unreadable",
            Words(
                "本机身份证号密钥文件不对，申报无法发送", f"the kiosk's ID-number key file does not open it: {error}"
            ),
        ) from None
    attachments = session.scalars(
        select(FilingAttachment).where(FilingAttachment.filing_id == filing_id).order_by(FilingAttachment.position)
    ).all()
    applicant: dict[str, Any] = {"name": filing.applicant_name, "id_number": id_number}
    if filing.phone:
        applicant["phone"] = filing.phone
    delivery: dict[str, Any] = {"method": filing.delivery_method}
    if filing.delivery_address:
        delivery["address"] = filing.delivery_address
    return {
        "id": str(filing.id),
        "number": filing.number,
        "item_code": filing.item_code,
        "kiosk_id": kiosk_id,
        "created_at": filing.created_at.isoformat(),
        "applicant": applicant,
        "form": form,
        "attachments": [
            {"sha256": a.sha256, "name": a.name, "size": a.size, "content_type": a.content_type}
            | ({"material": a.material} if a.material else {})
            for a in attachments
        ],
        "materials_to_bring": list(filing.materials_to_bring),
        "delivery": delivery,
    }


class FilingRoute:
    """Deliver one filing: its attachments first, each resumable, then the filing itself."""

    def __init__(self, filings: FilingStore, kiosk_id: str, *, stopping: Callable[[], bool] = lambda: False) -> None:
        self.filings, self.kiosk_id, self._stopping = filings, kiosk_id, stopping

    def __call__(self, client: HallClient, payload: dict[str, Any]) -> Recorder:
        filing_id = uuid.UUID(str(payload["filing_id"]))
        with self.filings.store.sessions() as session:
            fields = filing_fields(session, filing_id, self.kiosk_id, self.filings.store.keys)
            pending = [
                (a.id, a.sha256, a.content_type)
                for a in session.scalars(
                    select(FilingAttachment).where(
                        FilingAttachment.filing_id == filing_id, FilingAttachment.uploaded.is_(False)
                    )
                )
            ]
        if fields is None:
            raise HallRefused("filing_missing", Words("本机没有这份申报", f"no filing {filing_id} in this kiosk"))
        sent = body(FilingIn, fields)  # a body the hall would refuse is parked here, without a request
        uploaded = []
        for row_id, sha256, content_type in pending:
            path = self.filings.attachment_path(sha256)
            if not path.exists():
                raise HallRefused(
                    "attachment_file_missing",
                    Words("附件文件缺失", f"the attachment file {sha256[:12]}… is missing from the data dir"),
                )
            upload(client, path, sha256, content_type, stopping=self._stopping)
            uploaded.append(row_id)
        answer = read(FilingOut, client.post("/api/v1/filings", sent.model_dump(mode="json", exclude_unset=True)))
        log.info("filing %s confirmed by the hall: %s", fields["number"], answer.status.value)
        confirmed_at = self.filings.now()

        def record(session: Session) -> None:
            # The uploads are recorded with the confirmation, in one commit: after a crash before it, a HEAD
            # per attachment finds what the hall holds, so nothing is sent twice either way.
            if uploaded:
                session.execute(update(FilingAttachment).where(FilingAttachment.id.in_(uploaded)).values(uploaded=True))
            apply_status(session, answer, now=confirmed_at)

        return record


class FilingPull:
    """Every ``every``, ask the hall for this kiosk's filings changed since the cursor and keep their status."""

    def __init__(
        self,
        client: HallClient,
        filings: FilingStore,
        kiosk_id: str,
        *,
        paused: Callable[[], bool] = lambda: False,
        every: timedelta = PULL_EVERY,
        page: int = PULL_PAGE,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self.client, self.filings, self.kiosk_id, self._page = client, filings, kiosk_id, page
        self._paused, self._every, self._clock = paused, every, clock
        self._next: datetime | None = None

    def __call__(self) -> None:
        now = self._clock()
        if self._paused() or (self._next is not None and now < self._next):
            return
        self._next = now + self._every
        try:
            self.pull()
        except HallError as error:
            log.info("status pull skipped: %s", error)

    def pull(self) -> int:
        """Page through the changes since the cursor; the number of this kiosk's filings whose status changed.

        Within a pull the pages follow the hall's order, (``updated_at``, id), each starting past the last filing
        of the one before (``since`` and ``after``). Between pulls the cursor is set back by ``PULL_OVERLAP``: a
        change whose transaction committed after a later one is still seen; one seen twice changes nothing."""
        store, changed = self.filings.store, 0
        with store.sessions() as session:
            since = (read_state(session, PULL_CURSOR) or {}).get("since")
        after: str | None = None
        for _ in range(PULL_PAGES):
            params: dict[str, Any] = {"kiosk_id": self.kiosk_id, "limit": self._page}
            if since:
                params["since"] = since
            if after:
                params["after"] = after
            page = read(FilingList, self.client.get("/api/v1/filings", **params)).filings
            if not page:
                break
            last = page[-1]
            since, after = last.updated_at.isoformat(), str(last.id)
            with store.sessions.begin() as session:
                changed += sum(apply_status(session, out, now=self._clock()) for out in page)
                back = (last.updated_at - PULL_OVERLAP).isoformat()
                write_state(session, PULL_CURSOR, {"since": back})
            if len(page) < self._page:
                break
        return changed


class Retention:
    """Every ``every``, purge the filings the hall confirmed more than ``retention`` ago (FilingStore.purge), and
    delete the outbox messages delivered more than ``retention`` (at least a day) ago."""

    def __init__(self, filings: FilingStore, retention: timedelta, *, every: timedelta = PURGE_EVERY) -> None:
        self.filings, self.retention, self._every = filings, retention, every
        self._next: datetime | None = None

    def __call__(self) -> None:
        now = self.filings.now()
        if self._next is not None and now < self._next:
            return
        self._next = now + self._every
        self.filings.purge(self.retention)
        keep = max(self.retention, DELIVERED_KEPT_AT_LEAST)
        with self.filings.store.sessions.begin() as session:
            pruned = prune_delivered(session, before=now - keep)
        if pruned:
            log.info("retention: %d delivered outbox messages deleted", pruned)


def sync_worker(
    store: Store,
    client: HallClient,
    filings: FilingStore,
    kiosk_id: str,
    *,
    retention: timedelta,
    routes: Mapping[str, Route] = RATING_ROUTES,
    interval_s: float = 2.0,
) -> OutboxSender:
    """The kiosk's one sync worker: the outbox sender with the filing route beside ``routes`` (ratings), the
    watch for a hall restored from a backup, the status pull and retention as its chores. Start it with
    ``start()``, end it with ``stop()``."""
    sender: OutboxSender

    def stopping() -> bool:
        return sender.stopping

    def paused() -> bool:
        return sender.paused is not None

    route = Route(FilingRoute(filings, kiosk_id, stopping=stopping))
    pull = FilingPull(client, filings, kiosk_id, paused=paused)
    watch = RestoreWatch(client, store, retention, wake=lambda: sender.wake(everything=True))
    chores = (watch, pull, Retention(filings, retention))
    sender = OutboxSender(store, client, {**routes, FILING_KIND: route}, interval_s=interval_s, chores=chores)
    return sender
