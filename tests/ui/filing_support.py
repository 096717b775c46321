"""The touch UI over in-memory filing ports (tests/kiosk/flows/filing_fakes.py) and the flows' fake hall and
devices: the filing and progress screens driven by taps, without a hall server. A camera that gives real JPEGs,
so the live preview and the page thumbnails show pictures."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from PySide6.QtCore import QBuffer, QByteArray, QIODevice
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtWidgets import QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from kiosk.flows.flow import KioskSettings
from kiosk.station.filing_ports import CapturedPage, PreviewFrame
from tests.kiosk.flows.conftest import FakeDevices, FakeHall, FakeTechnician
from tests.kiosk.flows.filing_fakes import FakeCamera, FakeFiling
from ui.app import PORTRAIT, KioskUi
from ui.screens.text_input import input_mode


def jpeg(width: int, height: int, shade: str, text: str = "") -> bytes:
    """A real JPEG: a page-like picture with a line of text."""
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor("#5b6470"))
    painter = QPainter(image)
    painter.fillRect(width // 8, height // 10, width * 3 // 4, height * 4 // 5, QColor(shade))
    painter.setPen(QColor("#1c2733"))
    painter.drawText(width // 6, height // 4, text)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "JPEG", 80)  # type: ignore[call-overload]
    return bytes(data.data())


class PictureCamera(FakeCamera):
    """The flows' fake camera, with real pictures; counts how often the screen asked for a preview."""

    def __init__(self) -> None:
        super().__init__()
        self.previews = 0

    def preview(self) -> PreviewFrame | None:
        self.previews += 1
        return PreviewFrame(jpeg(640, 480, "#fbfaf5", "居民身份证"), True) if self.ok else None

    def capture(self) -> CapturedPage:
        page = super().capture()
        if self.pages or page.jpeg.startswith(b"\xff\xd8page"):
            shot = jpeg(1240, 1754, "#ffffff", f"page {self.shots}")
            return CapturedPage(shot, jpeg(200, 280, "#ffffff", f"{self.shots}"), page.found)
        return page


@pytest.fixture
def filing() -> FakeFiling:
    return FakeFiling()


@pytest.fixture
def camera() -> PictureCamera:
    return PictureCamera()


@pytest.fixture
def fake_hall() -> FakeHall:
    return FakeHall()


@pytest.fixture
def fake_devices() -> FakeDevices:
    return FakeDevices()


def open_ui(
    hall: FakeHall, devices: FakeDevices, filing: FakeFiling | None, camera: FakeCamera | None, **kwargs: object
) -> KioskUi:
    settings = KioskSettings(hall_name="示例市政务服务中心", station_name="幸福路社区自助服务站")
    made = KioskUi(
        hall=hall, devices=devices, technician=FakeTechnician(lambda: datetime.now(UTC)),
        settings=settings, filing=filing, camera=camera, **kwargs,  # type: ignore[arg-type]
    )  # fmt: skip
    made.window.resize(PORTRAIT)
    made.show(kiosk_mode=False)
    return made


@pytest.fixture
def filing_ui(
    qtbot: QtBot, fake_hall: FakeHall, fake_devices: FakeDevices, filing: FakeFiling, camera: PictureCamera
) -> Iterator[KioskUi]:
    made = open_ui(fake_hall, fake_devices, filing, camera)
    qtbot.waitUntil(lambda: made.runner.pending == 0, timeout=10_000)
    yield made
    made.close()


def type_into(edit: QLineEdit, text: str) -> None:
    """What the on-screen keyboard does: the whole text changes as keys are pressed, one character at a time."""
    assert edit.isVisible() and edit.isEnabled(), "cannot type into a hidden field"
    edit.clear()
    for character in text:
        edit.insert(character)


def visible_field(root: QWidget) -> QLineEdit:
    fields = [edit for edit in root.findChildren(QLineEdit) if edit.isVisible()]
    assert len(fields) == 1, f"{len(fields)} text fields on screen"
    input_mode(fields[0])  # every field says which keyboard it needs
    return fields[0]
