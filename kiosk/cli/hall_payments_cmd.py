"""`kiosk hall payments reconcile --day D`: reconcile (对账) a day's payments and refunds against the gateway's
statement at the command line; differences are printed and raised as supervisor alerts (docs/payment.md)."""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from common.hallapi.payments import yuan
from hall.audit import record_cli
from hall.payments.gateway import GatewayError
from hall.payments.gateway_open import open_gateway
from hall.payments.reconcile import difference_words, reconcile

IN_HALL = (
    "网关模拟器运行在大厅服务进程内，请在大厅中对账（每日自动进行，或 POST /api/v1/payments/reconcile） / the "
    "gateway simulator runs inside the hall server: reconcile there (it runs each night by itself, or POST "
    "/api/v1/payments/reconcile), or set [payments] url"
)


def register(actions: Any, database_options: Any) -> None:
    payments = actions.add_parser("payments", help="fee payments: reconcile a day with the gateway's statement")
    commands = payments.add_subparsers(dest="payments_action", metavar="ACTION", required=True)
    run = commands.add_parser("reconcile", help="reconcile a day (对账); exit 1 when there are differences")
    run.add_argument("--day", type=date.fromisoformat, required=True, help="YYYY-MM-DD, in the hall's time zone")
    database_options(run)
    run.set_defaults(handler=_reconcile)


def _reconcile(args: argparse.Namespace) -> int:
    from hall.server import open_database  # noqa: PLC0415

    config, engine, sessions = open_database(args.config, args.db)
    try:
        if config.payments.gateway == "none":
            print("本大厅未开通缴费 / [payments] gateway is none: nothing to reconcile", file=sys.stderr)
            return 2
        if not config.payments.url:
            print(IN_HALL, file=sys.stderr)
            return 2
        opened = open_gateway(config)
        assert opened is not None  # not "none"
        try:
            result = reconcile(sessions, opened.gateway, args.day, ZoneInfo(config.hall.timezone), _now)
        except GatewayError as error:
            print(f"无法取得网关对账单 / cannot get the gateway's statement: {error}", file=sys.stderr)
            return 2
        finally:
            opened.close()
        record_cli(sessions, "payment.reconcile", f"day={args.day}", {"differences": result.differences})
    finally:
        engine.dispose()
    print(f"{result.day}: 相符 {result.matched} 笔，差异 {result.differences} 笔 / {result.matched} matched, "
          f"{result.differences} differences")  # fmt: skip
    for line in result.lines:
        amounts = f"hall {_fen(line.hall_fen)}  gateway {_fen(line.gateway_fen)}"
        print(f"  {line.result:<18} {line.kind:<7} {line.out_trade_no}  {amounts}")
        print(f"    {difference_words(result.day, line)}")
    return 1 if result.differences else 0


def _fen(fen: int | None) -> str:
    return "-" if fen is None else yuan(fen)


def _now() -> datetime:
    return datetime.now(UTC)
