"""The controller's window actions over HTTP, each outcome telling the hall link (kiosk/hallclient/link.py)
whether the hall is there."""

from __future__ import annotations

import logging

from common.hallapi.queue import Pause, WindowAction
from kiosk.hallclient import HallClient, HallRefused, HallUnreachable
from kiosk.hallclient.link import HallLink
from kiosk.halldevices.pad_state import Served

log = logging.getLogger(__name__)


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
            self._link.lost(str(error.message))
            raise
        except HallRefused:
            self._link.back()
            raise
        self._link.back()
        return answer
