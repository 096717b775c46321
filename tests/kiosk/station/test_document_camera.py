"""The station's document camera port over the virtual document camera: pages found, the whole frame when no page
outline is seen, words when a page is cut off, and a camera that runs only while someone uses it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from devices.state import DeviceState
from drivers.camera.virtual_document import VirtualDocumentCamera
from kiosk.station.document_camera import StationDocumentCamera
from kiosk.station.filing_ports import CameraFailed
from tests.support.waiting import wait_for

URL = "sim://?width=1632&height=1224&fps=10"  # a quarter of the 8 MP default: the same path, less CPU in tests


@pytest.fixture
def port() -> Iterator[StationDocumentCamera]:
    station = StationDocumentCamera.from_url(URL, jpeg_quality=75, even_light=True)
    try:
        yield station
    finally:
        station.close()


def simulator(port: StationDocumentCamera) -> VirtualDocumentCamera:
    sim = port.simulator
    assert isinstance(sim, VirtualDocumentCamera)
    return sim


def test_nothing_runs_until_a_preview_is_asked_for_then_pages_are_found(port: StationDocumentCamera) -> None:
    assert port.available()
    assert port.camera.status.state is not DeviceState.READY  # closed: no frames are being turned into previews
    preview = wait_for(port.preview, "a preview with the page outlined")
    assert preview.jpeg[:3] == b"\xff\xd8\xff" and preview.page_seen
    page = port.capture()
    assert page.found and page.jpeg[:3] == b"\xff\xd8\xff" and page.thumbnail[:3] == b"\xff\xd8\xff"
    assert len(page.thumbnail) < len(page.jpeg)


def test_without_a_page_outline_the_whole_frame_is_kept_and_a_cut_page_is_refused_in_words(
    port: StationDocumentCamera,
) -> None:
    wait_for(port.preview, "the camera running")
    simulator(port).take_away()
    frame = port.capture()
    assert not frame.found and frame.jpeg[:3] == b"\xff\xd8\xff"
    simulator(port).push_off_edge()
    with pytest.raises(CameraFailed) as cut:
        port.capture()
    assert cut.value.message.zh and cut.value.message.en


def test_an_unplugged_camera_is_said_in_words_not_raised_as_a_traceback(port: StationDocumentCamera) -> None:
    simulator(port).unplug()
    with pytest.raises(CameraFailed) as failed:
        port.capture()
    assert "高拍仪" in failed.value.message.zh
    assert not port.available()


def test_the_camera_closes_when_nobody_has_used_it_for_a_while() -> None:
    station = StationDocumentCamera.from_url(URL, jpeg_quality=75, even_light=True)
    station.idle_close_s = 0.5
    try:
        wait_for(station.preview, "the camera running")
        wait_for(lambda: station.camera.status.state is DeviceState.OFFLINE, "the idle camera closed")
        assert wait_for(station.preview, "the camera opened again on the next use") is not None
    finally:
        station.close()
