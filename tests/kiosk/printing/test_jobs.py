"""Printing as the application does it: every job recorded, and a failure told in words a citizen reads."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from devices.printer import PaperSpec, PrinterProfile
from devices.state import Reason
from devices.words import Words
from drivers.escpos.printer import EscPosPrinter
from drivers.registry import create_printer
from drivers.sim.printer import VirtualPrinter
from kiosk.printing.jobs import PrintService
from kiosk.printing.templates import TicketSlip, queue_ticket
from kiosk.store import PrintJob, Store, open_store

SLIP = TicketSlip(
    hall_name="示例市政务服务中心",
    category_name="社保医保",
    number="A017",
    waiting_ahead=0,
    estimated_wait_minutes=0,
    issued_at=datetime(2026, 11, 22, 3, 5, tzinfo=ZoneInfo("Asia/Shanghai")),
    qr_payload="https://hall.example/q/A017",
    help_hotline="12345",
)


@pytest.fixture
def store(data_dir: Path) -> Iterator[Store]:
    data_dir.mkdir()
    opened = open_store(data_dir)
    yield opened
    opened.close()


@pytest.fixture
def sim_printer() -> Iterator[EscPosPrinter]:
    printer = create_printer("sim://", PrinterProfile(paper=PaperSpec(576, 80)))
    printer.open()
    yield printer
    printer.close()


def jobs(store: Store) -> list[PrintJob]:
    with store.sessions() as session:
        return list(session.scalars(select(PrintJob).order_by(PrintJob.created_at)))


def test_a_printed_ticket_is_recorded_as_printed(store: Store, sim_printer: EscPosPrinter) -> None:
    outcome = PrintService(sim_printer, store.sessions).print(queue_ticket(SLIP, sim_printer.paper), "A017")
    assert outcome.printed and outcome.message is None
    [job] = jobs(store)
    assert (job.kind, job.reference, job.state, job.reasons) == ("ticket", "A017", "printed", "")
    assert job.bytes_sent == outcome.result.bytes_sent > 0


def test_out_of_paper_fails_the_job_and_says_what_to_do(store: Store, sim_printer: EscPosPrinter) -> None:
    simulator = sim_printer.simulator
    assert isinstance(simulator, VirtualPrinter)
    simulator.set_condition(paper_out=True)
    outcome = PrintService(sim_printer, store.sessions, hotline="12345").print(
        queue_ticket(SLIP, sim_printer.paper), "A017"
    )
    assert not outcome.printed
    assert outcome.message == Words(
        "打印失败：缺纸。请到服务台或拨打12345", "printing failed: out of paper; please go to the desk or call 12345"
    )
    assert outcome.reasons == {Reason.PAPER_OUT}
    [job] = jobs(store)
    assert (job.state, job.reasons) == ("failed", "paper_out")
    assert simulator.receipts == []


def test_a_driver_that_raises_becomes_a_failed_job(
    store: Store, sim_printer: EscPosPrinter, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(_document: object) -> None:
        raise RuntimeError("driver bug")

    monkeypatch.setattr(sim_printer, "print_document", broken)
    outcome = PrintService(sim_printer, store.sessions).print(queue_ticket(SLIP, sim_printer.paper), "A018")
    assert (
        not outcome.printed and outcome.message is not None and "printing failed: printer error" in outcome.message.en
    )
    [job] = jobs(store)
    assert job.state == "failed" and "driver bug" in job.detail
