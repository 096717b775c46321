"""The screens the kiosk knows and the tiles on its home screen: a registry new screens add themselves to."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from devices.words import Words
from kiosk.flows.offers import MISSING, Need, Offers

if TYPE_CHECKING:
    from kiosk.flows.flow import Flow, FlowContext

HOME = "home"
ERROR = "error"
TECHNICIAN = "technician"


@dataclass(frozen=True)
class Tile:
    """A big button on the home screen leading to one screen, and what it needs to be offered."""

    title: Words
    hint: Words
    needs: frozenset[Need] = frozenset()  # every one of these
    needs_one_of: frozenset[Need] = frozenset()  # at least one of these (another way in)
    order: int = 100
    # Without one of these the tile is not shown at all (the kiosk is not built to offer it), rather than paused.
    hidden_without: frozenset[Need] = frozenset()

    def shown(self, offers: Offers) -> bool:
        return all(offers.has(need) for need in self.hidden_without)

    def paused_because(self, offers: Offers) -> Words | None:
        """None when the tile is offered; else why it is paused."""
        for need in sorted(self.needs):
            if not offers.has(need):
                return MISSING[need]
        if self.needs_one_of and not any(offers.has(need) for need in self.needs_one_of):
            return MISSING[sorted(self.needs_one_of)[0]]
        return None


FlowFactory = Callable[["FlowContext"], "Flow"]


@dataclass(frozen=True)
class ScreenEntry:
    name: str
    factory: FlowFactory
    tile: Tile | None


@dataclass
class ScreenRegistry:
    """Screen name -> its flow and (optionally) its home tile. Self-service filing adds itself with one call."""

    _entries: dict[str, ScreenEntry] = field(default_factory=dict)

    def add(self, name: str, factory: FlowFactory, tile: Tile | None = None) -> None:
        if name in self._entries or name == ERROR:
            raise ValueError(f"screen {name!r} is already registered")
        self._entries[name] = ScreenEntry(name, factory, tile)

    def get(self, name: str) -> ScreenEntry:
        try:
            return self._entries[name]
        except KeyError:
            raise KeyError(f"no screen {name!r}; known: {sorted(self._entries)}") from None

    def names(self) -> list[str]:
        return list(self._entries)

    def tiles(self) -> list[tuple[str, Tile]]:
        """Home tiles in their order."""
        tiles = [(entry.name, entry.tile) for entry in self._entries.values() if entry.tile is not None]
        return sorted(tiles, key=lambda pair: pair[1].order)
