"""`kiosk sim scanner`: the virtual QR/barcode scanner on a pty; each line typed at its prompt is scanned."""

from __future__ import annotations

import argparse
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from drivers.sim.scanner import SUFFIXES, VirtualScanner, garbage, long_code
from kiosk.cli.prompt import fault_command, fault_help, serve_prompt

SCANNER_HELP = """Each line typed or pasted is sent as a code (UTF-8) with the current suffix.
commands (命令):
  //TEXT                send "/TEXT" as a code
  /help                 this text
  /suffix cr|crlf|none  the suffix after each code (none: the host ends a code by silence)
  /gbk TEXT             send TEXT encoded GB18030 (as Chinese systems' QR codes often are)
  /hex HEX              send these bytes as a code, e.g. /hex 41 30 31 37
  /garbage N            send N random bytes (no CR or LF in them) as a code
  /long N               send a code of N bytes (over 4096 is too long for the kiosk)
  /baud N|off           throttle to N baud, as a serial line would
  /drop                 pull the cable (the pty disappears)
  /replug               plug it back in (new pty, same --link)
  /quit                 stop
""" + fault_help("/")

MAX_SEND = 1_000_000  # a typo in /long or /garbage must not tie the prompt up for hours


def register(kinds: Any) -> None:
    scanner = kinds.add_parser(
        "scanner",
        help="virtual QR/barcode scanner on a pty: each line typed is scanned",
        description="A virtual serial scanner. Type a code to scan it; '/help' lists the commands.",
        epilog=SCANNER_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    scanner.add_argument("--link", type=Path, help="make a symlink to the pty here, e.g. /tmp/scanner")
    scanner.add_argument("--suffix", choices=sorted(SUFFIXES), default="cr", help="sent after each code (default cr)")
    scanner.set_defaults(handler=_scanner)


def _scanner(args: argparse.Namespace) -> int:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(message)s")
    sim = VirtualScanner(suffix=args.suffix)
    path = sim.start_pty(args.link)
    print(f"虚拟扫码枪 / virtual scanner: serial://{path}" + (f" (link {args.link})" if args.link else ""))
    print(f"后缀 / suffix: {sim.suffix}   (type a code to scan it, '/help' for commands, '/quit' to stop)", flush=True)
    return serve_prompt(lambda line: scanner_command(sim, line), sim.stop)


def _sent(count: int) -> str:
    return f"sent {count} bytes" if count else "未发送：已拔出 / not sent: unplugged"


def _size(arg: str) -> int | None:
    return int(arg) if arg.isdigit() and 0 < int(arg) <= MAX_SEND else None


def _suffix(sim: VirtualScanner, arg: str) -> str | None:
    if arg.lower() not in SUFFIXES:
        return None
    sim.suffix = arg.lower()
    return f"suffix {sim.suffix}"


def _gbk(sim: VirtualScanner, arg: str) -> str | None:
    try:
        return _sent(sim.send_code(arg, "gb18030")) if arg else None
    except UnicodeEncodeError:
        return None


def _hex(sim: VirtualScanner, arg: str) -> str | None:
    try:
        payload = bytes.fromhex(arg)
    except ValueError:
        return None
    return _sent(sim.send_payload(payload)) if payload else None


def _garbage(sim: VirtualScanner, arg: str) -> str | None:
    size = _size(arg)
    return None if size is None else _sent(sim.send_payload(garbage(size)))


def _long(sim: VirtualScanner, arg: str) -> str | None:
    size = _size(arg)
    return None if size is None else _sent(sim.send_payload(long_code(size)))


def _baud(sim: VirtualScanner, arg: str) -> str | None:
    if arg == "off" or (arg.isdigit() and int(arg) > 0):
        sim.baud = None if arg == "off" else int(arg)
        return f"baud {sim.baud or 'unthrottled'}"
    return None


def _drop(sim: VirtualScanner, _arg: str) -> str:
    sim.drop_connection()
    return "unplugged"


COMMANDS: dict[str, Callable[[VirtualScanner, str], str | None]] = {
    "/help": lambda _sim, _arg: SCANNER_HELP,
    "/suffix": _suffix,
    "/gbk": _gbk,
    "/hex": _hex,
    "/garbage": _garbage,
    "/long": _long,
    "/baud": _baud,
    "/drop": _drop,
    "/replug": lambda sim, _arg: f"plugged in: serial://{sim.replug()}",
}


def scanner_command(sim: VirtualScanner, line: str) -> str | None:
    """Scan one typed line, or apply it as a /command; the reply to print, or None to quit."""
    line = line.rstrip("\r\n")
    if not line:
        return "空行未发送 / empty line: nothing sent"
    if line.startswith("//") or not line.startswith("/"):
        return _sent(sim.send_code(line[1:] if line.startswith("//") else line))  # "//path" scans "/path"
    name, _, arg = line.partition(" ")
    if name.lower() in {"/quit", "/exit"}:
        return None
    reply = fault_command(sim, line, "/")
    if reply is not None:
        return reply
    command = COMMANDS.get(name.lower())
    reply = command(sim, arg.strip()) if command else None
    return reply if reply is not None else f"不认识的命令 / unknown command: {line!r} (type /help)"
