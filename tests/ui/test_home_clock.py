"""The embedded hall and the screens can run at a moment chosen by the caller (the demo walks at a fixed one)."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from tests.support.clocks import FrozenClock
from tests.ui.home_support import MONDAY_MORNING, SATURDAY_EARLY, station_at, ui_at
from ui.demo_clock import OPEN_MOMENT, DemoWallClock


def test_the_embedded_hall_and_the_screens_read_the_clock_given(qtbot: QtBot, station_config: Path) -> None:
    wall = FrozenClock(SATURDAY_EARLY)
    with station_at(station_config, wall) as services:
        opened = {category.prefix: category.open for category in services.hall.categories()}
        assert opened["S"] and not opened["A"] and not opened["B"]  # Saturday 07:47: only self-service
        wall.moment = MONDAY_MORNING
        assert all(category.open for category in services.hall.categories())
        with ui_at(qtbot, services, wall) as kiosk_ui:
            assert kiosk_ui.window.now().strftime("%a %H:%M") == "Mon 10:12"
            wall.moment = SATURDAY_EARLY
            assert kiosk_ui.kiosk.now().strftime("%a %H:%M %Z") == "Sat 07:47 CST"


def test_the_demo_clock_starts_at_its_moment_and_runs_with_the_demos_time() -> None:
    seconds = [100.0]
    zone = MONDAY_MORNING.tzinfo
    assert zone is not None
    wall = DemoWallClock(lambda: seconds[0], zone)  # type: ignore[arg-type]
    assert wall() == OPEN_MOMENT.replace(tzinfo=zone)
    seconds[0] += 90  # the demo moves its clock on to show the walk-away countdown
    assert wall().strftime("%a %H:%M:%S") == "Mon 10:13:30"
    wall.set(SATURDAY_EARLY.replace(tzinfo=None))
    assert wall() == SATURDAY_EARLY
