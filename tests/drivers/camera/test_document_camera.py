"""The document camera driver on its virtual camera: capture, previews, faults, URLs."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path

import cv2
import numpy as np
import pytest
from numpy.typing import NDArray

from devices.document_camera import Capture, Missing, NoPage, Page, PreviewFrame
from devices.state import DeviceState, Reason
from devices.url import DeviceUrlError
from drivers.camera.capture import OpenCvCamera
from drivers.camera.desk import Placement, photograph_sample
from drivers.camera.doccam import DocumentCameraDriver
from drivers.camera.factory import create_document_camera
from drivers.camera.virtual_document import VirtualDocumentCamera
from drivers.registry import create_document_camera as registry_factory
from tests.support.waiting import wait_until

URL = "sim://?width=1600&height=1200&fps=30"


@pytest.fixture
def camera() -> Iterator[DocumentCameraDriver]:
    camera = create_document_camera(URL, stall_timeout=0.3)
    yield camera
    camera.close()


def simulator(camera: DocumentCameraDriver) -> VirtualDocumentCamera:
    assert isinstance(camera.simulator, VirtualDocumentCamera)
    return camera.simulator


def wait_for(make: Callable[[], Capture], what: str, *, check: Callable[[Capture], bool], tries: int = 5) -> Capture:
    """The first result of ``make()`` that passes ``check`` (a frame already on its way may come first)."""
    for _ in range(tries):
        result = make()
        if check(result):
            return result
    raise AssertionError(f"no {what} after {tries} captures")


def after(sim: VirtualDocumentCamera, fault: str) -> None:
    """Inject ``fault`` and wait until a frame read after it has left the camera (one may be on its way)."""
    sim.inject_fault(fault)
    delivered = sim.frames_delivered
    assert wait_until(lambda: sim.frames_delivered >= delivered + 2)


def test_the_registry_hands_out_the_same_factory_and_constructing_opens_nothing() -> None:
    assert registry_factory is create_document_camera
    camera = create_document_camera(URL)
    assert camera.status.state is DeviceState.OFFLINE
    assert not simulator(camera).is_open
    assert camera.simulator is not None and camera.simulator.fault_list()


def test_given_the_sample_page_on_the_mat_when_captured_then_the_page_where_the_sim_put_it(
    camera: DocumentCameraDriver,
) -> None:
    camera.open()
    assert camera.status.state is DeviceState.READY

    result = camera.capture(timeout=10)

    assert isinstance(result, Page)
    expected = simulator(camera).page_corners
    assert expected is not None
    assert np.abs(np.array(result.corners) - expected).max() <= 3.0
    assert result.frame_size == (1600, 1200)
    assert result.jpeg.startswith(b"\xff\xd8") and result.content_type == "image/jpeg"


def test_previews_are_small_rgb_frames_with_the_page_outlined(camera: DocumentCameraDriver) -> None:
    seen: list[PreviewFrame] = []
    camera.on_preview(seen.append)
    camera.open()
    assert wait_until(lambda: len(seen) >= 2)

    preview = camera.latest_preview()
    assert preview is not None and preview.sequence >= seen[0].sequence
    assert (preview.width, preview.height) == (800, 600)
    assert len(preview.rgb) == 800 * 600 * 3
    assert cv2.imdecode(np.frombuffer(preview.jpeg, np.uint8), cv2.IMREAD_COLOR).shape == (600, 800, 3)
    assert preview.corners is not None
    expected = simulator(camera).page_corners
    assert expected is not None
    assert np.abs(np.array(preview.corners) * 2 - expected).max() <= 4.0  # preview is half the frame


def test_faults_on_command_give_typed_answers_never_exceptions(camera: DocumentCameraDriver) -> None:
    sim = simulator(camera)
    camera.open()

    after(sim, "take-away")
    empty = camera.capture(timeout=10)
    assert isinstance(empty, NoPage) and empty.why is Missing.NO_PAGE
    assert str(empty.words) == "请把材料平放在拍摄区内 / Lay the page flat inside the frame"

    after(sim, "off-edge")
    partial = camera.capture(timeout=10)
    assert isinstance(partial, NoPage) and partial.why is Missing.PARTIAL

    after(sim, "place-page")
    assert isinstance(camera.capture(timeout=10), Page)

    sim.inject_fault("no-frames")
    silent = wait_for(lambda: camera.capture(timeout=0.5), "no frame", check=lambda r: isinstance(r, NoPage))
    assert isinstance(silent, NoPage) and silent.why is Missing.NO_FRAME and silent.frame_jpeg == b""
    assert wait_until(lambda: Reason.NO_FRAMES in camera.check_health().reasons)
    sim.clear_fault("no-frames")
    assert wait_until(lambda: camera.status.state is DeviceState.READY)


def test_an_unplugged_camera_says_so_in_its_status_and_capture_gives_no_frame() -> None:
    camera = create_document_camera(URL, retry_interval=0.05)
    simulator(camera).inject_fault("unplugged")
    try:
        camera.open()
        assert camera.status.state is DeviceState.FAULT
        assert Reason.CAMERA_UNAVAILABLE in camera.status.reasons
        result = camera.capture(timeout=0.3)
        assert isinstance(result, NoPage) and result.why is Missing.NO_FRAME
        simulator(camera).clear_fault("unplugged")
        assert wait_until(lambda: camera.status.state is DeviceState.READY)
        assert isinstance(camera.capture(timeout=10), Page)
    finally:
        camera.close()
    assert camera.status.state is DeviceState.OFFLINE


def test_a_photo_file_as_the_camera_gives_its_page(tmp_path: Path) -> None:
    photo = photograph_sample(Placement(rotation=-4), size=(1600, 1200), seed=9)
    path = tmp_path / "desk.png"
    cv2.imwrite(str(path), photo.frame)
    camera = create_document_camera(f"camera://file{path}?fps=20")
    try:
        camera.open()
        result = camera.capture(timeout=10)
    finally:
        camera.close()
    assert isinstance(result, Page) and photo.corners is not None
    assert np.abs(np.array(result.corners) - photo.corners).max() <= 3.0


def test_a_missing_camera_is_a_status_not_an_exception() -> None:
    camera = create_document_camera("camera://file/nonexistent/desk.png", retry_interval=0.05)
    try:
        camera.open()
        assert Reason.CAMERA_UNAVAILABLE in camera.status.reasons
    finally:
        camera.close()


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("serial:///dev/ttyUSB0", "not supported by this device"),
        ("camera://front", "camera://INDEX"),
        ("camera://0?width=big", "must be an integer"),
        ("sim://?fps=-1", "must be a number"),
    ],
)
def test_bad_urls_are_refused_in_words(url: str, expected: str) -> None:
    with pytest.raises(DeviceUrlError, match=expected):
        create_document_camera(url)


@pytest.mark.parametrize(
    ("url", "size", "fourcc"),
    [
        ("camera://0", (3264, 2448), "MJPG"),
        ("camera://1?width=2592&height=1944&fourcc=YUYV", (2592, 1944), "YUYV"),
    ],
)
def test_a_real_camera_is_asked_for_8_mp_in_mjpg_unless_told(url: str, size: tuple[int, int], fourcc: str) -> None:
    camera = create_document_camera(url)
    source = camera.source
    assert isinstance(source, OpenCvCamera)
    assert ((source.width, source.height), source.fourcc) == (size, fourcc)
    assert camera.simulator is None


def test_a_bad_fourcc_is_refused() -> None:
    with pytest.raises(DeviceUrlError, match="fourcc must be 4 letters or digits"):
        create_document_camera("camera://0?fourcc=MJPEG")


class OddFrames:
    """A source whose frames no page finder expects (two channels): capture must still answer in words."""

    description = "odd frames"

    def open(self) -> None: ...

    def read(self, timeout: float) -> NDArray[np.uint8] | None:
        time.sleep(0.01)
        return np.zeros((120, 160, 2), np.uint8)

    def close(self) -> None: ...


def test_a_frame_that_breaks_processing_gives_no_page_not_an_exception(caplog: pytest.LogCaptureFixture) -> None:
    camera = DocumentCameraDriver(OddFrames())
    try:
        camera.open()
        result = camera.capture(timeout=5)
    finally:
        camera.close()
    assert isinstance(result, NoPage) and result.why is Missing.NO_PAGE
    assert "processing a frame failed" in caplog.text


def test_the_pages_of_one_material_become_one_pdf(camera: DocumentCameraDriver) -> None:
    camera.open()
    first = camera.capture(timeout=10)
    after(simulator(camera), "place-page")
    second = camera.capture(timeout=10)
    assert isinstance(first, Page) and isinstance(second, Page)

    pdf = camera.material_pdf([first, second])

    assert pdf.startswith(b"%PDF") and b"/Count 2" in pdf
    assert first.jpeg in pdf and second.jpeg in pdf
