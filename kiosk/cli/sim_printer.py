"""`kiosk sim printer`: the virtual receipt printer as a real peer, with faults typed at its prompt."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from drivers.sim.printer import VirtualPrinter
from kiosk.cli.prompt import dispatch, fault_command, fault_help, serve_prompt

PRINTER_HELP = """commands (命令):
  status                 what the printer would report
  near-end on|off        paper near end
  paper-out-after MM     run out of paper after MM more millimetres
  refill                 new paper roll: clears near end and paper out
  cover open|close       open or close the cover
  cutter jam|ok          jam or free the cutter
  silent on|off          stop answering status requests (like a printer that hangs)
  baud N|off             throttle to N baud, as a serial line would
  drop                   pull the cable (the pty disappears; TCP clients are cut off)
  replug                 plug it back in (new pty, same --link)
  quit                   stop
""" + fault_help()


def register(kinds: Any) -> None:
    printer = kinds.add_parser(
        "printer",
        help="virtual ESC/POS printer on a pty (and TCP): prints receipts to PNGs",
        description="A virtual receipt printer. Type 'help' at its prompt for the faults it can inject.",
        epilog=PRINTER_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    printer.add_argument("--out", type=Path, default=Path("out/printer"), help="where cut receipts go as PNGs")
    printer.add_argument("--link", type=Path, help="make a symlink to the pty here, e.g. /tmp/printer")
    printer.add_argument("--tcp", type=int, metavar="PORT", help="also listen on this TCP port (printers use 9100)")
    printer.add_argument("--dots", type=int, choices=(576, 512, 384), default=576, help="dots per line")
    printer.set_defaults(handler=_printer)


def _printer(args: argparse.Namespace) -> int:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(message)s")
    sim = VirtualPrinter(dots_per_line=args.dots, out_dir=args.out)
    path = sim.start_pty(args.link)
    print(f"虚拟打印机 / virtual printer: serial://{path}" + (f" (link {args.link})" if args.link else ""))
    if args.tcp is not None:
        try:
            port = sim.start_tcp(args.tcp, host="0.0.0.0")
        except OSError as error:
            sim.stop()
            print(f"无法监听端口 / cannot listen on TCP port {args.tcp}: {error.strerror}", file=sys.stderr)
            return 2
        print(f"虚拟打印机 / virtual printer: tcp://127.0.0.1:{port}")
    print(f"小票图片 / receipts as PNG in: {args.out}   ('help' for faults, 'quit' to stop)", flush=True)
    return serve_prompt(lambda line: printer_command(sim, line), sim.stop)


def _describe(sim: VirtualPrinter) -> str:
    c = sim.condition
    paper = f"{sim.paper_left_mm:.0f}" if sim.paper_left_mm is not None else "unlimited"
    return (
        f"near_end={c.paper_near_end} paper_out={c.paper_out} cover_open={c.cover_open} "
        f"cutter_error={c.cutter_error} silent={sim.silent} baud={sim.baud or 'unthrottled'} "
        f"paper_left_mm={paper} receipts={len(sim.receipts)} skipped={len(sim.skipped)}"
    )


def _set_baud(sim: VirtualPrinter, arg: str) -> str | None:
    if arg == "off" or (arg.isdigit() and int(arg) > 0):
        sim.baud = None if arg == "off" else int(arg)
        return "ok"
    return None


def _paper_out_after(sim: VirtualPrinter, arg: str) -> str | None:
    if arg.replace(".", "", 1).isdigit():
        sim.paper_out_after(float(arg))
        return "ok"
    return None


def _toggle(field: str, on_words: set[str], off_words: set[str]) -> Callable[[VirtualPrinter, str], str | None]:
    def apply(sim: VirtualPrinter, arg: str) -> str | None:
        if arg not in on_words | off_words:
            return None
        if field == "silent":
            sim.silent = arg in on_words
        else:
            sim.set_condition(**{field: arg in on_words})
        return "ok"

    return apply


def _refill(sim: VirtualPrinter, _arg: str) -> str:
    sim.refill()
    return "ok"


def _drop(sim: VirtualPrinter, _arg: str) -> str:
    sim.drop_connection()
    return "unplugged"


PRINTER_COMMANDS: dict[str, Callable[[VirtualPrinter, str], str | None]] = {
    "help": lambda _sim, _arg: PRINTER_HELP,
    "status": lambda sim, _arg: _describe(sim),
    "near-end": _toggle("paper_near_end", {"on"}, {"off"}),
    "cover": _toggle("cover_open", {"open"}, {"close"}),
    "cutter": _toggle("cutter_error", {"jam"}, {"ok"}),
    "silent": _toggle("silent", {"on"}, {"off"}),
    "paper-out-after": _paper_out_after,
    "refill": _refill,
    "baud": _set_baud,
    "drop": _drop,
    "replug": lambda sim, _arg: f"plugged in: serial://{sim.replug()}",
}


def printer_command(sim: VirtualPrinter, line: str) -> str | None:
    """Apply one prompt command; the reply to print, or None to quit."""
    reply = fault_command(sim, line)
    return reply if reply is not None else dispatch(PRINTER_COMMANDS, sim, line)
