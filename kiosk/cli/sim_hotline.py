"""`kiosk sim hotline`: a simulated 12345 hotline receiver (docs/hall-web.md, "12345 热线 Hotline link"): it
checks each work order's signature, keeps it once by its id, prints it, and answers errors on request."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path
from typing import Any

from hall.hotline_sim import HotlineReceiver
from hall.hotline_wire import key_from_file_text
from kiosk.cli.prompt import dispatch, serve_prompt

HOTLINE_HELP = """commands (命令):
  orders                the orders received, oldest first (重复 repeats counted)
  answer 200|400|500    how it answers from now on
  fail N                the next N orders are answered 500
  slow S                wait S seconds before each answer (0: none)
  quit                  stop
GET /orders lists the orders as JSON."""


def register(kinds: Any) -> None:
    hotline = kinds.add_parser(
        "hotline",
        help="12345 hotline receiver: checks the signature, keeps each work order once, prints it, fails on request",
        description="A simulated 12345 hotline receiver for the hall's work orders. Type 'help' at its prompt.",
        epilog=HOTLINE_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    hotline.add_argument("--port", type=int, default=8791, help="TCP port (0: any free one; default 8791)")
    hotline.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    hotline.add_argument("--key", type=Path, help="the hall's HMAC key file (<keys dir>/hotline.key); else unchecked")
    hotline.add_argument("--answer", type=int, choices=(200, 400, 500), default=200, help="answer every order so")
    hotline.add_argument("--fail-first", type=int, default=0, metavar="N", help="answer the first N orders 500")
    hotline.add_argument("--slow", type=float, default=0.0, metavar="S", help="wait S seconds before answering")
    hotline.set_defaults(handler=_hotline)


def _hotline(args: argparse.Namespace) -> int:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(message)s")
    key = None
    if args.key is not None:
        try:
            key = key_from_file_text(args.key.read_text(encoding="ascii"))
        except (OSError, ValueError, UnicodeDecodeError) as error:
            print(f"{args.key}: 读不出密钥 / cannot read the key (hex, one line): {error}", file=sys.stderr)
            return 2
    if args.fail_first < 0 or not 0 <= args.slow <= 600:
        print("--fail-first 不能为负，--slow 应为 0-600 / --fail-first >= 0, --slow 0-600", file=sys.stderr)
        return 2
    receiver = HotlineReceiver(
        args.port,
        host=args.host,
        key=key,
        answer=args.answer,
        fail_first=args.fail_first,
        slow_s=args.slow,
        out=lambda text: print(text, flush=True),
    )
    try:
        url = receiver.start()
    except OSError as error:
        print(f"无法监听端口 / cannot listen on {args.host}:{args.port}: {error.strerror}", file=sys.stderr)
        return 2
    checked = f"签名密钥 / key {args.key}" if key else "不检查签名 / signatures NOT checked (no --key)"
    print(f"模拟12345热线 / hotline receiver: {url}   {checked}   answer {args.answer}")
    print("('help' for commands, 'quit' to stop)", flush=True)
    return serve_prompt(lambda line: dispatch(COMMANDS, receiver, line), receiver.stop)


def _orders(receiver: HotlineReceiver, _arg: str) -> str:
    lines = [
        f"  {o['order_id']}  {o['order'].get('kind')}  {o['received_at']}  repeats {o['repeats']}"
        for o in receiver.listed()
    ]
    return "\n".join(lines) or "还没有工单 / no orders yet"


def _answer(receiver: HotlineReceiver, arg: str) -> str | None:
    if arg not in {"200", "400", "500"}:
        return "用法 / usage: answer 200|400|500"
    receiver.answer = int(arg)
    return f"answer {arg}"


def _fail(receiver: HotlineReceiver, arg: str) -> str:
    if not arg.isdigit():
        return "用法 / usage: fail N"
    receiver.fail_first = int(arg)
    return f"the next {arg} orders answer 500"


def _slow(receiver: HotlineReceiver, arg: str) -> str:
    try:
        seconds = float(arg)
    except ValueError:
        return "用法 / usage: slow S"
    receiver.slow_s = min(max(seconds, 0.0), 600.0)
    return f"slow {receiver.slow_s:g} s"


COMMANDS = {
    "help": lambda _r, _a: HOTLINE_HELP,
    "orders": _orders,
    "answer": _answer,
    "fail": _fail,
    "slow": _slow,
    "json": lambda r, _a: json.dumps(r.listed(), ensure_ascii=False, indent=1),
}
