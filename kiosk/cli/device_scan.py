"""`kiosk device scan`: the next code read from a scanner URL, or the codes in image files."""

from __future__ import annotations

import argparse
import json
import queue
import sys
from pathlib import Path
from typing import Any

from common.stopping import StopSignals
from devices.privacy import mask_id_numbers
from devices.scanner import ScanEvent, UnreadableScan
from drivers.scanner.factory import create_scanner

USAGE = "用法 / usage: kiosk device scan URL [--timeout S] [--json] | kiosk device scan --image FILE [FILE …]"
TIMED_OUT = "等待扫码超时 / timed out waiting for a code"


def register(actions: Any) -> None:
    scan = actions.add_parser(
        "scan",
        help="print the next code read from a scanner URL, or decode codes in image files",
        description="Read one code from a scanner (serial, camera, sim://), or decode QR/barcodes in images.",
    )
    scan.add_argument("url", nargs="?", help="e.g. serial:///dev/ttyACM0?baudrate=9600, camera://0, sim://")
    scan.add_argument("--image", nargs="+", type=Path, metavar="FILE", help="decode these image files instead")
    scan.add_argument("--timeout", type=float, default=30.0, metavar="S", help="seconds to wait (default 30)")
    scan.add_argument("--json", action="store_true", help="one JSON object instead of text")
    scan.add_argument("--unmasked", action="store_true", help="show ID numbers inside codes in full")
    scan.set_defaults(handler=_scan)


def _scan(args: argparse.Namespace) -> int:
    if (args.url is None) == (args.image is None):
        print(f"扫码枪地址和 --image 二者选一 / give a scanner URL or --image, not both\n{USAGE}", file=sys.stderr)
        return 2
    if args.timeout <= 0:
        print(f"--timeout 必须大于 0 / --timeout must be positive\n{USAGE}", file=sys.stderr)
        return 2
    if args.image is not None:
        return _scan_images(args.image, unmasked=args.unmasked)
    return _scan_url(args.url, args.timeout, as_json=args.json, unmasked=args.unmasked)


def code_fields(raw: bytes, text: str | None, *, unmasked: bool) -> dict[str, Any]:
    """Text and bytes of a code for printing; an ID number inside is masked, and the bytes that spell it hidden."""
    shown = text if text is None or unmasked else mask_id_numbers(text)
    hidden = shown != text
    return {"text": shown, "bytes_hex": None if hidden else raw.hex(), "size": len(raw), "masked": hidden}


def _scan_url(url: str, timeout: float, *, as_json: bool, unmasked: bool) -> int:
    events: queue.Queue[ScanEvent | UnreadableScan] = queue.Queue()
    scanner = create_scanner(url)
    scanner.on_scan(events.put)
    with StopSignals() as signals:  # SIGINT or SIGTERM while it waits: the port closed, 130 or 143
        try:
            scanner.open()
            if not scanner.status.usable:
                return _fail(f"{scanner.status.describe()}: {scanner.status.detail}", as_json)
            # On stderr, so that a script (or test) knows when the port is listening and stdout stays one object.
            print(f"等待扫码 / waiting for a code from {url} …", file=sys.stderr, flush=True)
            with signals.interruptible():
                event = signals.get(events, timeout)
        except queue.Empty:
            status = scanner.status
            why = "" if status.usable else f" ({status.describe()})"
            return _fail(TIMED_OUT + why, as_json)
        except KeyboardInterrupt:
            return signals.exit_code
        finally:
            scanner.close()
    if isinstance(event, UnreadableScan):
        return _fail(f"{event.reason} ({event.size} bytes)", as_json)
    fields = {"symbology": event.symbology, **code_fields(event.raw, event.text, unmasked=unmasked)}
    if as_json:
        print(json.dumps(fields, ensure_ascii=False))
    else:
        print(f"码 / code: {fields['text']}")
        print(f"码制 / symbology: {event.symbology}")
        shown = fields["bytes_hex"] or "(含身份证号，已隐藏 / hidden: holds an ID number; --unmasked shows it)"
        print(f"字节 / bytes ({len(event.raw)}): {shown}")
    return 0


def _fail(reason: str, as_json: bool) -> int:
    print(json.dumps({"error": reason}, ensure_ascii=False) if as_json else reason)
    return 1


def _scan_images(files: list[Path], *, unmasked: bool) -> int:
    try:
        from drivers.camera.decoders import ImageUnreadable, decode_image_file  # noqa: PLC0415 - OpenCV when used
    except ImportError as error:
        print(f"图片识别不可用 / image decoding is not available here: {error}", file=sys.stderr)
        return 2
    failed = False
    for path in files:
        try:
            codes = decode_image_file(path)
        except ImageUnreadable as error:
            failed = True
            print(json.dumps({"file": str(path), "error": str(error)}, ensure_ascii=False), flush=True)
            continue
        rows = []
        for code in codes:
            fields = code_fields(code.raw, code.text, unmasked=unmasked)
            rows.append({"text": fields["text"], "format": code.symbology, "bytes_hex": fields["bytes_hex"]})
        print(json.dumps({"file": str(path), "codes": rows}, ensure_ascii=False), flush=True)
    return 1 if failed else 0
