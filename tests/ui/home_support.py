"""The real station and UI at a moment the test chooses: the embedded hall and the screens read one clock."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from pytestqt.qtbot import QtBot

from kiosk.station.services import StationServices, open_station_services
from tests.support.clocks import FrozenClock
from tests.ui.conftest import MovableClock, shown_ui
from ui.app import KioskUi
from ui.theme import Orientation

SHANGHAI = ZoneInfo("Asia/Shanghai")
MONDAY_MORNING = datetime(2026, 11, 23, 10, 12, tzinfo=SHANGHAI)  # every category gives numbers
SATURDAY_EARLY = datetime(2026, 11, 21, 7, 47, tzinfo=SHANGHAI)  # only self-service does


@contextmanager
def station_at(config: Path, wall: FrozenClock) -> Iterator[StationServices]:
    with open_station_services(config, hall_clock=wall) as services:
        yield services


@contextmanager
def ui_at(
    qtbot: QtBot, services: StationServices, wall: FrozenClock, orientation: Orientation = "portrait"
) -> Iterator[KioskUi]:
    with shown_ui(qtbot, services, MovableClock(), orientation, wall_clock=wall, with_filing=True) as made:
        qtbot.waitUntil(lambda: bool(made.kiosk.context.categories), timeout=10_000)
        yield made
