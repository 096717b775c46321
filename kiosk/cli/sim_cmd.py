"""`kiosk sim …`: device simulators, each a real peer speaking its device's bytes, with fault injection."""

from __future__ import annotations

from typing import Any

from kiosk.cli import sim_displays, sim_hotline, sim_idcard, sim_pads, sim_payment, sim_printer, sim_scanner
from kiosk.cli.prompt import stopping_on_signals

# Each module adds one `kiosk sim DEVICE` subcommand through its register(kinds).
SIMULATORS = [sim_printer, sim_scanner, sim_idcard, sim_displays, sim_pads, sim_payment, sim_hotline]


def register(commands: Any) -> None:
    sim = commands.add_parser("sim", help="device simulators: real peers on virtual ports, with faults on command")
    kinds = sim.add_subparsers(dest="device", metavar="DEVICE", required=True)
    for module in SIMULATORS:
        module.register(kinds)
    for parser in kinds.choices.values():  # each runs until stopped: a signal stops it cleanly from its start
        parser.set_defaults(handler=stopping_on_signals(parser.get_default("handler")))
