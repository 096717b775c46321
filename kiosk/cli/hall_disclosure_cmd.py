"""`kiosk hall disclosure seed FILE`: publish the notices of a TOML file on a hall (docs/disclosure.md), each once;
recorded in the hall's audit log like every administrator's command."""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from common.errors import KioskError
from hall.audit import record_cli


def register(actions: Any, database_options: Any) -> None:
    disclosure = actions.add_parser("disclosure", help="政务公开: publish notices from a file")
    commands = disclosure.add_subparsers(dest="disclosure_action", metavar="ACTION", required=True)
    seed = commands.add_parser("seed", help="publish each notice of FILE not yet published (by title)")
    seed.add_argument("file", type=Path, help="[[notices]] as in config/disclosure/samples.toml")
    database_options(seed)
    seed.set_defaults(handler=_seed)


def _seed(args: argparse.Namespace) -> int:
    from hall.attachments import AttachmentStore  # noqa: PLC0415
    from hall.disclosure import NoticeBoard  # noqa: PLC0415
    from hall.disclosure_seed import read_notices, seed  # noqa: PLC0415
    from hall.server import attachments_dir, open_database  # noqa: PLC0415

    try:
        notices = read_notices(args.file)
    except KioskError as error:
        print(error, file=sys.stderr)
        return 2
    config, engine, sessions = open_database(args.config, args.db)
    try:
        board = NoticeBoard(sessions, AttachmentStore(attachments_dir(config)), lambda: datetime.now(UTC))
        added = seed(board, notices)
        record_cli(sessions, "disclosure.seed", f"file={args.file.name}", {"published": len(added)})
    finally:
        engine.dispose()
    for title in added:
        print(f"已发布 / published: {title}")
    print(
        f"{len(added)} 条已发布，{len(notices) - len(added)} 条已存在 / {len(added)} published, "
        f"{len(notices) - len(added)} already there"
    )
    return 0
