"""The production serial scanner driver against the virtual scanner over a pty: what a citizen's scan turns into."""

from __future__ import annotations

import sys
import time
import types
from pathlib import Path

import pytest

from devices.scanner import ScanEvent, UnreadableScan
from devices.state import DeviceState, Reason, StatusChanged
from devices.url import DeviceUrlError
from drivers.scanner.factory import create_scanner
from drivers.scanner.serial_scanner import SerialScanner
from drivers.sim.scanner import VirtualScanner, garbage, long_code
from tests.drivers.scanner.conftest import Scans, serial_scanner
from tests.support.waiting import wait_until

JUNK = bytes.fromhex("00 FF 13 FE 80 81 9A")


def test_codes_with_cr_crlf_and_no_suffix_each_arrive_once(
    scanner: SerialScanner, virtual_scanner: VirtualScanner, scans: Scans
) -> None:
    assert scanner.status.state is DeviceState.READY
    virtual_scanner.send_code("CR-0001")
    virtual_scanner.suffix = "crlf"
    virtual_scanner.send_code("CRLF-0002")
    virtual_scanner.suffix = "none"
    virtual_scanner.send_code("NONE-0003")
    scans.wait_for(3)
    virtual_scanner.suffix = "cr"
    virtual_scanner.send_code("END")
    scans.wait_for(4)
    assert scans.texts() == ["CR-0001", "CRLF-0002", "NONE-0003", "END"]
    first = scans.items[0]
    assert isinstance(first, ScanEvent)
    assert first.raw == b"CR-0001" and first.symbology == "UNKNOWN" and first.source == "scanner"


def test_a_repeat_within_the_window_is_one_scan(
    scanner: SerialScanner, virtual_scanner: VirtualScanner, scans: Scans
) -> None:
    virtual_scanner.send_code("A017")
    virtual_scanner.send_code("A017")
    virtual_scanner.send_code("B042")
    scans.wait_for(2)
    virtual_scanner.send_code("END")
    scans.wait_for(3)
    assert scans.texts() == ["A017", "B042", "END"]


def test_the_same_code_after_the_window_is_a_new_scan(virtual_scanner: VirtualScanner, tmp_path: Path) -> None:
    scans = Scans()
    driver = serial_scanner(tmp_path / "scanner", duplicate_window=0.2)
    driver.on_scan(scans)
    driver.open()
    try:
        virtual_scanner.send_code("A017")
        scans.wait_for(1)
        time.sleep(0.6)
        virtual_scanner.send_code("A017")
        scans.wait_for(2)
    finally:
        driver.close()
    assert scans.texts() == ["A017", "A017"]


def test_gbk_and_utf8_chinese_arrive_as_the_right_text(
    scanner: SerialScanner, virtual_scanner: VirtualScanner, scans: Scans
) -> None:
    virtual_scanner.send_code("社保卡 张三", encoding="gb18030")
    virtual_scanner.send_code("预约码:A017", encoding="utf-8")
    scans.wait_for(2)
    assert scans.texts() == ["社保卡 张三", "预约码:A017"]
    gbk = scans.items[0]
    assert isinstance(gbk, ScanEvent) and gbk.raw == bytes.fromhex("C9 E7 B1 A3 BF A8 20 D5 C5 C8 FD")


def test_junk_and_over_long_input_are_unreadable_never_mojibake(
    scanner: SerialScanner, virtual_scanner: VirtualScanner, scans: Scans
) -> None:
    virtual_scanner.send_payload(JUNK)
    virtual_scanner.send_payload(long_code(5000))
    virtual_scanner.send_code("A017")
    scans.wait_for(3)
    junk, too_long, fine = scans.items
    assert isinstance(junk, UnreadableScan) and junk.size == len(JUNK)
    assert junk.reason == "无法识别的码 / unreadable code"
    assert isinstance(too_long, UnreadableScan) and too_long.size == 5000 and "4096" in too_long.reason
    assert isinstance(fine, ScanEvent) and fine.text == "A017"


def test_random_junk_never_becomes_a_scan(
    scanner: SerialScanner, virtual_scanner: VirtualScanner, scans: Scans
) -> None:
    virtual_scanner.send_payload(garbage(64) + b"\x00")  # a NUL is never in a code's text
    scans.wait_for(1)
    assert isinstance(scans.items[0], UnreadableScan)


def test_a_code_of_4096_bytes_still_arrives(
    scanner: SerialScanner, virtual_scanner: VirtualScanner, scans: Scans
) -> None:
    virtual_scanner.send_payload(long_code(4096))
    [event] = scans.wait_for(1)
    assert isinstance(event, ScanEvent) and event.raw == long_code(4096)


def test_a_throttled_9600_baud_line_with_no_suffix_still_gives_one_code(
    scanner: SerialScanner, virtual_scanner: VirtualScanner, scans: Scans
) -> None:
    virtual_scanner.baud = 9600
    virtual_scanner.suffix = "none"
    virtual_scanner.send_payload(long_code(300))
    [event] = scans.wait_for(1)
    assert isinstance(event, ScanEvent) and event.raw == long_code(300)


def test_unplug_and_replug_returns_to_ready_by_itself(
    scanner: SerialScanner, virtual_scanner: VirtualScanner, scans: Scans
) -> None:
    changes: list[StatusChanged] = []
    scanner.subscribe(changes.append)
    virtual_scanner.drop_connection()
    assert wait_until(lambda: scanner.status.reasons == {Reason.DISCONNECTED})
    assert scanner.status.state is DeviceState.OFFLINE
    assert "设备未连接 / device disconnected" in scanner.status.describe()
    virtual_scanner.replug()
    assert wait_until(lambda: scanner.status.state is DeviceState.READY)
    virtual_scanner.send_code("AFTER-REPLUG")
    scans.wait_for(1)
    assert scans.texts() == ["AFTER-REPLUG"]
    assert [c.new.state for c in changes] == [DeviceState.OFFLINE, DeviceState.READY]


def test_a_scanner_plugged_in_after_start_becomes_ready(tmp_path: Path) -> None:
    scans = Scans()
    driver = serial_scanner(tmp_path / "later")
    driver.on_scan(scans)
    sim = VirtualScanner()
    try:
        driver.open()
        assert driver.status.reasons == {Reason.DISCONNECTED}
        sim.start_pty(tmp_path / "later")
        assert wait_until(lambda: driver.status.state is DeviceState.READY)
        sim.send_code("HELLO")
        scans.wait_for(1)
    finally:
        driver.close()
        sim.stop()
    assert scans.texts() == ["HELLO"]
    assert driver.status.state is DeviceState.OFFLINE


def test_check_health_before_open_tries_the_port(tmp_path: Path) -> None:
    driver = serial_scanner(tmp_path / "nothing-here")
    assert driver.check_health().reasons == {Reason.DISCONNECTED}
    driver.close()


def test_a_broken_listener_does_not_stop_the_others(
    scanner: SerialScanner, virtual_scanner: VirtualScanner, scans: Scans
) -> None:
    def broken(_event: ScanEvent | UnreadableScan) -> None:
        raise RuntimeError("listener bug")

    scanner.on_scan(broken)
    virtual_scanner.send_code("A017")
    virtual_scanner.send_code("B042")
    scans.wait_for(2)
    assert scans.texts() == ["A017", "B042"]


def test_sim_url_runs_the_virtual_scanner_in_process() -> None:
    scans = Scans()
    driver = create_scanner("sim://", name="qr")
    assert isinstance(driver, SerialScanner) and isinstance(driver.simulator, VirtualScanner)
    sim = driver.simulator
    driver.on_scan(scans)
    driver.open()
    try:
        assert driver.status.state is DeviceState.READY
        sim.send_code("A017")
        scans.wait_for(1)
        sim.drop_connection()
        assert wait_until(lambda: driver.status.reasons == {Reason.DISCONNECTED})
        sim.replug()
        assert wait_until(lambda: driver.status.state is DeviceState.READY)
        sim.send_code("B042")
        scans.wait_for(2)
    finally:
        driver.close()
    assert scans.texts() == ["A017", "B042"] and scans.items[0].source == "qr"
    assert not sim.plugged_in


@pytest.mark.parametrize("url", ["usb://0x0416:0x5011", "tcp://10.0.0.5:9100", "lpt://1", "file:///tmp/x"])
def test_urls_no_scanner_can_use_are_refused_with_a_clear_message(url: str) -> None:
    with pytest.raises(DeviceUrlError, match="/"):
        create_scanner(url)


def test_camera_urls_go_to_the_camera_driver(monkeypatch: pytest.MonkeyPatch) -> None:
    made: list[tuple[str, str]] = []
    fake = types.ModuleType("drivers.camera.factory")

    def create_camera_scanner(url: str, *, name: str = "scanner") -> str:
        made.append((url, name))
        return "camera scanner"

    fake.create_camera_scanner = create_camera_scanner  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "drivers.camera.factory", fake)
    assert create_scanner("camera://0?width=640", name="cam") == "camera scanner"  # type: ignore[comparison-overlap]
    assert made == [("camera://0?width=640", "cam")]


def test_serial_urls_default_to_9600_baud_and_take_the_url_s_own() -> None:
    default = create_scanner("serial:///dev/ttyACM0")
    custom = create_scanner("serial:///dev/ttyACM0?baudrate=115200")
    assert isinstance(default, SerialScanner) and isinstance(custom, SerialScanner)
    assert default.transport.seconds_to_send(960) == pytest.approx(1.0)
    assert custom.transport.seconds_to_send(11520) == pytest.approx(1.0)
