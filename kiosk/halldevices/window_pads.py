"""What each window's evaluation pad does and shows: its keys become hall actions, hall events keep it in step.

Plain and single-threaded: the controller feeds it key events, hall events and the hall link's state from one
worker thread, and calls ``tick`` when a deadline (rating invitation, thank-you) comes. Decisions
(docs/hall-devices.md):

* Key 20 (invite rating) ends the service: the ticket is completed at the hall (its answer also gives the
  ticket's id), then the pad waits ``rating_timeout_s`` for the citizen's key. The rating is stage
  ``completion``. With the hall unreachable the invitation still works (ratings go through the local outbox) and
  the ticket stays called at the hall until the window's next call completes it.
* Keys 16 to 19 need the hall. While it is unreachable they are refused and every pad shows BUSY, except one
  whose citizen is rating: that continues offline.
* A call made elsewhere (the staff page) reaches the pad through the hall's events. Events older than the pad's
  own answers (a ticket the window has already moved past) are ignored, so the pad never steps back.
"""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Callable, Sequence
from typing import Any

from common.hallapi.ratings import RatingIn
from common.settings.models import NOT_STATED
from devices.pads import EventGap, KeyEvent, PadEvent, PadKey, PadView, is_rating, key_text
from kiosk.hallclient.errors import HallRefused, HallUnreachable
from kiosk.halldevices.pad_state import (
    PadPlace,
    PadState,
    Phase,
    Served,
    WindowActions,
    staff_register,
)

log = logging.getLogger(__name__)

FIRST_REASON_KEY = 21  # pads with reason keys: 21 is the first configured reason, 22 the second ...
ENDINGS = frozenset({"ticket.completed", "ticket.missed", "ticket.transferred"})
__all__ = ["PadPlace", "Served", "WindowActions", "WindowPads", "staff_register"]


class WindowPads:
    def __init__(
        self,
        places: Sequence[PadPlace],
        actions: WindowActions,
        rate: Callable[[RatingIn], None],
        show: Callable[[int, PadView], bool],
        *,
        rating_timeout_s: float = 30.0,
        thanks_s: float = 3.0,
        reason_keys: Sequence[str] = (),
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        """``rate`` keeps a rating for delivery (the outbox); ``show`` writes a view to a pad (True: confirmed);
        ``reason_keys``: the reasons on keys 21, 22 ... of a pad model that has them, else empty."""
        self.pads = {p.address: PadState(p) for p in places}
        self._by_window = {p.window: self.pads[p.address] for p in places}
        self._actions, self._rate, self._show = actions, rate, show
        self.rating_timeout_s, self.thanks_s = rating_timeout_s, thanks_s
        self.reason_keys = list(reason_keys)
        self._clock = clock
        self.hall_up = False  # unknown until the link says so: pads show BUSY
        self.lost_events = 0
        self.ignored_keys = 0

    # -- inputs ---------------------------------------------------------------------------------------------
    def set_hall_up(self, up: bool) -> None:
        if up != self.hall_up:
            self.hall_up = up
            self.refresh()

    def on_pad_event(self, event: PadEvent) -> None:
        pad = self.pads.get(event.address)
        if pad is None:
            log.warning("pad %d is not configured: event ignored", event.address)
            return
        if isinstance(event, EventGap):
            self.lost_events += event.lost
            log.warning(
                "pad %d (window %d): %d key press(es) lost between sequence %d and %d",
                event.address, pad.place.window, event.lost, event.last_seq, event.seq,
            )  # fmt: skip
            return
        self._on_key(pad, event)
        self._update(pad)

    def on_hall_event(self, kind: str, data: dict[str, Any]) -> None:
        if kind == "snapshot":
            self._snapshot(data)
            return
        if kind == "window.paused":
            pad = self._by_window.get(_int(data.get("window")))
            if pad is not None:
                pad.paused = bool(data.get("paused"))
                self._update(pad)
            return
        ticket_id, number = str(data.get("ticket_id", "")), str(data.get("number", ""))
        window = _int(data.get("from_window") if kind == "ticket.transferred" else data.get("window"))
        pad = self._by_window.get(window)
        if pad is None or not ticket_id:
            return
        if kind == "ticket.called":
            if ticket_id in pad.moved_past:
                return  # an older call this pad already went beyond
            if pad.serving is not None and pad.serving.ticket_id != ticket_id:
                pad.leave(pad.serving.ticket_id)
            pad.serving = Served(ticket_id, number)
        elif kind in ENDINGS and _is(pad.serving, ticket_id, number):
            pad.leave(ticket_id)
            pad.serving = None
        self._update(pad)

    def tick(self) -> float | None:
        """End phases whose time has come; return the next deadline (clock time) or None."""
        now = self._clock()
        for pad in self.pads.values():
            if pad.until is not None and now >= pad.until:
                self._expire(pad)
                self._update(pad)
        deadlines = [p.until for p in self.pads.values() if p.until is not None]
        return min(deadlines) if deadlines else None

    def refresh(self, address: int | None = None, *, force: bool = False) -> None:
        """Write each pad's view if it changed (``force``: also if it did not, after a restart or an outage)."""
        for pad in self.pads.values() if address is None else [self.pads[address]] if address in self.pads else []:
            if force:
                pad.shown = None
            self._update(pad)

    def retry_unconfirmed(self, answering: set[int]) -> None:
        """Write again the views an answering pad did not confirm (noise on the bus beat the write's retries)."""
        for address, pad in self.pads.items():
            if pad.shown is None and address in answering:
                self._update(pad)

    # -- keys -----------------------------------------------------------------------------------------------
    def _on_key(self, pad: PadState, event: KeyEvent) -> None:
        where = f"pad {pad.place.address} (window {pad.place.window})"
        key = event.key
        log.info("%s: key %d %s (seq %d)", where, key, key_text(key), event.seq)
        if is_rating(key) or (self.reason_keys and key >= FIRST_REASON_KEY):
            self._rating_key(pad, key, where)
        elif key == PadKey.INVITE_RATING:
            self._invite(pad, where)
        elif key in {PadKey.CALL_NEXT, PadKey.RECALL, PadKey.NO_SHOW, PadKey.PAUSE}:
            self._window_key(pad, PadKey(key), where)
        else:
            self.ignored_keys += 1
            log.warning("%s: unknown key code %d ignored", where, key)

    def _window_key(self, pad: PadState, key: PadKey, where: str) -> None:
        if not self.hall_up:
            log.warning("%s: %s refused, the hall is unreachable (pad shows busy)", where, key_text(key))
            return
        if pad.phase is not Phase.NONE:
            self._end_phase(pad, f"{key_text(key)} pressed")
        window = pad.place.window
        try:
            if key is PadKey.PAUSE:
                pad.paused = self._actions.pause(window, not pad.paused)
                log.info("%s: window %s", where, "paused" if pad.paused else "resumed")
                return
            if key is PadKey.CALL_NEXT:
                called = self._actions.call_next(window)
                if pad.serving is not None:
                    pad.leave(pad.serving.ticket_id)
                pad.serving = called
                log.info("%s: called %s", where, called.number if called else "nobody (queue empty)")
            elif key is PadKey.RECALL:
                pad.serving = self._actions.recall(window)
            else:
                missed = self._actions.no_show(window)
                pad.leave(missed.ticket_id if missed else None)
                pad.serving = None
        except HallUnreachable as error:
            log.warning("%s: %s failed, the hall is unreachable: %s", where, key_text(key), error)
            self.set_hall_up(False)
        except HallRefused as error:
            log.warning("%s: the hall refused %s: %s", where, key_text(key), error.message)
            if error.code == "window_paused":
                pad.paused = True

    # -- ratings --------------------------------------------------------------------------------------------
    def _invite(self, pad: PadState, where: str) -> None:
        if pad.phase is not Phase.NONE:
            self.ignored_keys += 1
            log.info("%s: invite rating ignored, the pad is already in %s", where, pad.phase.value)
            return
        rated = pad.serving
        if self.hall_up:
            try:
                done = self._actions.complete(pad.place.window)
                rated = done or rated
                pad.leave(done.ticket_id if done else None)
                pad.serving = None
            except HallUnreachable as error:
                log.warning("%s: could not complete the ticket, the hall is unreachable: %s", where, error)
                self.set_hall_up(False)
            except HallRefused as error:
                log.warning("%s: the hall refused to complete the ticket: %s", where, error.message)
        if rated is None or rated.ticket_id is None:
            self.ignored_keys += 1
            log.warning("%s: invite rating ignored, no ticket known to be served at this window", where)
            return
        pad.phase, pad.rated, pad.bad_level = Phase.AWAITING, rated, None
        pad.until = self._clock() + self.rating_timeout_s
        log.info("%s: %s invited to rate", where, rated.number)

    def _rating_key(self, pad: PadState, key: int, where: str) -> None:
        if pad.phase is not Phase.AWAITING:
            self.ignored_keys += 1
            log.info("%s: key %d %s ignored outside a rating invitation", where, key, key_text(key))
            return
        if key >= FIRST_REASON_KEY:
            index = key - FIRST_REASON_KEY
            if pad.bad_level is None or index >= len(self.reason_keys):
                self.ignored_keys += 1
                log.info("%s: reason key %d ignored (no bad rating waiting for it, or no such reason)", where, key)
                return
            self._record(pad, pad.bad_level, [self.reason_keys[index]])
            return
        if pad.bad_level is not None:
            self.ignored_keys += 1
            log.info("%s: second rating key %d ignored, waiting for a reason key", where, key)
            return
        if key <= 2 and self.reason_keys:
            pad.bad_level = key
            pad.until = self._clock() + self.rating_timeout_s
            log.info("%s: bad rating %d, waiting for a reason key", where, key)
            return
        self._record(pad, key, [NOT_STATED] if key <= 2 else [])

    def _record(self, pad: PadState, level: int, reasons: list[str]) -> None:
        assert pad.rated is not None and pad.rated.ticket_id is not None  # AWAITING only starts with one
        rating = RatingIn(
            ticket_id=uuid.UUID(pad.rated.ticket_id),
            level=level,
            reasons=reasons,
            channel="pad",
            window=pad.place.window,
            staff=pad.place.staff,
            stage="completion",
        )
        self._rate(rating)
        log.info("pad %d: %s rated %d %s", pad.place.address, pad.rated.number, level, ",".join(reasons))
        pad.phase, pad.bad_level = Phase.THANKS, None
        pad.until = self._clock() + self.thanks_s

    def _expire(self, pad: PadState) -> None:
        if pad.phase is Phase.AWAITING and pad.bad_level is not None:
            self._record(pad, pad.bad_level, [NOT_STATED])  # the citizen did rate; only the reason is missing
            return
        if pad.phase is Phase.AWAITING:
            log.info("pad %d: no rating within %.0f s", pad.place.address, self.rating_timeout_s)
        pad.phase, pad.rated, pad.until = Phase.NONE, None, None

    def _end_phase(self, pad: PadState, why: str) -> None:
        if pad.phase is Phase.AWAITING and pad.bad_level is not None:
            self._record(pad, pad.bad_level, [NOT_STATED])
        elif pad.phase is Phase.AWAITING:
            log.info("pad %d: rating invitation withdrawn (%s)", pad.place.address, why)
        pad.phase, pad.rated, pad.until, pad.bad_level = Phase.NONE, None, None, None

    # -- hall state -----------------------------------------------------------------------------------------
    def _snapshot(self, data: dict[str, Any]) -> None:
        for window in data.get("windows", []):
            pad = self._by_window.get(_int(window.get("number")))
            if pad is None:
                continue
            pad.paused = bool(window.get("paused"))
            number = window.get("serving")
            if not number:
                pad.serving = None
            elif pad.serving is None or pad.serving.number != number:
                pad.serving = Served(None, str(number))
            self._update(pad)

    def _update(self, pad: PadState) -> None:
        view = pad.view(self.hall_up)
        if view == pad.shown:
            return
        if self._show(pad.place.address, view):
            pad.shown = view
        else:
            pad.shown = None
            log.warning("pad %d did not take its view (%s %s)", pad.place.address, view.mode.name, view.number)


def _is(served: Served | None, ticket_id: str, number: str) -> bool:
    """The ticket at the window is this one (by id; by number when only the number is known)."""
    return served is not None and served.ticket_id in {ticket_id, None} and served.number == number


def _int(value: object) -> int:
    """A window number from an event's JSON; 0 (no window) for anything else."""
    return value if isinstance(value, int) and not isinstance(value, bool) else 0
