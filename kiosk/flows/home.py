"""The home screen's data and choices: each category's hours and queue (refreshed whenever home shows, and every
minute), which tiles lead, and what to say out of hours (docs/ui.md, "Out of hours, home leads with what works
now"). Home shows the four most used services first and the rest one tap away, behind 更多服务 (docs/ui.md,
"Home shows the most used services first"); elder mode three and 更多服务, in larger tiles."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from devices.words import Words
from kiosk.flows.flow import Flow
from kiosk.flows.home_words import (
    CHECK_IN_IN_HOURS,
    TAKE_NUMBER,
    no_numbers_words,
    open_now_words,
    opening_words,
    state_words,
    when_words,
)
from kiosk.flows.jobs import Job
from kiosk.flows.navigation import Tile
from kiosk.station.ports import CategoryInfo, Unavailable

CHECK_IN = "check_in"
GUIDE = "guide"
FILING = "filing"
HOME_TILES = 4  # the services on home before 更多服务, when there are more than one more
ELDER_TILES = 3  # elder mode: this many services, then 更多服务 (four large tiles in all)
# Out of hours, what works now leads: the guide, a number where one is given (self-service), filing, progress,
# rating; check-in (appointments are kept in staffed hours) comes last.
OUT_OF_HOURS_FIRST = (GUIDE, TAKE_NUMBER)
OUT_OF_HOURS_LAST = (CHECK_IN,)
# In hours, the most used lead: a number, check-in, the guide, then filing (elder mode shows the first three); the
# rest (progress, booking, payment, disclosure, rating ...) behind 更多服务 in the registry's order.
MOST_USED = (TAKE_NUMBER, CHECK_IN, GUIDE, FILING)


class HomeStep(StrEnum):
    MAIN = "main"
    MORE = "more"  # elder mode: the tiles behind 更多服务


class HomeFlow(Flow):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.step = HomeStep.MAIN

    def start(self) -> Job[Any] | None:
        return self.job("categories", self._fetch, self._loaded)

    @property
    def categories(self) -> list[CategoryInfo]:
        """The last list the hall gave (kept across visits, so the hours never flicker)."""
        return self.context.categories

    def _fetch(self) -> list[CategoryInfo] | Unavailable:
        try:
            return self.context.hall.categories()
        except Unavailable as error:
            return error

    def _loaded(self, result: list[CategoryInfo] | Unavailable) -> None:
        if isinstance(result, Unavailable):
            self.message = result.message
        else:
            self.context.categories = result
            self.message = None

    # -- out of hours ---------------------------------------------------------------------------------------
    @property
    def online(self) -> bool:
        return self.context.offers().hall_online

    @property
    def open_now(self) -> list[CategoryInfo]:
        return [category for category in self.categories if category.open]

    @property
    def out_of_hours(self) -> bool:
        """No staffed category gives numbers now (only the around-the-clock ones, or none): home leads with what
        works now. Not known while the hall is away (its categories are an old answer)."""
        staffed = [category for category in self.categories if not category.always_open]
        return self.online and bool(staffed) and not any(category.open for category in staffed)

    @property
    def staffed_opening(self) -> datetime | None:
        """When the first staffed category opens again; None when the hall does not say."""
        times = [c.opens_at for c in self.categories if not c.always_open and not c.open and c.opens_at]
        return min(times) if times else None

    def opening(self) -> Words | None:
        """人工窗口 周一 09:00 开始办理, out of hours."""
        moment = self.staffed_opening
        if not self.out_of_hours or moment is None:
            return None
        return opening_words(when_words(moment, self.context.now()))

    def state(self, category: CategoryInfo) -> Words:
        """The hours table's last column: the queue now, or when it opens."""
        return state_words(category, self.context.now())

    # -- the tiles ------------------------------------------------------------------------------------------
    def order(self, screens: list[str]) -> list[str]:
        """The tiles in the order they show: the registry's order, or out of hours what works now first."""
        if not self.out_of_hours:
            return list(screens)
        first = [screen for screen in OUT_OF_HOURS_FIRST if screen in screens]
        last = [screen for screen in OUT_OF_HOURS_LAST if screen in screens]
        if not self.open_now and TAKE_NUMBER in first:  # no number at all now: after what works
            first.remove(TAKE_NUMBER)
            last.insert(0, TAKE_NUMBER)
        middle = [screen for screen in screens if screen not in first and screen not in last]
        return first + middle + last

    def split(self, screens: list[str], elder: bool) -> tuple[list[str], list[str]]:
        """(the tiles on home, the tiles behind 更多服务): the four most used (three in elder mode) and 更多服务,
        or every tile when only one more would be behind it (a tile is better than a tile that hides one)."""
        ordered = self.order(screens)
        shown = ELDER_TILES if elder else HOME_TILES
        if len(ordered) <= shown + 1:
            return ordered, []
        if not self.out_of_hours:
            first = [screen for screen in MOST_USED if screen in ordered]
            ordered = first + [screen for screen in ordered if screen not in first]
        return ordered[:shown], ordered[shown:]

    def note(self, screen: str) -> Words | None:
        """A tile's hint out of hours, in place of its usual one: which numbers are given now; check-in later."""
        if not self.out_of_hours:
            return None
        if screen == TAKE_NUMBER and self.open_now:
            return open_now_words(self.open_now)
        return CHECK_IN_IN_HOURS if screen == CHECK_IN else None

    def paused(self, screen: str, tile: Tile) -> Words | None:
        """Why a tile cannot be tapped now (a device, the hall away, or no number given at all), or None."""
        why = tile.paused_because(self.context.offers())
        if why is None and screen == TAKE_NUMBER and self.out_of_hours and not self.open_now:
            moment = self.staffed_opening
            why = no_numbers_words(when_words(moment, self.context.now()) if moment else None)
        return why

    def show_more(self) -> None:
        self.step = HomeStep.MORE

    def back(self) -> bool:
        if self.step is HomeStep.MORE:
            self.step = HomeStep.MAIN
            return True
        return False
