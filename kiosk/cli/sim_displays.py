"""`kiosk sim displays`: virtual window displays on one RS-485 line (a pty, or a TCP port as a gateway), shown
in the terminal and redrawn whenever one changes; faults typed at its prompt."""

from __future__ import annotations

import argparse
import logging
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from devices.textwidth import display_width
from drivers.sim.displays import DisplayFault, VirtualDisplay, VirtualDisplayBus
from drivers.ticketer.display_protocol import MAX_ADDRESS, ShowFlags
from kiosk.cli.prompt import dispatch, fault_command, fault_help, serve_prompt

DISPLAYS_HELP = """commands (命令), N is a window number:
  show                  draw every display again
  silent N              display N stops answering
  nak N                 display N answers NAK (busy)
  garbled N             display N's answers arrive with a broken CRC
  led N                 display N reports a failed LED module
  ok N                  display N works again (clears its faults)
  power N               a power cut at display N: it comes back blank
  quit                  stop
""" + fault_help()


def parse_numbers(text: str) -> list[int]:
    """``1-3,5`` -> [1, 2, 3, 5]; raises ValueError for anything else."""
    numbers: list[int] = []
    for part in text.split(","):
        low, _, high = part.strip().partition("-")
        first, last = int(low), int(high or low)
        if first < 1 or last < first:
            raise ValueError(part)
        numbers += range(first, last + 1)
    if len(set(numbers)) != len(numbers):
        raise ValueError(text)
    return numbers


def register(kinds: Any) -> None:
    displays = kinds.add_parser(
        "displays",
        help="virtual window displays on an RS-485 line (pty or TCP), shown in the terminal",
        description="Virtual window displays answering the window-display protocol (docs/ticketer.md).",
        epilog=DISPLAYS_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    displays.add_argument("--windows", default="1-3", help="window numbers, e.g. 1-8 or 1,2,5 (default 1-3)")
    displays.add_argument("--addresses", help="their bus addresses in the same order (default: the window numbers)")
    displays.add_argument("--link", type=Path, help="make a symlink to the pty here, e.g. /tmp/displays")
    displays.add_argument("--tcp", type=int, metavar="PORT", help="also listen on this TCP port (0: any free one)")
    displays.set_defaults(handler=_displays)


def _windows(args: argparse.Namespace) -> dict[int, int] | None:
    try:
        windows = parse_numbers(args.windows)
        addresses = parse_numbers(args.addresses) if args.addresses else windows
    except ValueError:
        return None
    if len(addresses) != len(windows) or max(addresses) > MAX_ADDRESS:
        return None
    return dict(zip(windows, addresses, strict=True))


def _displays(args: argparse.Namespace) -> int:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(message)s")
    windows = _windows(args)
    if windows is None:
        print(
            f"窗口或地址无效 / bad --windows or --addresses: give as many addresses as windows, 1..{MAX_ADDRESS}",
            file=sys.stderr,
        )
        return 2
    sim = VirtualDisplayBus(windows)
    path = sim.start_pty(args.link)
    where = f"serial://{path}" + (f" (link {args.link})" if args.link else "")
    if args.tcp is not None:
        where += f"  socket://127.0.0.1:{sim.start_tcp(port=args.tcp)}"
    header = f"虚拟窗口屏 / virtual window displays: {where}"
    clear_screen = sys.stdout.isatty()
    lock = threading.Lock()

    def redraw(_changed: VirtualDisplay | None = None) -> None:
        with lock:
            print(("\x1b[H\x1b[2J" + header + "\n" if clear_screen else "") + render(sim), flush=True)

    print(header, flush=True)
    redraw()
    sim.changes.add(redraw)
    return serve_prompt(lambda line: displays_command(sim, line), sim.stop)


def _cell(text: str, width: int) -> str:
    return text + " " * max(0, width - display_width(text))


def render(sim: VirtualDisplayBus) -> str:
    """One line per display: window, address, the number big-ish, the scrolling text, brightness, faults."""
    lines = []
    for display in sorted(sim.displays.values(), key=lambda d: d.window):
        shown = display.shown
        number = shown.number if shown else "----"
        mark = ""
        if shown and ShowFlags.RECALL in shown.flags:
            mark = "重呼 recall"
        elif shown and ShowFlags.BLINK in shown.flags:
            mark = "新 new"
        faults = ",".join(sorted(display.faults)) or "ok"
        text = shown.text if shown and shown.text else ""
        lines.append(
            f"  {_cell(f'{display.window}号窗口', 9)} addr {display.address:<3} │ {_cell(number, 6)} "
            f"{_cell(mark, 11)} │ {_cell(text, 28)} │ 亮度 {display.brightness:>3}  {faults}"
        )
    return "\n".join(lines)


def _fault(fault: DisplayFault) -> Callable[[VirtualDisplayBus, str], str | None]:
    def apply(sim: VirtualDisplayBus, arg: str) -> str | None:
        if not arg.isdigit() or int(arg) not in {d.window for d in sim.displays.values()}:
            return None
        sim.inject(int(arg), fault)
        return f"window {arg}: {fault.value}"

    return apply


def _ok(sim: VirtualDisplayBus, arg: str) -> str | None:
    if not arg.isdigit() or int(arg) not in {d.window for d in sim.displays.values()}:
        return None
    sim.clear_faults(int(arg))
    return f"window {arg}: ok"


def _power(sim: VirtualDisplayBus, arg: str) -> str | None:
    if not arg.isdigit() or int(arg) not in {d.window for d in sim.displays.values()}:
        return None
    sim.power_cycle(int(arg))
    return f"window {arg}: power cut, blank"


DISPLAYS_COMMANDS: dict[str, Callable[[VirtualDisplayBus, str], str | None]] = {
    "help": lambda _sim, _arg: DISPLAYS_HELP,
    "show": lambda sim, _arg: render(sim),
    "silent": _fault(DisplayFault.SILENT),
    "nak": _fault(DisplayFault.NAK),
    "garbled": _fault(DisplayFault.GARBLED),
    "led": _fault(DisplayFault.LED),
    "ok": _ok,
    "power": _power,
}


def displays_command(sim: VirtualDisplayBus, line: str) -> str | None:
    """Apply one prompt command; the reply to print, or None to quit."""
    reply = fault_command(sim, line)
    return reply if reply is not None else dispatch(DISPLAYS_COMMANDS, sim, line)
