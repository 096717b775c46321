"""`kiosk audit list|export|verify`: the kiosk's own audit log of technician actions (kiosk/store/audit.py).

Reads the store in the kiosk's data dir (the one `kiosk run` uses, from the same config), so it works while the
kiosk runs."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from common.auditchain import stored_entry
from kiosk.cli.audit_output import entry_line, report_verify, write_export
from kiosk.cli.outbox_cmd import open_station_store
from kiosk.store import AuditTrail


def register(commands: Any) -> None:
    audit = commands.add_parser("audit", help="this kiosk's audit log of technician actions: list, export, verify")
    actions = audit.add_subparsers(dest="action", metavar="ACTION", required=True)
    listing = actions.add_parser("list", help="print entries, oldest first")
    listing.add_argument("--action", dest="only", help="only this action code, e.g. technician.enter")
    listing.add_argument("--after", type=int, default=0, help="entries past this id")
    listing.add_argument("--limit", type=int, default=100, help="at most this many (default 100)")
    listing.set_defaults(handler=_list)
    export = actions.add_parser("export", help="write every entry as CSV or JSON lines")
    export.add_argument("--format", choices=["csv", "jsonl"], default="csv")
    export.add_argument("--output", type=Path, help="default: standard output")
    export.set_defaults(handler=_export)
    verify = actions.add_parser("verify", help="check the hash chain: exit 1 naming each broken entry")
    verify.set_defaults(handler=_verify)
    for parser in (listing, export, verify):
        parser.add_argument("--config", type=Path, help="default: $KIOSK_CONFIG or config/kiosk.toml")


def _list(args: argparse.Namespace) -> int:
    store, _zone, station = open_station_store(args)
    try:
        for entry in AuditTrail(store, station).page(after=args.after, limit=args.limit, action=args.only):
            print(entry_line(stored_entry(entry)))
    finally:
        store.close()
    return 0


def _export(args: argparse.Namespace) -> int:
    store, _zone, station = open_station_store(args)
    try:
        write_export(AuditTrail(store, station).stored(), args.format, args.output)
    finally:
        store.close()
    return 0


def _verify(args: argparse.Namespace) -> int:
    store, _zone, station = open_station_store(args)
    try:
        count, head, problems = AuditTrail(store, station).verify()
    finally:
        store.close()
    return report_verify(count, head, problems)
