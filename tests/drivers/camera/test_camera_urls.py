"""create_camera_scanner: sim://, camera://file/PATH (an image, a looped video), a camera that is not there."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest

from devices.state import DeviceState, Reason
from devices.url import DeviceUrlError
from drivers.camera.decoders import UnknownDecoder
from drivers.camera.factory import create_camera_scanner
from drivers.camera.frames import CONDITIONS, HEIGHT, WIDTH, render_frame, scene
from drivers.camera.virtual import VirtualCamera
from tests.drivers.camera.conftest import Recorder
from tests.support.waiting import wait_until

FILING_URL = b"https://zwfw.example.gov.cn/filing/progress?application=3f2c9a1e"


def test_given_a_sim_url_when_created_then_the_virtual_camera_is_exposed_and_codes_shown_on_it_are_scanned() -> None:
    scanner = create_camera_scanner("sim://?fps=60", name="front-camera")
    recorder = Recorder(scanner)
    try:
        scanner.open()
        assert isinstance(scanner.simulator, VirtualCamera)
        scanner.simulator.show(FILING_URL)
        assert wait_until(lambda: len(recorder.events) == 1)
    finally:
        scanner.close()

    assert (recorder.events[0].source, recorder.events[0].raw) == ("front-camera", FILING_URL)


def test_given_a_png_when_opened_as_camera_file_then_its_code_is_one_scan(tmp_path: Path) -> None:
    path = tmp_path / "code.png"
    cv2.imwrite(str(path), render_frame(FILING_URL, CONDITIONS["rotated_15"], rng=np.random.default_rng(2)))
    scanner = create_camera_scanner(f"camera://file{path}?fps=50")
    recorder = Recorder(scanner)
    try:
        scanner.open()
        assert scanner.status.state is DeviceState.READY
        assert wait_until(lambda: scanner.frames_decoded >= 10)
    finally:
        scanner.close()

    assert [e.raw for e in recorder.events] == [FILING_URL]


def test_given_a_short_video_when_opened_as_camera_file_then_it_loops_and_the_code_in_it_is_scanned(
    tmp_path: Path,
) -> None:
    path = tmp_path / "clip.avi"
    rng = np.random.default_rng(4)
    empty, with_code = scene(rng), render_frame(FILING_URL, rng=rng)
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter.fourcc(*"MJPG"), 25.0, (WIDTH, HEIGHT), isColor=False)
    for frame in [empty] * 4 + [with_code] * 4:
        writer.write(frame)
    writer.release()
    scanner = create_camera_scanner(f"camera://file{path}?fps=100")
    recorder = Recorder(scanner)
    try:
        scanner.open()
        assert wait_until(lambda: scanner.frames_decoded >= 20)  # over twice round the 8-frame clip
    finally:
        scanner.close()

    assert scanner.frames_decoded >= 20
    assert [e.raw for e in recorder.events] == [FILING_URL]  # seen again on every loop, reported once


@pytest.mark.parametrize("name", ["missing.png", "notes.txt"])
def test_given_a_file_that_is_missing_or_not_a_picture_when_opened_then_fault_camera_unavailable(
    tmp_path: Path, name: str
) -> None:
    (tmp_path / "notes.txt").write_text("no pictures here", encoding="utf-8")
    scanner = create_camera_scanner(f"camera://file{tmp_path / name}", retry_interval=0.05)
    try:
        scanner.open()
        status = scanner.status
    finally:
        scanner.close()

    assert (status.state, status.reasons) == (DeviceState.FAULT, frozenset({Reason.CAMERA_UNAVAILABLE}))
    assert name in status.detail


def test_given_a_camera_index_with_no_camera_when_opened_then_fault_camera_unavailable() -> None:
    scanner = create_camera_scanner("camera://97")  # no machine this runs on has 98 cameras
    try:
        scanner.open()
        status = scanner.status
    finally:
        scanner.close()

    assert (status.state, status.reasons) == (DeviceState.FAULT, frozenset({Reason.CAMERA_UNAVAILABLE}))
    assert status.detail == "无法打开摄像头 97 / cannot open camera 97"


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("serial:///dev/ttyUSB0", "此设备不支持该地址类型 / scheme 'serial' is not supported"),
        ("camera://front", "摄像头地址应为 camera://编号"),
        ("sim://?fps=fast", "摄像头参数应为非负数 / camera option fps"),
    ],
)
def test_given_a_bad_camera_url_when_created_then_a_device_url_error_says_what_is_wrong(url: str, message: str) -> None:
    with pytest.raises(DeviceUrlError, match=message):
        create_camera_scanner(url)


def test_given_an_unknown_decoder_when_created_then_an_url_style_error() -> None:
    with pytest.raises(UnknownDecoder, match="unknown QR decoder 'best'"):
        create_camera_scanner("sim://", decoder="best")
