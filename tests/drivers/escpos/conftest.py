"""A virtual printer on a pty and the production driver talking to it through a symlink, as on a kiosk."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
import zxingcpp
from PIL import Image

from devices.printer import PaperSpec, PrinterProfile
from devices.url import parse_device_url
from drivers.escpos.printer import EscPosPrinter
from drivers.sim.printer import VirtualPrinter
from drivers.transports import SerialTransport


@pytest.fixture
def virtual_printer(tmp_path: Path) -> Iterator[VirtualPrinter]:
    sim = VirtualPrinter(dots_per_line=576, out_dir=tmp_path / "receipts")
    sim.start_pty(tmp_path / "printer")
    yield sim
    sim.stop()


@pytest.fixture
def printer(virtual_printer: VirtualPrinter, tmp_path: Path) -> Iterator[EscPosPrinter]:
    url = parse_device_url(f"serial://{tmp_path / 'printer'}?baudrate=115200")
    driver = EscPosPrinter(SerialTransport(url), PrinterProfile(paper=PaperSpec(576, 80)))
    driver.open()
    yield driver
    driver.close()


def decode_qr(image: Image.Image) -> list[str]:
    return [result.text for result in zxingcpp.read_barcodes(np.asarray(image.convert("L")))]
