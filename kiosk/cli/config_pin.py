"""`kiosk config pin`: make the salted hash of a technician PIN for [ui] technician_pin_hash in kiosk.toml."""

from __future__ import annotations

import argparse
import getpass
import sys
from typing import Any

from kiosk.station.pin import PIN_RULE, make_pin_hash


def register(actions: Any) -> None:
    pin = actions.add_parser(
        "pin",
        help="make the hash of a technician PIN for [ui] technician_pin_hash",
        description="Asks for the PIN twice (not shown) and prints its salted hash. Put the line in kiosk.toml: "
        '[ui] technician_pin_hash = "…". Exit 2 when the PINs differ or are not 4 to 12 digits.',
    )
    pin.add_argument("--stdin", action="store_true", help="read the PIN from the first line of stdin (scripts)")
    pin.set_defaults(handler=_pin)


def _pin(args: argparse.Namespace) -> int:
    if args.stdin:
        first = sys.stdin.readline().rstrip("\r\n")
        second = first
    else:
        try:
            first = getpass.getpass("技术员密码 / technician PIN: ")
            second = getpass.getpass("再输入一次 / the same PIN again: ")
        except EOFError:
            print("没有输入密码 / no PIN was typed", file=sys.stderr)
            return 2
    if first != second:
        print("两次输入的密码不一致 / the two PINs differ", file=sys.stderr)
        return 2
    try:
        hashed = make_pin_hash(first)
    except ValueError:
        print(PIN_RULE, file=sys.stderr)
        return 2
    print(hashed)
    print(
        '写入 kiosk.toml 的 [ui] technician_pin_hash = "…" / put it in kiosk.toml: [ui] technician_pin_hash = "…"',
        file=sys.stderr,
    )
    return 0
