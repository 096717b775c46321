"""`kiosk device print-test`: a test page to any printer URL, with the status read and an optional rendering."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from common.settings.models import PrinterSection
from devices.printer import PaperSpec, PrinterProfile
from devices.state import DeviceStatus
from drivers.escpos.encoder import encode
from drivers.registry import create_printer
from drivers.sim.printer import VirtualPrinter
from kiosk.printing.templates import test_page


def register(actions: Any) -> None:
    test = actions.add_parser("print-test", help="print a test page to a printer URL and show the status it read")
    test.add_argument("url", help="e.g. serial:///dev/ttyUSB0?baudrate=115200, tcp://10.0.0.5:9100, sim://")
    test.add_argument("--render", type=Path, metavar="PNG", help="also render the bytes sent as the paper would look")
    test.add_argument("--dots", type=int, choices=(576, 512, 384), default=576, help="dots per line (default 576)")
    test.add_argument("--chinese", choices=("native", "raster"), default="native", help="how Chinese is sent")
    test.set_defaults(handler=_print_test)


def profile_from_config(section: PrinterSection) -> PrinterProfile:
    return PrinterProfile(
        paper=PaperSpec(section.dots_per_line, section.paper_width_mm),
        chinese=section.chinese,
        native_qr=section.native_qr,
        missing_glyphs=frozenset(section.missing_glyphs),
    )


def _print_test(args: argparse.Namespace) -> int:
    profile = PrinterProfile(paper=PaperSpec(args.dots, 58 if args.dots == 384 else 80), chinese=args.chinese)
    printer = create_printer(args.url, profile)
    try:
        printer.open()  # starts the simulator behind sim://; a missing port only leaves it disconnected
        before = printer.check_health()
        print(f"状态 / status: {before.state.value} {reasons_text(before)}")
        document = test_page(profile.paper, args.url, f"{before.state.value} {reasons_text(before)}".strip())
        result = printer.print_document(document)
    finally:
        printer.close()
    if args.render is not None:
        _render(encode(document, profile), profile.paper.dots_per_line, args.render)
        print(f"渲染 / rendered: {args.render}")
    if result.ok:
        print(f"已打印 / printed: {result.bytes_sent} bytes")
        return 0
    print(f"打印失败 / printing failed: {result.describe()}")
    return 1


def _render(data: bytes, dots: int, target: Path) -> None:
    sim = VirtualPrinter(dots_per_line=dots)
    sim.receive(data, lambda _answer: None)
    if not sim.receipts:
        raise RuntimeError("the test page produced no cut receipt")
    target.parent.mkdir(parents=True, exist_ok=True)
    sim.receipts[-1].image.save(target)


def reasons_text(status: DeviceStatus) -> str:
    return status.describe() if status.reasons else ""
