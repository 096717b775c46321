"""The camera scanner with the virtual camera: one event per code held in view, faults and recovery, threads."""

from __future__ import annotations

import threading
import time

import numpy as np

from devices.scanner import ScanEvent, UnreadableScan
from devices.state import DeviceState, Reason
from drivers.camera.scanner import CameraScanner
from drivers.camera.virtual import VirtualCamera
from tests.drivers.camera.conftest import PATIENCE, Recorder
from tests.support.waiting import wait_until

GBK_TICKET = bytes.fromhex("d4a4 d4bc c8a1 bac5 2041303137")  # "预约取号 A017" in GBK, no ECI


def frames_pass(scanner: CameraScanner, count: int) -> bool:
    """Wait until ``count`` more frames have been decoded."""
    target = scanner.frames_decoded + count
    return wait_until(lambda: scanner.frames_decoded >= target)


def test_given_an_open_camera_when_nothing_is_shown_then_it_is_ready_and_reports_no_scans(
    scanner: CameraScanner,
) -> None:
    recorder = Recorder(scanner)

    scanner.open()

    assert scanner.status.state is DeviceState.READY
    assert frames_pass(scanner, 10)
    assert recorder.scans == []


def test_given_a_code_held_in_view_when_many_frames_pass_then_exactly_one_scan_event(
    scanner: CameraScanner, camera: VirtualCamera
) -> None:
    recorder = Recorder(scanner)
    scanner.open()

    camera.show("https://zwfw.example.gov.cn/q/A017", rotation=10)
    assert wait_until(lambda: len(recorder.scans) >= 1)
    assert frames_pass(scanner, 20)

    assert [(e.source, e.text, e.raw, e.symbology) for e in recorder.events] == [
        ("camera", "https://zwfw.example.gov.cn/q/A017", b"https://zwfw.example.gov.cn/q/A017", "QRCode")
    ]
    assert len(recorder.scans) == 1


def test_given_one_code_was_scanned_when_a_different_code_is_shown_then_a_second_event(
    scanner: CameraScanner, camera: VirtualCamera
) -> None:
    recorder = Recorder(scanner)
    scanner.open()

    camera.show("YY-20261122-0931-A017")
    assert wait_until(lambda: len(recorder.events) == 1)
    camera.show("YY-20261122-1015-B003")
    assert wait_until(lambda: len(recorder.events) == 2)

    assert [e.text for e in recorder.events] == ["YY-20261122-0931-A017", "YY-20261122-1015-B003"]


def test_given_a_gbk_code_without_eci_when_scanned_then_the_event_text_is_the_chinese(
    scanner: CameraScanner, camera: VirtualCamera
) -> None:
    recorder = Recorder(scanner)
    scanner.open()

    camera.show(GBK_TICKET, noise=10)
    assert wait_until(lambda: len(recorder.events) == 1)

    assert (recorder.events[0].raw, recorder.events[0].text) == (GBK_TICKET, "预约取号 A017")


def test_given_binary_junk_in_a_code_when_scanned_then_one_unreadable_scan_with_its_size(
    scanner: CameraScanner, camera: VirtualCamera
) -> None:
    recorder = Recorder(scanner)
    scanner.open()

    camera.show(bytes.fromhex("00 ff fe 80 81 1b 07"))
    assert wait_until(lambda: len(recorder.scans) == 1)
    assert frames_pass(scanner, 10)

    assert len(recorder.scans) == 1
    scan = recorder.scans[0]
    assert isinstance(scan, UnreadableScan)
    assert (scan.source, scan.size, scan.reason) == ("camera", 7, "无法识别的码内容 / not text in UTF-8 or GB18030")


def test_given_a_listener_when_a_code_is_scanned_then_it_runs_on_the_capture_thread_not_the_callers(
    scanner: CameraScanner, camera: VirtualCamera
) -> None:
    threads: list[threading.Thread] = []
    scanner.on_scan(lambda _scan: threads.append(threading.current_thread()))
    scanner.open()

    camera.show("A017")
    assert wait_until(lambda: len(threads) == 1)

    assert threads[0] is not threading.current_thread()
    assert threads[0].name == "camera-camera"


def test_given_a_camera_that_cannot_open_when_opened_then_fault_camera_unavailable_until_it_can(
    scanner: CameraScanner, camera: VirtualCamera
) -> None:
    camera.fail_open = True

    scanner.open()

    assert scanner.status.state is DeviceState.FAULT
    assert scanner.status.reasons == frozenset({Reason.CAMERA_UNAVAILABLE})
    assert scanner.status.describe() == "摄像头无法打开 / camera cannot be opened"
    camera.fail_open = False
    assert wait_until(lambda: scanner.status.state is DeviceState.READY)


def test_given_frames_stop_when_the_watchdog_fires_then_fault_no_frames_then_ready_when_they_return(
    scanner: CameraScanner, camera: VirtualCamera
) -> None:
    scanner.open()
    assert scanner.status.state is DeviceState.READY
    recorder = Recorder(scanner)

    camera.stop_frames()
    assert wait_until(lambda: Reason.NO_FRAMES in scanner.status.reasons)
    stalled = scanner.status
    camera.resume_frames()
    assert wait_until(lambda: scanner.status.state is DeviceState.READY)

    assert (stalled.state, stalled.describe()) == (DeviceState.FAULT, "摄像头无画面 / camera delivers no pictures")
    assert [change.new.state for change in recorder.statuses] == [DeviceState.FAULT, DeviceState.READY]


def test_given_frames_came_back_when_a_code_is_shown_then_it_is_scanned(
    scanner: CameraScanner, camera: VirtualCamera
) -> None:
    recorder = Recorder(scanner)
    scanner.open()
    camera.stop_frames()
    assert wait_until(lambda: Reason.NO_FRAMES in scanner.status.reasons)

    camera.resume_frames()
    camera.show("A017")

    assert wait_until(lambda: [e.text for e in recorder.events] == ["A017"])


def test_given_an_open_scanner_when_closed_then_thread_joined_camera_released_and_offline(
    scanner: CameraScanner, camera: VirtualCamera
) -> None:
    scanner.open()
    assert camera.is_open

    scanner.close()

    assert not any(t.name == "camera-camera" for t in threading.enumerate())
    assert not camera.is_open
    assert scanner.status.state is DeviceState.OFFLINE


def test_given_a_listener_that_raises_when_a_code_is_scanned_then_other_listeners_still_hear_it(
    scanner: CameraScanner, camera: VirtualCamera
) -> None:
    def broken(_scan: ScanEvent | UnreadableScan) -> None:
        raise RuntimeError("listener bug")

    scanner.on_scan(broken)
    recorder = Recorder(scanner)
    scanner.open()

    camera.show("A017")

    assert wait_until(lambda: [e.text for e in recorder.events] == ["A017"])


def test_given_a_camera_silent_for_long_when_it_is_reopened_then_it_stays_no_frames_until_frames_return(
    camera: VirtualCamera,
) -> None:
    scanner = CameraScanner(camera, stall_timeout=0.2, reopen_after=0.4, retry_interval=0.05)
    try:
        scanner.open()
        camera.stop_frames()
        assert wait_until(lambda: camera.opens >= 2)  # closed and opened again, as for a replugged USB camera
        still = scanner.status
        camera.resume_frames()
        assert wait_until(lambda: scanner.status.state is DeviceState.READY)
    finally:
        scanner.close()

    assert (still.state, still.reasons) == (DeviceState.FAULT, frozenset({Reason.NO_FRAMES}))


class StuckSource:
    """A driver whose read blocks far past its timeout, as some USB camera drivers do when unplugged."""

    description = "stuck camera"

    def __init__(self) -> None:
        self.release = threading.Event()
        self.stuck = threading.Event()

    def open(self) -> None:
        pass

    def read(self, timeout: float) -> np.ndarray | None:
        if self.stuck.is_set():
            self.release.wait(PATIENCE)
        time.sleep(0.01)
        return np.zeros((48, 64), dtype=np.uint8)

    def close(self) -> None:
        self.release.set()


def test_given_a_capture_thread_stuck_in_a_read_when_health_is_checked_then_no_frames_is_reported() -> None:
    source = StuckSource()
    scanner = CameraScanner(source, stall_timeout=0.2)
    try:
        scanner.open()
        source.stuck.set()
        assert wait_until(lambda: scanner.check_health().state is DeviceState.FAULT)
        stuck = scanner.status
        source.stuck.clear()
        source.release.set()
        assert wait_until(lambda: scanner.check_health().state is DeviceState.READY)
    finally:
        source.release.set()
        scanner.close()

    assert stuck.reasons == frozenset({Reason.NO_FRAMES})
