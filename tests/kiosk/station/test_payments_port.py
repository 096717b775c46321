"""The station's payment port: the hall's orders passed on, the hall link told when the hall is away, and the
receipt of a paid order printed as real ESC/POS bytes by the virtual printer, once per order."""

from __future__ import annotations

import uuid
from zoneinfo import ZoneInfo

import pytest

from devices.printer import Document, PaperSpec, PrinterProfile, PrintResult
from drivers.escpos.encoder import encode
from drivers.sim.printer import VirtualPrinter
from kiosk.hallclient.link import HallLink
from kiosk.printing.jobs import PrintOutcome
from kiosk.station.hall import PAUSED
from kiosk.station.payment_port import OrderStatus
from kiosk.station.payments import NOT_PAID, PRINTED_ALREADY, StationPayments
from kiosk.station.ports import Unavailable
from tests.kiosk.flows.payment_fakes import LAND, FakePayments

PAPER = PaperSpec(576, 80)


class VirtualPrinting:
    """The station's printing as far as the paper: the document encoded and printed by the virtual printer."""

    def __init__(self) -> None:
        self.printer = VirtualPrinter(dots_per_line=PAPER.dots_per_line)
        self.ok = True
        self.kinds: list[str] = []

    def print(self, document: Document, reference: str = "") -> PrintOutcome:
        if not self.ok:
            return PrintOutcome(uuid.uuid4(), PrintResult(False), None)
        self.printer.receive(encode(document, PrinterProfile(paper=PAPER)), lambda _answer: None)
        self.kinds.append(document.kind)
        return PrintOutcome(uuid.uuid4(), PrintResult(True), None)


@pytest.fixture
def desk() -> FakePayments:
    return FakePayments()


@pytest.fixture
def printing() -> VirtualPrinting:
    return VirtualPrinting()


@pytest.fixture
def port(desk: FakePayments, printing: VirtualPrinting) -> StationPayments:
    return StationPayments(
        desk, printing, paper=PAPER, hall_name="示例市政务服务中心", hall_name_en="Example City Service Centre",
        hotline="12345", zone=ZoneInfo("Asia/Shanghai"), link=HallLink(),
    )  # fmt: skip


def test_a_paid_orders_receipt_prints_once(
    port: StationPayments, desk: FakePayments, printing: VirtualPrinting
) -> None:
    order = port.open_order(LAND)
    assert port.print_receipt(order) == (False, NOT_PAID)
    paid = desk.phone_pays(order.order_no)
    assert port.status(order.order_no).status is OrderStatus.PAID
    assert port.print_receipt(paid, "en") == (True, None)
    assert port.print_receipt(paid) == (False, PRINTED_ALREADY)
    assert printing.kinds == ["payment_receipt"]
    [receipt] = printing.printer.receipts
    assert receipt.image.convert("L").getextrema()[0] < 100


def test_a_printer_fault_lets_it_print_when_the_printer_is_back(
    port: StationPayments, desk: FakePayments, printing: VirtualPrinting
) -> None:
    paid = desk.phone_pays(port.open_order(LAND).order_no)
    printing.ok = False
    printed, _why = port.print_receipt(paid)
    assert not printed
    printing.ok = True
    assert port.print_receipt(paid) == (True, None)


def test_the_hall_away_is_told_to_the_link_and_said_as_paused(port: StationPayments, desk: FakePayments) -> None:
    link = port.link
    assert link is not None
    desk.online = False
    with pytest.raises(Unavailable) as raised:
        port.fee_items()
    assert raised.value.message == PAUSED and not link.online
    desk.online = True
    assert port.fee_items() and link.online
