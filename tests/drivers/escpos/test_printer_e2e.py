"""The production ESC/POS driver against the virtual printer over a pty: what prints, and what each fault does."""

from __future__ import annotations

import time
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from devices.device import HealthMonitor
from devices.printer import Bitmap, Cut, Document, PaperSpec, PrinterProfile, TextLine
from devices.state import DeviceState, Reason, StatusChanged
from devices.url import parse_device_url
from drivers.escpos.printer import EscPosPrinter
from drivers.registry import create_printer
from drivers.sim.printer import VirtualPrinter
from drivers.transports import FileTransport, SerialTransport, TcpTransport
from kiosk.printing.templates import TicketSlip, queue_ticket
from tests.drivers.escpos.conftest import decode_qr
from tests.support.waiting import wait_until

PAYLOAD = "https://hall.example/q/A017?t=9f2c"


PAPER_80 = PaperSpec(576, 80)


def ticket(paper: PaperSpec = PAPER_80) -> Document:
    slip = TicketSlip(
        hall_name="示例市政务服务中心",
        category_name="社保医保",
        number="A017",
        waiting_ahead=5,
        estimated_wait_minutes=25,
        issued_at=datetime(2026, 11, 22, 9, 41, tzinfo=ZoneInfo("Asia/Shanghai")),
        qr_payload=PAYLOAD,
        help_hotline="12345",
    )
    return queue_ticket(slip, paper)


def test_a_chinese_ticket_prints_and_its_qr_decodes(printer: EscPosPrinter, virtual_printer: VirtualPrinter) -> None:
    assert printer.status.state is DeviceState.READY
    result = printer.print_document(ticket())
    assert result.ok, result.describe()
    assert result.bytes_sent < 1500
    [receipt] = virtual_printer.wait_for_receipts(1)
    assert receipt.path is not None and receipt.path.suffix == ".png" and receipt.path.exists()
    assert receipt.image.width == 576
    assert decode_qr(receipt.image) == [PAYLOAD]
    assert virtual_printer.skipped == []


def test_a_58mm_ticket_renders_at_384_dots(tmp_path: Path) -> None:
    sim = VirtualPrinter(dots_per_line=384)
    sim.start_pty(tmp_path / "p58")
    driver = EscPosPrinter(_serial(tmp_path / "p58"), PrinterProfile(paper=PaperSpec(384, 58)))
    try:
        assert driver.print_document(ticket(PaperSpec(384, 58))).ok
        [receipt] = sim.wait_for_receipts(1)
        assert receipt.image.width == 384 and decode_qr(receipt.image) == [PAYLOAD]
    finally:
        driver.close()
        sim.stop()


def _serial(link: Path, baud: int = 115200) -> SerialTransport:
    return SerialTransport(parse_device_url(f"serial://{link}?baudrate={baud}"))


def test_paper_near_end_degrades_but_still_prints(printer: EscPosPrinter, virtual_printer: VirtualPrinter) -> None:
    virtual_printer.set_condition(paper_near_end=True)
    assert printer.check_health().state is DeviceState.DEGRADED
    assert printer.status.reasons == {Reason.PAPER_NEAR_END}
    assert printer.print_document(ticket()).ok


def test_paper_out_is_a_fault_and_the_job_fails(printer: EscPosPrinter, virtual_printer: VirtualPrinter) -> None:
    virtual_printer.set_condition(paper_out=True)
    result = printer.print_document(ticket())
    assert not result.ok and result.reasons == {Reason.PAPER_OUT}
    assert printer.status.state is DeviceState.FAULT
    assert virtual_printer.receipts == []


def test_paper_running_out_mid_job_fails_that_job(printer: EscPosPrinter, virtual_printer: VirtualPrinter) -> None:
    assert printer.print_document(ticket()).ok
    virtual_printer.paper_out_after(20)
    result = printer.print_document(ticket())
    assert not result.ok and Reason.PAPER_OUT in result.reasons
    receipts = virtual_printer.wait_for_receipts(2)
    assert receipts[1].truncated and receipts[1].image.height == 20 * 8
    virtual_printer.refill()
    assert printer.check_health().state is DeviceState.READY


def test_cover_open(printer: EscPosPrinter, virtual_printer: VirtualPrinter) -> None:
    virtual_printer.set_condition(cover_open=True)
    result = printer.print_document(ticket())
    assert not result.ok and result.reasons == {Reason.COVER_OPEN}
    virtual_printer.set_condition(cover_open=False)
    assert printer.check_health().state is DeviceState.READY


def test_cutter_jam(printer: EscPosPrinter, virtual_printer: VirtualPrinter) -> None:
    virtual_printer.set_condition(cutter_error=True)
    assert printer.check_health().reasons == {Reason.CUTTER_ERROR}
    assert printer.status.state is DeviceState.FAULT
    result = printer.print_document(ticket())
    assert not result.ok and result.reasons == {Reason.CUTTER_ERROR}


def test_a_silent_printer_is_offline_not_paper_ok(printer: EscPosPrinter, virtual_printer: VirtualPrinter) -> None:
    virtual_printer.silent = True
    started = time.monotonic()
    status = printer.check_health()
    assert time.monotonic() - started < 2
    assert status.state is DeviceState.OFFLINE and status.reasons == {Reason.NO_ANSWER}
    result = printer.print_document(ticket())
    assert not result.ok and result.reasons == {Reason.NO_ANSWER}


def test_unplug_and_replug_returns_to_ready_by_itself(printer: EscPosPrinter, virtual_printer: VirtualPrinter) -> None:
    changes: list[StatusChanged] = []
    printer.subscribe(changes.append)
    monitor = HealthMonitor(printer, interval=0.1, first_retry=0.1, max_backoff=0.4)
    monitor.start()
    try:
        virtual_printer.drop_connection()
        assert wait_until(lambda: printer.status.reasons == {Reason.DISCONNECTED})
        assert printer.status.state is DeviceState.OFFLINE
        result = printer.print_document(ticket())
        assert not result.ok and result.reasons == {Reason.DISCONNECTED}
        virtual_printer.replug()
        assert wait_until(lambda: printer.status.state is DeviceState.READY)
    finally:
        monitor.stop()
    assert printer.print_document(ticket()).ok
    assert [c.new.state for c in changes][-2:] == [DeviceState.OFFLINE, DeviceState.READY]


def test_a_throttled_line_still_prints(tmp_path: Path) -> None:
    sim = VirtualPrinter()
    sim.baud = 9600
    sim.start_pty(tmp_path / "slow")
    driver = EscPosPrinter(_serial(tmp_path / "slow", 9600), PrinterProfile())
    try:
        result = driver.print_document(ticket())
        assert result.ok, result.describe()
        assert decode_qr(sim.wait_for_receipts(1)[0].image) == [PAYLOAD]
    finally:
        driver.close()
        sim.stop()


def test_garbage_is_reported_and_skipped_and_printing_goes_on(
    printer: EscPosPrinter, virtual_printer: VirtualPrinter
) -> None:
    printer.transport.write(b"\x1b\xff\x07\x1d\xee garbage \x00\x01")
    assert printer.print_document(ticket()).ok
    [receipt] = virtual_printer.wait_for_receipts(1)
    assert decode_qr(receipt.image) == [PAYLOAD]
    assert virtual_printer.skipped


def test_network_printer_over_tcp(virtual_printer: VirtualPrinter) -> None:
    port = virtual_printer.start_tcp()
    driver = EscPosPrinter(TcpTransport(parse_device_url(f"tcp://127.0.0.1:{port}")), PrinterProfile())
    try:
        assert driver.check_health().state is DeviceState.READY
        assert driver.print_document(ticket()).ok
        assert decode_qr(virtual_printer.wait_for_receipts(1)[0].image) == [PAYLOAD]
        virtual_printer.drop_connection()
        assert wait_until(lambda: driver.check_health().state is DeviceState.READY)  # it reconnects
    finally:
        driver.close()


def test_file_printer_gets_the_bytes(tmp_path: Path) -> None:
    target = tmp_path / "spool" / "ticket.bin"
    target.parent.mkdir()
    driver = EscPosPrinter(FileTransport(parse_device_url(f"file://{target}")), PrinterProfile())
    result = driver.print_document(ticket())
    driver.close()
    assert result.ok and target.read_bytes().startswith(bytes.fromhex("1B 40 1C 26"))
    assert len(target.read_bytes()) == result.bytes_sent


def test_sim_url_runs_the_virtual_printer_in_process(tmp_path: Path) -> None:
    driver = create_printer("sim://", PrinterProfile(), sim_out_dir=tmp_path / "out")
    driver.open()
    try:
        assert driver.check_health().state is DeviceState.READY
        assert driver.print_document(ticket()).ok
    finally:
        driver.close()
    assert len(list((tmp_path / "out").glob("*.png"))) == 1


def test_emoji_and_missing_glyphs_print_as_raster_never_as_question_marks(
    printer: EscPosPrinter, virtual_printer: VirtualPrinter
) -> None:
    profile = PrinterProfile(missing_glyphs=frozenset("䶮"))
    printer.profile = profile
    doc = Document("t", (TextLine("办好了👍"), TextLine("王䶮"), TextLine("普通文字"), Cut()))
    result = printer.print_document(doc)
    assert result.ok
    [receipt] = virtual_printer.wait_for_receipts(1)
    assert receipt.image.height > 3 * 24


def test_an_image_wider_than_the_paper_is_scaled_down(printer: EscPosPrinter, virtual_printer: VirtualPrinter) -> None:
    wide = Bitmap(1200, 40, b"\xff" * (150 * 40))
    assert printer.print_document(Document("t", (wide, Cut()))).ok
    [receipt] = virtual_printer.wait_for_receipts(1)
    assert receipt.image.width == 576
