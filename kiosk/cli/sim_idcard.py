"""`kiosk sim idcard`: the virtual ID card reader as a real peer, with cards placed and faults typed at its prompt."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from drivers.sim.idcard import SimFault, VirtualIdReader
from kiosk.cli.prompt import dispatch, fault_command, fault_help, serve_prompt

IDCARD_HELP = """commands (命令):
  list                   the fictional cards, by number
  place N                put card N on the reader
  remove                 take the card off
  status                 the card placed and the faults on
  fault KIND             checksum   replies with a bad checksum
                         silent     no replies at all
                         sam        the security module fails its self-test
                         read       reading the card fails
                         corrupt-id the ID number comes back with a wrong check character
                         expired    the card comes back expired
                         none       clear every fault
  baud N|off             throttle to N baud, as a serial line would
  drop                   pull the cable (the pty disappears)
  replug                 plug it back in (new pty, same --link)
  quit                   stop
""" + fault_help()


def register(kinds: Any) -> None:
    idcard = kinds.add_parser(
        "idcard",
        help="virtual resident ID card reader (GA 467) on a pty, with fictional cards",
        description="A virtual ID card reader. Type 'help' at its prompt for the cards and faults.",
        epilog=IDCARD_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    idcard.add_argument("--link", type=Path, help="make a symlink to the pty here, e.g. /tmp/idcard")
    idcard.add_argument("--card", type=int, metavar="N", help="start with fictional card N on the reader")
    idcard.set_defaults(handler=_idcard)


def _idcard(args: argparse.Namespace) -> int:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(message)s")
    sim = VirtualIdReader()
    if args.card is not None:
        if not 0 <= args.card < len(sim.identities):
            print(f"没有这张卡 / no card {args.card} (0 to {len(sim.identities) - 1})", file=sys.stderr)
            return 2
        sim.place(args.card)
    path = sim.start_pty(args.link)
    print(f"虚拟身份证阅读器 / virtual ID card reader: serial://{path}" + (f" (link {args.link})" if args.link else ""))
    print(f"{_describe(sim)}   ('help' for commands, 'quit' to stop)", flush=True)
    return serve_prompt(lambda line: idcard_command(sim, line), sim.stop)


def _describe(sim: VirtualIdReader) -> str:
    card = sim.placed
    placed = f"{card.name} {card.masked_id}" if card else "none"
    faults = ",".join(sorted(sim.faults)) or "none"
    return f"card={placed} faults={faults} baud={sim.baud or 'unthrottled'} reads={sim.reads_served}"


def _list(sim: VirtualIdReader, _arg: str) -> str:
    rows = []
    for number, card in enumerate(sim.identities):
        valid_to = "长期" if card.valid_to is None else card.valid_to.isoformat()
        rows.append(f"  {number}  {card.name}  {card.sex}  {card.nation}  {card.masked_id}  valid to {valid_to}")
    return "\n".join(rows)


def _place(sim: VirtualIdReader, arg: str) -> str | None:
    if not (arg.isdigit() and int(arg) < len(sim.identities)):
        return None
    card = sim.place(int(arg))
    return f"placed: {card.name} {card.masked_id}"


def _remove(sim: VirtualIdReader, _arg: str) -> str:
    sim.remove()
    return "removed"


def _fault(sim: VirtualIdReader, arg: str) -> str | None:
    if arg == "none":
        sim.clear_faults()
        return "ok"
    if arg not in {fault.value for fault in SimFault}:
        return None
    sim.inject(SimFault(arg))
    return "ok"


def _set_baud(sim: VirtualIdReader, arg: str) -> str | None:
    if arg == "off" or (arg.isdigit() and int(arg) > 0):
        sim.baud = None if arg == "off" else int(arg)
        return "ok"
    return None


def _drop(sim: VirtualIdReader, _arg: str) -> str:
    sim.drop_connection()
    return "unplugged"


IDCARD_COMMANDS: dict[str, Callable[[VirtualIdReader, str], str | None]] = {
    "help": lambda _sim, _arg: IDCARD_HELP,
    "status": lambda sim, _arg: _describe(sim),
    "list": _list,
    "place": _place,
    "remove": _remove,
    "fault": _fault,
    "baud": _set_baud,
    "drop": _drop,
    "replug": lambda sim, _arg: f"plugged in: serial://{sim.replug()}",
}


def idcard_command(sim: VirtualIdReader, line: str) -> str | None:
    """Apply one prompt command; the reply to print, or None to quit."""
    reply = fault_command(sim, line)
    return reply if reply is not None else dispatch(IDCARD_COMMANDS, sim, line)
