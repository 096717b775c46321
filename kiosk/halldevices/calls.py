"""Calls from the hall's event stream to the window displays and the voice: every call (and recall) shown and
announced once, in the hall's order, wherever it was made (a pad, the staff page, another controller).

Runs on the event follower's thread, so a slow display never holds up a pad's key; the announcer only queues.
A display goes blank when its window's ticket is completed, missed or transferred, if it still shows that ticket.
The first snapshot after start-up shows what each window serves, without announcing it again.
"""

from __future__ import annotations

import logging
from typing import Any

from devices.ticketer import Announcer, Call, WindowDisplays, announcement_text

log = logging.getLogger(__name__)

ENDINGS = {"ticket.completed", "ticket.missed", "ticket.transferred"}


class CallBoard:
    def __init__(self, displays: WindowDisplays | None, announcer: Announcer | None) -> None:
        self.displays, self.announcer = displays, announcer
        self.showing: dict[int, tuple[str | None, str]] = {}  # window -> (ticket id, number) on its display
        self.window_names: dict[int, str] = {}
        self.calls: list[Call] = []  # every call seen, for the terminal view and tests (newest last, 100 kept)

    def on_hall_event(self, kind: str, data: dict[str, Any]) -> None:
        if kind == "snapshot":
            self._snapshot(data)
        elif kind == "ticket.called":
            self._called(data)
        elif kind in ENDINGS:
            window = data.get("from_window") if kind == "ticket.transferred" else data.get("window")
            if isinstance(window, int) and self._shows(window, data.get("ticket_id"), data.get("number")):
                self._clear(window)

    def _shows(self, window: int, ticket_id: object, number: object) -> bool:
        shown_id, shown_number = self.showing.get(window, (None, None))
        return shown_number is not None and (shown_id == ticket_id or (shown_id is None and shown_number == number))

    def _called(self, data: dict[str, Any]) -> None:
        window, number = data.get("window"), data.get("number")
        if not isinstance(window, int) or not isinstance(number, str):
            log.warning("ticket.called without a window or number skipped: %s", data)
            return
        recalls = data.get("recalls")
        call = Call(
            number=number,
            window=window,
            recalls=recalls if isinstance(recalls, int) else 0,
            category=str(data.get("category", "")),
            window_name=self.window_names.get(window, ""),
        )
        self.calls = [*self.calls[-99:], call]
        self._show(window, str(data.get("ticket_id", "")) or None, number, announcement_text(call))
        if self.announcer is not None:
            self.announcer.announce(call)

    def _snapshot(self, data: dict[str, Any]) -> None:
        for window in data.get("windows", []):
            number = window.get("number")
            if not isinstance(number, int):
                continue
            self.window_names[number] = str(window.get("name", ""))
            serving = window.get("serving")
            if serving:
                if self.showing.get(number, (None, ""))[1] != serving:
                    self._show(number, None, str(serving), announcement_text(Call(str(serving), number)))
            else:
                self._clear(number)  # whatever it showed before the controller started is over

    def _show(self, window: int, ticket_id: str | None, number: str, text: str) -> None:
        self.showing[window] = (ticket_id, number)
        if self.displays is None:
            return
        try:
            self.displays.show(window, number, text)
        except Exception:
            # A display fault shows in its status; the voice and the other displays carry on.
            log.exception("window display %d could not show %s", window, number)

    def _clear(self, window: int) -> None:
        self.showing.pop(window, None)
        if self.displays is None:
            return
        try:
            self.displays.clear(window)
        except Exception:
            log.exception("window display %d could not be cleared", window)
