"""The devices port on simulated devices: ID cards, codes from two scanners once, faults, restarts."""

from __future__ import annotations

import queue
import threading
import time
from pathlib import Path

from common.settings import load_kiosk_config
from devices.identity import CardOutcome
from devices.state import DeviceState
from devices.words import Words
from drivers.camera.virtual import VirtualCamera
from drivers.sim.idcard import VirtualIdReader
from drivers.sim.printer import VirtualPrinter
from drivers.sim.scanner import VirtualScanner
from kiosk.station.devices import StationDevices
from kiosk.store import Store
from tests.support.waiting import wait_until


def test_every_device_is_ready_and_simulated(devices: StationDevices) -> None:
    infos = {info.kind: info for info in devices.infos()}
    assert set(infos) == {"printer", "id_reader", "scanner"}
    assert all(i.state is DeviceState.READY and i.simulated and i.message is None for i in infos.values())
    assert devices.can_print() and devices.can_read_id() and devices.can_scan()
    sims = devices.simulators()
    assert isinstance(sims["printer"], VirtualPrinter) and isinstance(sims["id_reader"], VirtualIdReader)
    assert isinstance(sims["scanner"], VirtualScanner)


def test_an_id_card_placed_is_read_and_a_wait_can_be_cancelled(devices: StationDevices) -> None:
    reader = devices.simulators()["id_reader"]
    assert isinstance(reader, VirtualIdReader)
    reader.place(0)
    result = devices.read_id_card(5)
    assert result.ok and result.identity is not None and result.identity.id_number == reader.identities[0].id_number
    reader.remove()
    results: queue.Queue[CardOutcome] = queue.Queue()
    waiting = threading.Thread(target=lambda: results.put(devices.read_id_card(30).outcome))
    started = time.monotonic()
    waiting.start()
    time.sleep(0.3)
    devices.cancel_read()
    waiting.join(5)
    assert results.get_nowait() is CardOutcome.NO_CARD and time.monotonic() - started < 5


def test_a_wait_the_citizen_left_before_it_began_ends_at_once(devices: StationDevices) -> None:
    """The tap on 返回 can reach the station before the worker starts the wait: cancel_read() then finds nothing
    to end, and the wait itself must see that it was cancelled rather than run its whole 30 s."""
    left = threading.Event()
    devices.cancel_read()  # nothing waits yet: this ends nothing
    left.set()
    results: queue.Queue[CardOutcome] = queue.Queue()
    waiting = threading.Thread(target=lambda: results.put(devices.read_id_card(30, left.is_set).outcome))
    waiting.start()
    waiting.join(5)
    assert not waiting.is_alive() and results.get_nowait() is CardOutcome.NO_CARD


def test_a_code_seen_by_scanner_and_camera_reaches_listeners_once(
    config_dir: Path, store: Store, tmp_path: Path
) -> None:
    text = (config_dir / "kiosk.toml").read_text(encoding="utf-8")
    (config_dir / "kiosk.toml").write_text(text.replace('url = ""                    # a second', 'url = "sim://" # a'))
    config = load_kiosk_config(config_dir / "kiosk.toml")
    devices = StationDevices(config.devices, store, printed_dir=tmp_path).open()
    try:
        codes: list[str] = []
        unsubscribe = devices.on_scan(codes.append)
        scanner, camera = devices.simulators()["scanner"], devices.simulators()["camera"]
        assert isinstance(scanner, VirtualScanner) and isinstance(camera, VirtualCamera)
        assert wait_until(lambda: devices.slots["camera"].status.state is DeviceState.READY)
        camera.show("APPT-0001")
        assert wait_until(lambda: codes == ["APPT-0001"])
        scanner.send_code("APPT-0001")  # the same code held to the other reader at once
        scanner.send_code("预约-二号")
        assert wait_until(lambda: len(codes) == 2)
        time.sleep(0.3)
        assert codes == ["APPT-0001", "预约-二号"]
        unsubscribe()
        scanner.send_code("after")
        time.sleep(0.3)
        assert "after" not in codes
    finally:
        devices.close()


def test_paper_out_shows_on_the_printer_and_a_restart_brings_a_fresh_one(devices: StationDevices) -> None:
    changes: list[None] = []
    devices.on_change(lambda: changes.append(None))
    printer = devices.simulators()["printer"]
    assert isinstance(printer, VirtualPrinter)
    printer.set_condition(paper_out=True)
    ok, message = devices.test_print()
    assert not ok and message is not None and "缺纸" in message.zh and "out of paper" in message.en
    info = next(i for i in devices.infos() if i.kind == "printer")
    assert info.state is DeviceState.FAULT and info.message == Words("缺纸", "out of paper") and not devices.can_print()
    assert changes
    devices.restart("printer")
    fresh = devices.simulators()["printer"]
    assert fresh is not printer and devices.can_print()
    assert devices.test_print() == (True, None)
    assert isinstance(fresh, VirtualPrinter) and len(fresh.wait_for_receipts(1)) == 1


def test_a_device_that_cannot_open_is_reported_and_the_rest_work(config_dir: Path, store: Store) -> None:
    text = (config_dir / "kiosk.toml").read_text(encoding="utf-8")
    broken = text.replace(
        'url = "sim://"              # serial:///dev/ttyUSB0?baudrate=115200\n',
        'url = "serial:///dev/no-such-reader"\n',
        1,
    )
    (config_dir / "kiosk.toml").write_text(broken)
    config = load_kiosk_config(config_dir / "kiosk.toml")
    assert config.devices.id_reader.url == "serial:///dev/no-such-reader"
    devices = StationDevices(config.devices, store).open()
    try:
        info = next(i for i in devices.infos() if i.kind == "id_reader")
        assert info.state is DeviceState.OFFLINE and not info.simulated and info.message and info.last_error
        assert not devices.can_read_id() and devices.can_print()
        assert devices.read_id_card(2).outcome is CardOutcome.FAULT
    finally:
        devices.close()
