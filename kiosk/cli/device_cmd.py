"""`kiosk device …`: one device from the command line: print a test page, read every device's status."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from devices.printer import PaperSpec
from devices.state import DeviceStatus
from drivers.escpos.encoder import PrinterProfile, encode
from drivers.registry import create_printer
from drivers.sim.printer import VirtualPrinter
from kiosk.printing.templates import test_page
from kiosk.settings import default_config_path, load_kiosk_config
from kiosk.settings.models import PrinterSection


def register(commands: Any) -> None:
    device = commands.add_parser("device", help="talk to one device: print a test page, show device status")
    actions = device.add_subparsers(dest="action", metavar="ACTION", required=True)
    test = actions.add_parser("print-test", help="print a test page to a printer URL and show the status it read")
    test.add_argument("url", help="e.g. serial:///dev/ttyUSB0?baudrate=115200, tcp://10.0.0.5:9100, sim://")
    test.add_argument("--render", type=Path, metavar="PNG", help="also render the bytes sent as the paper would look")
    test.add_argument("--dots", type=int, choices=(576, 512, 384), default=576, help="dots per line (default 576)")
    test.add_argument("--chinese", choices=("native", "raster"), default="native", help="how Chinese is sent")
    test.set_defaults(handler=_print_test)
    status = actions.add_parser("status", help="every configured device, its state and reason")
    status.add_argument("--config", type=Path, help="default: $KIOSK_CONFIG or config/kiosk.toml")
    status.add_argument("--json", action="store_true", help="machine-readable output")
    status.set_defaults(handler=_status)


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
        before = printer.check_health()
        print(f"状态 / status: {before.state.value} {_reasons(before)}")
        document = test_page(profile.paper, args.url, f"{before.state.value} {_reasons(before)}".strip())
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


def _reasons(status: DeviceStatus) -> str:
    return status.describe() if status.reasons else ""


def _status(args: argparse.Namespace) -> int:
    config = load_kiosk_config(args.config or default_config_path())
    rows: list[dict[str, str]] = []
    printer = create_printer(config.devices.printer.url, profile_from_config(config.devices.printer))
    try:
        status = printer.check_health()
    finally:
        printer.close()
    rows.append(_row("printer", config.devices.printer.url, status.state.value, _reasons(status), status.detail))
    for name, url in (("id_reader", config.devices.id_reader.url), ("scanner", config.devices.scanner.url)):
        rows.append(_row(name, url, "unknown", "", "driver not yet available in this version"))
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
    else:
        print(f"{'device':<10} {'state':<9} {'url':<40} reason")
        for row in rows:
            reason = row["reason"] or row["detail"]
            print(f"{row['device']:<10} {row['state']:<9} {row['url']:<40} {reason}")
    return 0 if all(row["state"] in {"ready", "degraded", "unknown"} for row in rows) else 1


def _row(device: str, url: str, state: str, reason: str, detail: str) -> dict[str, str]:
    return {"device": device, "url": url, "state": state, "reason": reason, "detail": detail}
