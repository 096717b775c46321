"""A window's pad as the desk keeps it: the ticket it serves, its phase of a rating, what it was last confirmed to
show, and the hall's window actions it calls (kiosk.halldevices.window_pads drives it)."""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from enum import Enum
from typing import Protocol

from devices.pads import PadMode, PadView

REMEMBERED = 64  # tickets a window has moved past, to recognise stale events about them


@dataclass(frozen=True)
class Served:
    """A ticket at a window; ``ticket_id`` is None when only its number is known (from a queue snapshot)."""

    ticket_id: str | None
    number: str


class WindowActions(Protocol):
    """The hall's window actions. Each returns the ticket concerned (None: nothing to do) or raises HallUnreachable
    or HallRefused (kiosk.hallclient.errors)."""

    def call_next(self, window: int) -> Served | None: ...

    def recall(self, window: int) -> Served | None: ...

    def no_show(self, window: int) -> Served | None: ...

    def complete(self, window: int) -> Served | None: ...

    def pause(self, window: int, paused: bool) -> bool: ...


@dataclass(frozen=True)
class PadPlace:
    address: int
    window: int
    staff: str


class Phase(Enum):
    NONE = "none"
    AWAITING = "awaiting"  # invited to rate: the first rating key counts
    THANKS = "thanks"


def staff_register(staff: str) -> int:
    """The staff number as the pad's register 5 holds it: digits up to 65535, else 0 (not shown)."""
    return int(staff) if staff.isdigit() and int(staff) <= 0xFFFF else 0


@dataclass
class PadState:
    place: PadPlace
    serving: Served | None = None
    paused: bool = False
    phase: Phase = Phase.NONE
    rated: Served | None = None  # the ticket being (or just) rated
    bad_level: int | None = None  # a bad rating waiting for its reason key
    until: float | None = None  # when the phase ends
    shown: PadView | None = None  # the last view the pad confirmed
    moved_past: deque[str] = field(default_factory=lambda: deque(maxlen=REMEMBERED))

    def view(self, hall_up: bool) -> PadView:
        window, staff = self.place.window, staff_register(self.place.staff)
        number = self.serving.number if self.serving else ""
        if self.phase is not Phase.NONE and self.rated is not None:
            mode = PadMode.AWAITING_RATING if self.phase is Phase.AWAITING else PadMode.THANKS
            return PadView(window, mode, self.rated.number, staff)
        if not hall_up:
            return PadView(window, PadMode.BUSY, number, staff)
        if self.paused:
            return PadView(window, PadMode.PAUSED, number, staff)
        return PadView(window, PadMode.SERVING if self.serving else PadMode.IDLE, number, staff)

    def leave(self, ticket_id: str | None) -> None:
        if ticket_id is not None:
            self.moved_past.append(ticket_id)
