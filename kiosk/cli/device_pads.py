"""`kiosk device pads`: a technician's bus check. Polls the pads, prints each new key press, lost presses and each
pad's answer state until Ctrl-C; or writes a ticket number to one pad's display and exits."""

from __future__ import annotations

import argparse
import json
import logging
import sys
import time
from typing import Any

from common.stopping import StopSignals
from devices.pads import EventGap, KeyEvent, PadEvent, PadMode, Pads, PadStatus, PadView, PadViewError, key_text
from drivers.registry import create_pad_bus
from kiosk.cli.sim_displays import parse_numbers


def register(actions: Any) -> None:
    pads = actions.add_parser(
        "pads",
        help="check an evaluation pad bus: print key presses and each pad's answer state, or show a number",
        description="Poll evaluation pads (Modbus RTU) and print every new key press, lost presses and each pad's "
        "answer state until Ctrl-C. With --show, write a ticket number to one pad's display and exit. "
        "Exit 0 when stopped or shown, 1 when the pad did not confirm, 2 for bad input or a port that cannot open.",
    )
    pads.add_argument("url", help="serial:///dev/ttyUSB0?baudrate=9600, socket://10.0.0.5:4001, sim://?count=4")
    pads.add_argument("--addresses", default="1-8", help="pad addresses, e.g. 1-8 or 1,3,5 (default 1-8)")
    pads.add_argument("--json", action="store_true", help="one JSON object a line")
    pads.add_argument("--show", nargs=2, metavar=("ADDR", "NUMBER"), help="show NUMBER on pad ADDR (mode serving)")
    pads.add_argument("--window", type=int, help="with --show: the window number shown (default: the address)")
    pads.add_argument("--timeout", type=float, default=0.2, metavar="S", help="answer timeout (default 0.2 s)")
    pads.add_argument("--retries", type=int, default=2, help="tries after a failed one (default 2)")
    pads.add_argument("--interval", type=float, default=0.05, metavar="S", help="shortest poll cycle (default 0.05)")
    pads.set_defaults(handler=_pads)


def _fail(message: str) -> int:
    print(message, file=sys.stderr)
    return 2


def _pads(args: argparse.Namespace) -> int:
    # The driver logs state changes too; here this command's own lines say it, once, on stdout.
    logging.basicConfig(level=logging.ERROR, format="%(levelname)s %(message)s")
    try:
        addresses = parse_numbers(args.addresses)
    except ValueError:
        return _fail(f"地址无效 / bad --addresses {args.addresses!r}: e.g. 1-8 or 1,3,5")
    if not (0 < args.timeout <= 10 and 0 <= args.retries <= 10 and 0 <= args.interval <= 60):
        return _fail("--timeout 应为 0 到 10 秒 / --timeout must be 0 to 10 s, --retries 0 to 10, --interval 0 to 60")
    view = _view_to_show(args) if args.show else None
    if isinstance(view, str):
        return _fail(view)
    if view is not None:
        addresses = [int(args.show[0])]
    bus = create_pad_bus(args.url, addresses, timeout_s=args.timeout, retries=args.retries)
    try:
        if not bus.connect():
            return _fail(f"无法打开评价器总线 / cannot open the pad bus: {args.url}")
        if view is not None:
            return _show(bus, addresses[0], view, as_json=args.json)
        return _watch(bus, args.interval, as_json=args.json)
    finally:
        bus.close()


def _view_to_show(args: argparse.Namespace) -> PadView | str:
    """The view --show asks for, or what is wrong with it."""
    address_text, number = args.show
    if not address_text.isdigit() or not 1 <= int(address_text) <= 247:
        return f"评价器地址应为 1 到 247 / pad address must be 1 to 247, got {address_text!r}"
    try:
        return PadView(args.window or int(address_text), PadMode.SERVING, number)
    except PadViewError as error:
        return str(error)


def _show(bus: Pads, address: int, view: PadView, *, as_json: bool) -> int:
    shown = bus.show(address, view)
    if as_json:
        print(json.dumps({"address": address, "number": view.number, "window": view.window, "shown": shown}))
    elif shown:
        print(f"评价器 {address} 已显示 {view.number} / pad {address} shows {view.number} (window {view.window})")
    else:
        status = bus.statuses()[address]
        print(f"评价器 {address} 未确认 / pad {address} did not confirm: {_reason(status)}")
    return 0 if shown else 1


def _watch(bus: Pads, interval: float, *, as_json: bool) -> int:
    with StopSignals() as signals:  # before the first line, so a caller that saw it may signal at once
        bus.status_listeners.add(lambda status: _print_status(status, as_json))
        where = ",".join(str(a) for a in bus.addresses)
        print(f"轮询评价器 / polling pads {where} on {bus.url} (Ctrl-C to stop)", file=sys.stderr, flush=True)
        while not signals.requested:
            started = time.monotonic()
            for address in bus.addresses:  # one pad at a time, so a stop waits for one answer at most
                if signals.requested:
                    break
                for event in bus.poll([address]):
                    _print_event(event, as_json)
            signals.wait(interval - (time.monotonic() - started))
    return 0


def _print_event(event: PadEvent, as_json: bool) -> None:
    if isinstance(event, KeyEvent):
        line = (
            json.dumps({"address": event.address, "seq": event.seq, "key": event.key})
            if as_json
            else f"评价器 {event.address} 按键 / pad {event.address} key: {key_text(event.key)} "
            f"(code {event.key}, seq {event.seq})"
        )
    elif isinstance(event, EventGap):
        line = (
            json.dumps(
                {"address": event.address, "gap": {"last_seq": event.last_seq, "seq": event.seq, "lost": event.lost}}
            )
            if as_json
            else f"评价器 {event.address} 丢失 {event.lost} 次按键 / pad {event.address} lost {event.lost} "
            f"key press(es) (seq {event.last_seq} → {event.seq})"
        )
    print(line, flush=True)


def _reason(status: PadStatus) -> str:
    if status.answering:
        firmware = f"{status.firmware >> 8}.{status.firmware & 0xFF}" if status.firmware is not None else "?"
        return f"应答正常 / answering (firmware {firmware})"
    return status.status.describe() + (f" ({status.status.detail})" if status.status.detail else "")


def _print_status(status: PadStatus, as_json: bool) -> None:
    if as_json:
        fields = {
            "address": status.address,
            "state": status.state.value,
            "reasons": sorted(r.value for r in status.status.reasons),
            "detail": status.status.detail,
            "firmware": status.firmware,
        }
        print(json.dumps(fields, ensure_ascii=False), flush=True)
    else:
        print(f"评价器 {status.address} / pad {status.address}: {_reason(status)}", flush=True)
