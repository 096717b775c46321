"""A kiosk with a serial scanner and a camera: a camera that cannot open is a fault of its own."""

from __future__ import annotations

from devices.state import DeviceState, Reason
from drivers.registry import create_camera_scanner, create_scanner
from drivers.sim.scanner import VirtualScanner
from tests.drivers.scanner.conftest import Scans
from tests.support.waiting import wait_until


def test_a_broken_camera_leaves_the_serial_scanner_working() -> None:
    serial = create_scanner("sim://")
    camera = create_camera_scanner("camera://9", retry_interval=0.2)
    scans = Scans()
    serial.on_scan(scans)
    try:
        serial.open()
        camera.open()
        assert wait_until(lambda: camera.status.state is DeviceState.FAULT)
        assert camera.status.reasons == {Reason.CAMERA_UNAVAILABLE}
        simulator = getattr(serial, "simulator", None)
        assert isinstance(simulator, VirtualScanner)
        simulator.send_code("Y20261123-0042")
        scans.wait_for(1)
        assert scans.texts() == ["Y20261123-0042"]
        assert serial.status.state is DeviceState.READY
    finally:
        camera.close()
        serial.close()
