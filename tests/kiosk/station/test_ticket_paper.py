"""The ticket as it comes out of the printer: in the citizen's language, saying where to wait; its QR code only
when a phone can open the hall's address. The real hall over HTTP, the production ESC/POS encoder, the bytes
read back by the virtual printer's interpreter (and printed to its PNG)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from devices.printer import Document, QrCode
from drivers.escpos.encoder import encode
from drivers.escpos.interpreter import EscPosInterpreter
from drivers.escpos.receipt import PrintedLine, QrSymbol, Receipt, ReceiptCut, Skipped
from drivers.sim.printer import VirtualPrinter
from hall.server import Hall, build_hall
from kiosk.printing.jobs import PrintOutcome
from kiosk.station.devices import StationDevices
from kiosk.station.hall import StationHall
from tests.support.clocks import FrozenClock
from tests.support.hall import MONDAY_10AM, served, sqlite_url
from tests.support.paths import SHIPPED_CONFIG

MakeKiosk = Callable[[str], StationHall]
PHONES_URL = "https://hall.example.gov.cn"


class Recorder:
    """The station's printing, keeping each document it is handed."""

    def __init__(self, devices: StationDevices) -> None:
        self.devices, self.documents = devices, list[Document]()

    def print(self, document: Document, reference: str = "") -> PrintOutcome:
        self.documents.append(document)
        return self.devices.print(document, reference)


def printed(document: Document, devices: StationDevices) -> Receipt:
    """What a printer of this kiosk's profile prints from the bytes the driver sends for ``document``."""
    interpreter = EscPosInterpreter(devices.profile.paper.dots_per_line)
    events = interpreter.feed(encode(document, devices.profile))
    cuts = [event.receipt for event in events if isinstance(event, ReceiptCut)]
    assert len(cuts) == 1 and not [event for event in events if isinstance(event, Skipped)]
    return cuts[0]


def lines(receipt: Receipt) -> list[str]:
    return ["".join(run.text for run in e.runs).strip() for e in receipt.elements if isinstance(e, PrintedLine)]


def take(make_kiosk: MakeKiosk, devices: StationDevices, url: str) -> tuple[StationHall, Recorder]:
    kiosk = make_kiosk(url)
    recorder = Recorder(devices)
    kiosk.printing = recorder
    kiosk.categories()
    return kiosk, recorder


def test_a_number_taken_in_english_prints_in_english(
    hall: Hall, make_kiosk: MakeKiosk, devices: StationDevices, printer_sim: VirtualPrinter
) -> None:
    with served(hall.app) as url:
        kiosk, recorder = take(make_kiosk, devices, url)
        kiosk.hall_name_en = "Example City Government Service Centre"
        ticket = kiosk.take_number("A", language="en")
    assert ticket.printed and (ticket.area_zh, ticket.area_en) == ("一楼A区", "Area A, floor 1")
    text = lines(printed(recorder.documents[0], devices))
    for expected in (
        "Example City Government Service Centre",
        "Social and medical insurance",
        "A001",
        "Please wait in Area A, floor 1",
        "Nobody is ahead of you",
        "No wait",
        "Valid today only (23 Nov)",
        "Issued: 2026-11-23 10:00",
        "Help line: 12345",
    ):
        assert expected in text, (expected, text)
    assert not any("\u4e00" <= ch <= "\u9fff" for line in text for ch in line), text
    [receipt] = printer_sim.wait_for_receipts(1)
    assert receipt.path is not None and receipt.path.suffix == ".png" and receipt.image.height > 400


def test_a_chinese_ticket_is_unchanged_and_says_where_to_wait(
    hall: Hall, make_kiosk: MakeKiosk, devices: StationDevices
) -> None:
    with served(hall.app) as url:
        kiosk, recorder = take(make_kiosk, devices, url)
        kiosk.take_number("S")
    text = lines(printed(recorder.documents[0], devices))
    assert text[0] == "示例市政务服务中心" and "自助服务" in text and "S001" in text
    assert "请到24小时自助服务区等候叫号" in text and "当日有效（11月23日）" in text


def test_no_qr_code_and_no_promise_when_no_phone_can_open_the_halls_address(
    hall: Hall, make_kiosk: MakeKiosk, devices: StationDevices
) -> None:
    with served(hall.app) as url:  # the shipped hall.toml: QR codes point at 127.0.0.1
        kiosk, recorder = take(make_kiosk, devices, url)
        ticket = kiosk.take_number("A")
    assert "127.0.0.1" in ticket.qr_url and not ticket.has_qr
    document = recorder.documents[0]
    assert not any(isinstance(block, QrCode) for block in document.blocks)
    receipt = printed(document, devices)
    assert not any(isinstance(e, QrSymbol) for e in receipt.elements)
    assert not any("扫码" in line for line in lines(receipt))


@pytest.fixture
def reachable_hall(tmp_path: Path) -> Iterator[Hall]:
    """The shipped hall with ``[server] public_url`` set to an address phones reach."""
    config = tmp_path / "hall.toml"
    shipped = (SHIPPED_CONFIG / "hall.toml").read_text()
    config.write_text(shipped.replace("[server]\n", f'[server]\npublic_url = "{PHONES_URL}"\n', 1))
    built = build_hall(config, sqlite_url(tmp_path), clock=FrozenClock(MONDAY_10AM))
    try:
        yield built
    finally:
        built.close()


def test_the_qr_code_and_its_caption_when_phones_can_open_the_address(
    reachable_hall: Hall, make_kiosk: MakeKiosk, devices: StationDevices
) -> None:
    with served(reachable_hall.app) as url:
        kiosk, recorder = take(make_kiosk, devices, url)
        ticket = kiosk.take_number("A")
    assert ticket.qr_url.startswith(f"{PHONES_URL}/q/") and ticket.has_qr
    receipt = printed(recorder.documents[0], devices)
    assert [e.data.decode() for e in receipt.elements if isinstance(e, QrSymbol)] == [ticket.qr_url]
    assert "扫码查看排队进度" in lines(receipt)
