"""A virtual scanner on a pty and the production serial driver reading it through a symlink, as on a kiosk."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from devices.scanner import ScanEvent, UnreadableScan
from devices.url import parse_device_url
from drivers.scanner.serial_scanner import SerialScanner
from drivers.sim.scanner import VirtualScanner
from drivers.transports import SerialTransport

Scan = ScanEvent | UnreadableScan


class Scans:
    """Every scan a scanner reported, in order, with a way to wait for more."""

    def __init__(self) -> None:
        self.items: list[Scan] = []
        self._changed = threading.Condition()

    def __call__(self, event: Scan) -> None:
        with self._changed:
            self.items.append(event)
            self._changed.notify_all()

    def wait_for(self, count: int, timeout: float = 10.0) -> list[Scan]:
        with self._changed:
            self._changed.wait_for(lambda: len(self.items) >= count, timeout)
            return list(self.items)

    def texts(self) -> list[str]:
        return [e.text if isinstance(e, ScanEvent) else f"<{e.reason}>" for e in self.items]


@pytest.fixture
def virtual_scanner(tmp_path: Path) -> Iterator[VirtualScanner]:
    sim = VirtualScanner()
    sim.start_pty(tmp_path / "scanner")
    yield sim
    sim.stop()


def serial_scanner(link: Path, *, duplicate_window: float = 3.0) -> SerialScanner:
    transport = SerialTransport(parse_device_url(f"serial://{link}"), default_baudrate=9600)
    return SerialScanner(transport, duplicate_window=duplicate_window, first_retry=0.1, max_backoff=0.4)


@pytest.fixture
def scans() -> Scans:
    return Scans()


@pytest.fixture
def scanner(virtual_scanner: VirtualScanner, tmp_path: Path, scans: Scans) -> Iterator[SerialScanner]:
    driver = serial_scanner(tmp_path / "scanner")
    driver.on_scan(scans)
    driver.open()
    yield driver
    driver.close()
