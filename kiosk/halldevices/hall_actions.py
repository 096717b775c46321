"""The controller's side of the hall: window actions over HTTP, each outcome telling the hall link
(kiosk/hallclient/link.py) whether the hall is there, and ratings through the local outbox."""

from __future__ import annotations

import logging
from pathlib import Path

from common.hallapi.queue import Pause, WindowAction
from common.hallapi.ratings import RatingIn
from kiosk.hallclient import HallClient, HallRefused, HallUnreachable
from kiosk.hallclient.link import HallLink
from kiosk.hallclient.outbox import OutboxSender
from kiosk.hallclient.ratings import ROUTES, keep_rating
from kiosk.halldevices.pad_state import Served
from kiosk.store import Store, open_store

log = logging.getLogger(__name__)

STORE_FILE = "hall-devices.db"


class HallWindowActions:
    """``WindowActions`` on the hall's HTTP API (docs/hall.md): 200 with the ticket, 204 when nothing to do.
    Every answer tells ``link`` the hall is there; a failure to reach it tells it the hall is gone."""

    def __init__(self, client: HallClient, link: HallLink) -> None:
        self._client, self._link = client, link

    def call_next(self, window: int) -> Served | None:
        return self._ticket(window, "call-next")

    def recall(self, window: int) -> Served | None:
        return self._ticket(window, "recall")

    def no_show(self, window: int) -> Served | None:
        return self._ticket(window, "no-show")

    def complete(self, window: int) -> Served | None:
        return self._ticket(window, "complete")

    def pause(self, window: int, paused: bool) -> bool:
        answer = self._post(f"/api/v1/windows/{window}/pause", Pause(paused=paused))
        return bool(answer and answer.paused)

    def _ticket(self, window: int, action: str) -> Served | None:
        answer = self._post(f"/api/v1/windows/{window}/{action}")
        ticket = answer.ticket if answer else None
        return Served(str(ticket.id), ticket.number) if ticket else None

    def _post(self, path: str, sent: Pause | None = None) -> WindowAction | None:
        try:
            answer = self._client.send(path, sent, WindowAction)
        except HallUnreachable as error:
            self._link.lost(error.message)
            raise
        except HallRefused:
            self._link.back()
            raise
        self._link.back()
        return answer


class RatingOutbox:
    """Ratings kept in the controller's own store first, then delivered once each by an OutboxSender."""

    def __init__(self, data_dir: Path, client: HallClient, *, interval_s: float = 2.0) -> None:
        data_dir.mkdir(parents=True, exist_ok=True)
        self.store: Store = open_store(data_dir, STORE_FILE)
        self.sender = OutboxSender(self.store, client, ROUTES, interval_s=interval_s, name="pad-ratings")

    def add(self, rating: RatingIn) -> None:
        """Store the rating (committed before this returns) and ask the sender to deliver it now."""
        with self.store.sessions.begin() as session:
            keep_rating(session, rating)
        self.sender.wake()

    def start(self) -> None:
        self.sender.start()

    def stop(self) -> None:
        self.sender.stop()
        self.store.close()
