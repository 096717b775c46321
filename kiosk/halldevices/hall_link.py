"""The controller's side of the hall: window actions over HTTP, ratings through the local outbox, and whether the
hall can be reached at all (known from failed requests, the event stream, and a health probe while it is down)."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from kiosk.hallclient import HallClient, HallRefused, HallUnreachable
from kiosk.hallclient.outbox import OutboxSender, Route
from kiosk.halldevices.pad_state import Served
from kiosk.store import Store, open_store
from kiosk.store.outbox import enqueue

log = logging.getLogger(__name__)

STORE_FILE = "hall-devices.db"
RATING = "rating"
PROBE_S = 1.0  # how often the health check asks while the hall is unreachable


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
        answer = self._post(f"/api/v1/windows/{window}/pause", {"paused": paused})
        return bool(answer and answer.get("paused"))

    def _ticket(self, window: int, action: str) -> Served | None:
        answer = self._post(f"/api/v1/windows/{window}/{action}")
        ticket = answer.get("ticket") if answer else None
        if not isinstance(ticket, dict):
            return None
        return Served(str(ticket["id"]), str(ticket["number"]))

    def _post(self, path: str, body: dict[str, Any] | None = None) -> dict[str, Any] | None:
        try:
            answer = self._client.post(path, body)
        except HallUnreachable as error:
            self._link.lost(error.message)
            raise
        except HallRefused:
            self._link.back()
            raise
        self._link.back()
        return answer


def _deliver_rating(client: HallClient, payload: dict[str, Any]) -> None:
    client.post("/api/v1/ratings", payload)


class RatingOutbox:
    """Ratings kept in the controller's own store first, then delivered once each by an OutboxSender."""

    def __init__(self, data_dir: Path, client: HallClient, *, interval_s: float = 2.0) -> None:
        data_dir.mkdir(parents=True, exist_ok=True)
        self.store: Store = open_store(data_dir, STORE_FILE)
        routes = {RATING: Route(_deliver_rating, already_there={"already_rated"})}
        self.sender = OutboxSender(self.store, client, routes, interval_s=interval_s, name="pad-ratings")

    def add(self, rating: dict[str, Any]) -> None:
        """Store the rating (committed before this returns) and ask the sender to deliver it now."""
        with self.store.sessions.begin() as session:
            enqueue(session, RATING, rating)
        self.sender.wake()

    def start(self) -> None:
        self.sender.start()

    def stop(self) -> None:
        self.sender.stop()
        self.store.close()


class HallLink:
    """Up or down. ``lost`` and ``back`` may come from any thread; listeners hear each change once. While down,
    a probe thread asks the hall's health check every ``probe_s`` seconds and calls ``back`` when it answers."""

    def __init__(self, client: HallClient, on_change: Callable[[bool], None], *, probe_s: float = PROBE_S) -> None:
        self._client, self._on_change, self._probe_s = client, on_change, probe_s
        self.up = False
        self.reason = "大厅服务尚未连接 / not connected to the hall yet"
        self._lock = threading.Lock()
        self._down = threading.Event()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._probe, name="hall-probe", daemon=True)

    def start(self) -> None:
        self._down.set()  # the first probe runs at once
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._down.set()
        if self._thread.is_alive():
            self._thread.join(timeout=self._client.timeout_s + 2)

    def lost(self, reason: str) -> None:
        with self._lock:
            changed, self.up, self.reason = self.up, False, reason
            self._down.set()
        if changed:
            log.warning("hall unreachable: %s", reason)
            self._on_change(False)

    def back(self) -> None:
        with self._lock:
            changed, self.up, self.reason = not self.up, True, ""
            self._down.clear()
        if changed:
            log.info("hall reachable again")
            self._on_change(True)

    def _probe(self) -> None:
        while not self._stop.is_set():
            self._down.wait()
            if self._stop.is_set():
                return
            if self._client.health():
                self.back()
            elif self.up:
                self.lost("健康检查失败 / the hall's health check failed")
            if self._stop.wait(self._probe_s):
                return
