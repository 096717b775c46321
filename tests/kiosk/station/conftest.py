"""A real hall over HTTP and simulated kiosk devices, for the station services' tests."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from common.settings import load_kiosk_config
from common.settings.hours import hours_of
from drivers.sim.printer import VirtualPrinter
from hall.server import Hall
from hall.tokens import Role, create_token
from kiosk.hallclient import HallClient
from kiosk.station.devices import StationDevices
from kiosk.station.hall import StationHall
from kiosk.store import Store, open_store
from tests.support.hall import SHANGHAI


@pytest.fixture
def store(data_dir: Path) -> Iterator[Store]:
    data_dir.mkdir(parents=True, exist_ok=True)
    opened = open_store(data_dir)
    yield opened
    opened.close()


@pytest.fixture
def devices(config_dir: Path, store: Store, tmp_path: Path) -> Iterator[StationDevices]:
    config = load_kiosk_config(config_dir / "kiosk.toml")
    opened = StationDevices(config.devices, store, printed_dir=tmp_path / "printed").open()
    yield opened
    opened.close()


@pytest.fixture
def printer_sim(devices: StationDevices) -> VirtualPrinter:
    sim = devices.simulators()["printer"]
    assert isinstance(sim, VirtualPrinter)
    return sim


@dataclass
class Kiosk:
    """A StationHall on a client to ``url``: what the UI would hold."""

    port: StationHall
    client: HallClient

    def close(self) -> None:
        self.client.close()


@pytest.fixture
def make_kiosk(
    hall: Hall, store: Store, devices: StationDevices, data_dir: Path
) -> Iterator[Callable[[str], StationHall]]:
    made: list[Kiosk] = []
    token = create_token(hall.sessions, "kiosk-01", Role.KIOSK)

    def make(url: str) -> StationHall:
        client = HallClient(url, token, timeout_s=2)
        port = StationHall(
            client,
            store,
            devices,
            data_dir=data_dir,
            paper=devices.profile.paper,
            hall_name="示例市政务服务中心",
            hotline="12345",
            zone=SHANGHAI,
            hours=hours_of(hall.config),
            bad_rating_reasons=hall.config.ratings.bad_rating_reasons,
        )
        made.append(Kiosk(port, client))
        return port

    yield make
    for kiosk in made:
        kiosk.close()
