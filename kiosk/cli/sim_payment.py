"""`kiosk sim payment`: the reference payment gateway's simulator (docs/payment.md) on a port, its faults and the
payer's actions typed at its prompt."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from devices.simulator import UnknownFault, fault_table
from hall.payments.sim import GatewaySimulator
from hall.payments.sim.codes import EXAMPLES, SPECIAL_ENDINGS
from hall.payments.sim.ledger import SimRefusal
from kiosk.cli.prompt import fault_command, fault_help, serve_prompt

PAYMENT_HELP = (
    """commands (命令):
  trades                the trades it holds, newest last
  pay NO                the payer pays order NO (a QR order, or a payment code waiting for confirmation)
  decline NO            the payer cancels a payment code waiting for confirmation (PAYERROR)
  notices               the notifications sent and what the hall answered
  keys                  where its keys are
  quit                  stop
"""
    + fault_help()
    + """
faults take N: inject hang 2 (the next 2 calls hang), inject late-notify 10 (notices 10 s late).
payment codes: WeChat 18 digits starting 10-15 (e.g. """
    + EXAMPLES["wechat"]
    + "), Alipay 16-24 digits starting 25-30;\n  a code ending "
    + ", ".join(f"{tail} {outcome.value}" for tail, outcome in SPECIAL_ENDINGS.items())
    + "; anything else pays at once."
)


def register(kinds: Any) -> None:
    payment = kinds.add_parser(
        "payment",
        help="payment gateway simulator over HTTP: signed API, payer's page, notifications, faults",
        description="The reference payment gateway's simulator. Type 'help' at its prompt for the faults.",
        epilog=PAYMENT_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    payment.add_argument("--port", type=int, default=8790, help="TCP port (0: any free one; default 8790)")
    payment.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    payment.add_argument("--notify-url", default="", help="where notifications go when an order names none")
    payment.add_argument("--key-dir", type=Path, default=Path("out/payment-sim"), help="its keys (made 0600)")
    payment.add_argument("--merchant-id", default="1900000001", help="the merchant it serves (default 1900000001)")
    payment.set_defaults(handler=_payment)


def _payment(args: argparse.Namespace) -> int:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(message)s")
    sim = GatewaySimulator(
        args.port, args.notify_url, merchant_id=args.merchant_id, host=args.host, key_dir=args.key_dir
    )
    try:
        url = sim.start()
    except OSError as error:
        sim.stop()
        print(f"无法监听端口 / cannot listen on {args.host}:{args.port}: {error.strerror}", file=sys.stderr)
        return 2
    print(f"模拟支付网关 / payment gateway simulator: {url}   merchant {sim.merchant_id}")
    print(f"网关公钥 / the gateway's public key: {args.key_dir / 'gateway.pub.pem'}")
    print("('help' for commands, 'quit' to stop)", flush=True)
    return serve_prompt(lambda line: payment_command(sim, line), sim.stop)


def _trades(sim: GatewaySimulator, _arg: str) -> str:
    trades = sim.control("GET", "/_sim/trades", {})
    return "\n".join(_trade_line(t) for t in trades) or "还没有交易 / no trades yet"


def _notices(sim: GatewaySimulator, _arg: str) -> str:
    sent = sim.control("GET", "/_sim/notices", {})
    return "\n".join(_notice_line(d) for d in sent) or "还没有通知 / no notifications yet"


def _keys(sim: GatewaySimulator, _arg: str) -> str:
    where = sim.key_dir or "memory"
    return f"gateway.key.pem, gateway.pub.pem, merchant.pub.pem in {where} (gateway key {sim.gateway_serial})"


def _payer(verb: str) -> Callable[[GatewaySimulator, str], str | None]:
    def act(sim: GatewaySimulator, number: str) -> str | None:
        if not number:
            return None
        try:
            return _trade_line(sim.control("POST", f"/_sim/{verb}/{number}", {}))
        except SimRefusal as refusal:
            return refusal.message

    return act


COMMANDS: dict[str, Callable[[GatewaySimulator, str], str | None]] = {
    "help": lambda sim, _arg: f"{PAYMENT_HELP}\nfaults (故障):\n{fault_table(sim)}",
    "trades": _trades,
    "notices": _notices,
    "keys": _keys,
    "pay": _payer("pay"),
    "decline": _payer("decline"),
}


def payment_command(sim: GatewaySimulator, line: str) -> str | None:
    """Apply one prompt line; the reply to print, or None to quit. Order numbers keep their case."""
    words = line.split()
    if not words:
        return ""
    if words[0].lower() in {"quit", "exit"}:
        return None
    try:
        reply = fault_command(sim, line)
    except UnknownFault as error:
        reply = str(error)
    if reply is None:
        command = COMMANDS.get(words[0].lower())
        reply = command(sim, words[1] if len(words) > 1 else "") if command else None
    return reply if reply is not None else f"不认识的命令 / unknown command: {line.strip()!r} (type 'help')"


def _trade_line(trade: dict[str, Any]) -> str:
    fen = trade["amount"]["total"]
    return f"  {trade['out_trade_no']:<32} {trade['trade_type']:<8} {trade['trade_state']:<10} ¥{fen / 100:.2f}"


def _notice_line(delivery: dict[str, Any]) -> str:
    status = delivery["status"] or "no answer"
    bad = " (bad signature)" if delivery["signed_badly"] else ""
    return (
        f"  {delivery['notice_id']} {delivery['event_type']:<20} {delivery['out_trade_no']} "
        f"attempt {delivery['attempt']}: {status}{bad}"
    )
