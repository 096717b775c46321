"""`kiosk hall supervision summary [--day D]`: the hall's daily report (日报) at the command line, the same figures
as the supervisors' page /web/report (docs/hall-web.md)."""

from __future__ import annotations

import argparse
from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo


def register(actions: Any, database_options: Any) -> None:
    supervision = actions.add_parser("supervision", help="electronic supervision (电子监察): the daily summary")
    commands = supervision.add_subparsers(dest="supervision_action", metavar="ACTION", required=True)
    summary = commands.add_parser("summary", help="print a day's report: queue, filings, ratings, warnings")
    summary.add_argument("--day", type=date.fromisoformat, help="YYYY-MM-DD in the hall's time zone; default: today")
    database_options(summary)
    summary.set_defaults(handler=_summary)


def _summary(args: argparse.Namespace) -> int:
    from hall.calendar import service_day  # noqa: PLC0415
    from hall.daily_report import daily_report  # noqa: PLC0415
    from hall.daily_report_rows import report_text  # noqa: PLC0415
    from hall.server import open_database  # noqa: PLC0415

    config, engine, sessions = open_database(args.config, args.db)
    try:
        day = args.day or service_day(datetime.now(UTC), ZoneInfo(config.hall.timezone))
        with sessions() as session:
            report = daily_report(session, config, day)
    finally:
        engine.dispose()
    print(f"{config.hall.name} 日报 / daily report")
    print(report_text(report))
    return 0
