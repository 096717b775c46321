"""A virtual ID card reader on a pty and the production driver talking to it through a symlink, as on a kiosk."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from devices.url import parse_device_url
from drivers.idcard.reader import Ga467Reader
from drivers.sim.idcard import VirtualIdReader
from drivers.transports import SerialTransport

TODAY = date(2026, 11, 22)


@pytest.fixture
def virtual_reader(tmp_path: Path) -> Iterator[VirtualIdReader]:
    sim = VirtualIdReader()
    sim.start_pty(tmp_path / "idcard")
    yield sim
    sim.stop()


def serial_to(link: Path, baud: int = 115200) -> SerialTransport:
    return SerialTransport(parse_device_url(f"serial://{link}?baudrate={baud}"))


@pytest.fixture
def reader(virtual_reader: VirtualIdReader, tmp_path: Path) -> Iterator[Ga467Reader]:
    driver = Ga467Reader(serial_to(tmp_path / "idcard"), today=lambda: TODAY)
    driver.open()
    yield driver
    driver.close()
