"""Helpers for the camera tests: wait for something to happen, collect a scanner's events and statuses."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from devices.scanner import ScanEvent, UnreadableScan
from devices.state import StatusChanged
from drivers.camera.scanner import CameraScanner
from drivers.camera.virtual import VirtualCamera

# Generous: machines are shared and noisy. Tests poll for behaviour; they never assert on timings.
PATIENCE = 10.0


class Recorder:
    """Everything a scanner told its listeners, in order."""

    def __init__(self, scanner: CameraScanner) -> None:
        self.scans: list[ScanEvent | UnreadableScan] = []
        self.statuses: list[StatusChanged] = []
        scanner.on_scan(self.scans.append)
        scanner.subscribe(self.statuses.append)

    @property
    def events(self) -> list[ScanEvent]:
        return [scan for scan in self.scans if isinstance(scan, ScanEvent)]


@pytest.fixture
def camera() -> VirtualCamera:
    return VirtualCamera(fps=60)


@pytest.fixture
def scanner(camera: VirtualCamera) -> Iterator[CameraScanner]:
    scanner = CameraScanner(camera, name="camera", stall_timeout=0.3, retry_interval=0.05)
    scanner.simulator = camera
    yield scanner
    scanner.close()
