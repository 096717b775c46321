"""The real touch UI over the real station: embedded hall on a free port, simulated devices, a movable clock."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QApplication, QLabel, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from devtools.ports import free_port
from kiosk.flows.flow import KioskSettings, WallClock, real_time
from kiosk.flows.navigation import TECHNICIAN
from kiosk.flows.technician import TechnicianFlow
from kiosk.station.services import StationServices, open_station_services
from ui.app import LANDSCAPE, PORTRAIT, KioskUi
from ui.theme import Orientation
from ui.widgets.grid import TextButton
from ui.widgets.tile import Tile
from ui.wrap import plain


class MovableClock:
    """Monotonic time a test can move forward: the walk-away timeout without waiting a minute."""

    def __init__(self) -> None:
        self.offset = 0.0

    def __call__(self) -> float:
        return time.monotonic() + self.offset

    def advance(self, seconds: float) -> None:
        self.offset += seconds


@pytest.fixture
def station_config(config_dir: Path) -> Path:
    """The shipped kiosk config (embedded hall, every device simulated) with the hall on a free port."""
    path = config_dir / "kiosk.toml"
    path.write_text(path.read_text().replace("127.0.0.1:8700", f"127.0.0.1:{free_port()}"))
    return path


@pytest.fixture
def services(station_config: Path) -> Iterator[StationServices]:
    with open_station_services(station_config) as opened:
        yield opened


@pytest.fixture
def clock() -> MovableClock:
    return MovableClock()


@contextmanager
def shown_ui(
    qtbot: QtBot,
    services: StationServices,
    clock: MovableClock,
    orientation: Orientation = "portrait",
    *,
    wall_clock: WallClock = real_time,
    with_filing: bool = False,
    with_disclosure: bool = True,
    **ports: Any,
) -> Iterator[KioskUi]:
    """The kiosk's UI on the station, shown (windowed) at the screen's size once home has loaded; ``with_filing``: with
    the station's filing port (the filing tiles); ``ports``: other ports of ``KioskUi`` (payment, voice ...)."""
    made = KioskUi(
        hall=services.hall,
        devices=services.devices,
        technician=services.technician,
        filing=services.filing_port if with_filing else None,
        disclosure=services.disclosure if with_disclosure else None,
        settings=KioskSettings.from_config(services.config),
        clock=clock,
        orientation=orientation,
        wall_clock=wall_clock,
        **ports,
    )
    made.window.resize(PORTRAIT if orientation == "portrait" else LANDSCAPE)
    made.show(kiosk_mode=False)
    try:
        qtbot.waitUntil(lambda: made.runner.pending == 0 and made.kiosk.offers.hall_online, timeout=10_000)
        yield made
    finally:
        made.close()


@pytest.fixture
def kiosk_ui(qtbot: QtBot, services: StationServices, clock: MovableClock) -> Iterator[KioskUi]:
    with shown_ui(qtbot, services, clock) as made:
        yield made


def settle(qtbot: QtBot, kiosk_ui: KioskUi, until: Callable[[], bool] = lambda: True, timeout: int = 10_000) -> None:
    qtbot.waitUntil(lambda: kiosk_ui.runner.pending == 0 and until(), timeout=timeout)
    # A render may have rearranged a page in the pass that made ``until`` true: lay it out before anyone measures.
    for _ in range(3):  # a layout done may ask its parent's: a few rounds reach the window
        QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)


def tap(qtbot: QtBot, widget: QWidget) -> None:
    assert widget.isVisible() and widget.isEnabled(), f"cannot tap {widget!r}: hidden or disabled"
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def text_of(widget: QWidget) -> str:
    """What a person reads on a widget: a label's or button's text, or the lines of a button made of labels."""
    if isinstance(widget, TextButton | Tile):
        return "\n".join(plain(label.text()) for label in widget.labels() if label.text())
    if isinstance(widget, QLabel | QPushButton):
        return plain(widget.text())  # without line-break hints: not something anyone reads
    return ""


def find_button(root: QWidget, text: str) -> QPushButton:
    """The visible button showing ``text`` (or whose first line is ``text``)."""
    found = [
        b
        for b in root.findChildren(QPushButton)
        if b.isVisible() and (text_of(b) == text or text_of(b).split("\n")[0] == text)
    ]
    shown = [text_of(b) for b in root.findChildren(QPushButton) if b.isVisible()]
    assert found, f"no visible button {text!r}; visible: {shown}"
    return found[0]


def visible_texts(root: QWidget) -> list[str]:
    return [text_of(w) for w in root.findChildren(QLabel) if w.isVisible() and w.text()]


# The filing screens' fixtures: the UI over in-memory filing ports (last: their module uses the helpers above).
# One demo walk for the session, shared by the tests that look at its screenshots.
from tests.ui.demo_support import demo_walk  # noqa: E402, F401
from tests.ui.filing_support import camera, fake_devices, fake_hall, filing, filing_ui  # noqa: E402, F401

# The take-number and check-in tests' UI with a short wait for the ID card (its module uses the helpers above).
from tests.ui.ticket_support import short_wait_ui  # noqa: E402, F401


def open_door(qtbot: QtBot, kiosk_ui: KioskUi) -> TechnicianFlow:
    """Five taps on the hall's name: the technician's PIN page."""
    for _ in range(5):
        tap(qtbot, kiosk_ui.window.header.hall)
    settle(qtbot, kiosk_ui)
    assert kiosk_ui.kiosk.screen == TECHNICIAN
    flow = kiosk_ui.kiosk.flow
    assert isinstance(flow, TechnicianFlow)
    return flow
