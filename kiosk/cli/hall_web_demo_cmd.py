"""`kiosk hall web-demo`: a believable day in an empty hall database, to try the staff's and supervisors' pages."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any


def register(actions: Any, database_options: Callable[[argparse.ArgumentParser], None]) -> None:
    demo = actions.add_parser(
        "web-demo",
        help="fill an EMPTY hall database with a demo day (queue, filings, ratings) and print two web tokens",
    )
    database_options(demo)
    demo.set_defaults(handler=_web_demo)


def _web_demo(args: argparse.Namespace) -> int:
    from hall.demo_day import DemoClock, DemoRefused, describe, fill_demo_day  # noqa: PLC0415
    from hall.server import build_hall  # noqa: PLC0415

    now = datetime.now(UTC)
    clock = DemoClock(now)
    hall = build_hall(args.config, args.db, clock=clock)
    try:
        summary = fill_demo_day(hall, clock, now)
    except DemoRefused as refused:
        print(refused, file=sys.stderr)
        return 2
    finally:
        hall.close()
    for line in describe(summary):
        print(line)
    for name, token in summary.tokens.items():
        shown = token or "(已存在，未重新生成 / exists already: not made again)"
        print(f"令牌 token {name}: {shown}")
    print("打开 open http://HOST:PORT/web 并用上面的令牌登录 / and sign in with a token above")
    return 0
