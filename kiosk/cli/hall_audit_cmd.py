"""`kiosk hall audit list|export|verify`: read the hall's audit log at the command line (docs/security.md)."""

from __future__ import annotations

import argparse
from datetime import datetime
from pathlib import Path
from typing import Any

from common.auditchain import stored_entry
from hall.audit import AuditLog, Filters
from kiosk.cli.audit_output import entry_line, report_verify, write_export


def register(actions: Any, database_options: Any) -> None:
    audit = actions.add_parser("audit", help="the audit log: list, export or verify it")
    commands = audit.add_subparsers(dest="audit_action", metavar="ACTION", required=True)
    listing = commands.add_parser("list", help="print entries, oldest first")
    _filters(listing)
    listing.add_argument("--limit", type=int, default=100, help="at most this many (default 100)")
    listing.add_argument("--after", type=int, default=0, help="entries past this id")
    database_options(listing)
    listing.set_defaults(handler=_list)
    export = commands.add_parser("export", help="write every matching entry as CSV or JSON lines")
    _filters(export)
    export.add_argument("--format", choices=["csv", "jsonl"], default="csv")
    export.add_argument("--output", type=Path, help="default: standard output")
    database_options(export)
    export.set_defaults(handler=_export)
    verify = commands.add_parser("verify", help="check the hash chain: exit 1 naming each broken entry")
    database_options(verify)
    verify.set_defaults(handler=_verify)


def _filters(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--since", type=_instant, help="entries at or after this instant (ISO 8601 with a zone)")
    parser.add_argument("--until", type=_instant, help="entries before this instant (ISO 8601 with a zone)")
    parser.add_argument("--actor", help="only this actor (token name or OS user)")
    parser.add_argument("--action", help="only this action code, e.g. window.call")


def _instant(value: str) -> datetime:
    at = datetime.fromisoformat(value)
    if at.tzinfo is None:
        raise argparse.ArgumentTypeError(f"需要时区 / give a zone, e.g. {value}+08:00")
    return at


def _open(args: argparse.Namespace) -> tuple[Any, AuditLog]:
    from hall.server import open_database  # noqa: PLC0415

    _config, engine, sessions = open_database(args.config, args.db)
    return engine, AuditLog(sessions)


def _list(args: argparse.Namespace) -> int:
    engine, audit = _open(args)
    try:
        filters = Filters(args.since, args.until, args.actor, args.action)
        for entry in audit.page(filters, after=args.after, limit=args.limit):
            print(entry_line(stored_entry(entry)))
    finally:
        engine.dispose()
    return 0


def _export(args: argparse.Namespace) -> int:
    engine, audit = _open(args)
    try:
        write_export(audit.stored(Filters(args.since, args.until, args.actor, args.action)), args.format, args.output)
    finally:
        engine.dispose()
    return 0


def _verify(args: argparse.Namespace) -> int:
    engine, audit = _open(args)
    try:
        count, head, problems = audit.verify()
    finally:
        engine.dispose()
    return report_verify(count, head, problems)
