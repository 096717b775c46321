"""Printer figures: bytes per queue ticket (native vs raster), send time against wire time, status query time."""

from __future__ import annotations

import statistics
import tempfile
import time
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from devices.printer import Cut, Document, PaperSpec, PrinterProfile
from devices.url import parse_device_url
from drivers.escpos.encoder import bitmap_from_image, encode
from drivers.escpos.printer import EscPosPrinter
from drivers.sim.printer import VirtualPrinter
from drivers.transports import SerialTransport
from kiosk.printing.templates import TicketSlip, queue_ticket

PAPER = PaperSpec(576, 80)
PROFILE = PrinterProfile(paper=PAPER)


def sample_ticket() -> Document:
    return queue_ticket(
        TicketSlip(
            hall_name="示例市政务服务中心",
            category_name="社保医保",
            number="A017",
            waiting_ahead=5,
            estimated_wait_minutes=25,
            issued_at=datetime(2026, 11, 22, 9, 41, tzinfo=ZoneInfo("Asia/Shanghai")),
            qr_payload="https://hall.example/q/A017?t=9f2c",
            help_hotline="12345",
        ),
        PAPER,
    )


def ticket_bytes() -> tuple[int, int]:
    """The ticket as native text + QR, and the same ticket drawn as one raster image (as the page renders)."""
    native = encode(sample_ticket(), PROFILE)
    sim = VirtualPrinter(dots_per_line=PAPER.dots_per_line)
    sim.receive(native, lambda _answer: None)
    image = sim.receipts[0].image
    raster = encode(Document("ticket", (bitmap_from_image(image), Cut())), PROFILE)
    return len(native), len(raster)


def send_time(baud: int, folder: Path) -> tuple[float, float]:
    """Seconds from the first byte written to the last byte taken in by the simulator, and the bytes' wire time."""
    sim = VirtualPrinter(dots_per_line=PAPER.dots_per_line)
    sim.baud = baud
    sim.start_pty(folder / f"p{baud}")
    transport = SerialTransport(parse_device_url(f"serial://{folder / f'p{baud}'}?baudrate={baud}"))
    transport.open()
    data = encode(sample_ticket(), PROFILE)
    try:
        started = time.perf_counter()
        transport.write(data)
        while sim.bytes_received < len(data):
            time.sleep(0.0005)
        elapsed = time.perf_counter() - started
    finally:
        transport.close()
        sim.stop()
    return elapsed, len(data) * 10 / baud


def status_times(folder: Path, *, silent: bool, rounds: int = 15) -> float:
    """Median seconds for one status read (DLE EOT 1 to 4; a silent printer stops at the first)."""
    sim = VirtualPrinter()
    sim.silent = silent
    sim.start_pty(folder / f"s{silent}")
    printer = EscPosPrinter(SerialTransport(parse_device_url(f"serial://{folder / f's{silent}'}")), PROFILE)
    times = []
    try:
        for _ in range(rounds):
            started = time.perf_counter()
            printer.check_health()
            times.append(time.perf_counter() - started)
    finally:
        printer.close()
        sim.stop()
    return statistics.median(times)


def main() -> None:
    native, raster = ticket_bytes()
    print("| queue ticket, 80 mm | bytes | ratio |")
    print("|---|---|---|")
    print(f"| native GB18030 text + native QR | {native:,} | 1 |")
    print(f"| the same ticket as one raster image | {raster:,} | {raster / native:.1f}x |")
    print()
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        print("| line | ticket bytes | wire time (bytes x 10 / baud) | measured send time | ratio |")
        print("|---|---|---|---|---|")
        for baud in (9600, 115200):
            elapsed, wire = send_time(baud, folder)
            print(
                f"| {baud} baud | {native:,} | {wire * 1000:.0f} ms | {elapsed * 1000:.0f} ms | {elapsed / wire:.2f} |"
            )
        print()
        print("| status read (median of 15) | time |")
        print("|---|---|")
        print(f"| printer answers (DLE EOT 1-4) | {status_times(folder, silent=False) * 1000:.1f} ms |")
        print(f"| printer silent (gives up after 200 ms) | {status_times(folder, silent=True) * 1000:.1f} ms |")


if __name__ == "__main__":
    main()
