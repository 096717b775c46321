"""`kiosk device read-id`: wait for one ID card on any reader URL and show what it holds (ID number masked)."""

from __future__ import annotations

import argparse
import json
from typing import Any

from common.stopping import StopSignals
from devices.identity import CardResult, Identity
from drivers.idcard.factory import create_id_reader

NO_END_DATE = "长期"


def register(actions: Any) -> None:
    read = actions.add_parser(
        "read-id",
        help="read one resident ID card from a reader URL and show its fields (ID number masked)",
        description="Wait for one ID card and print its fields. The photo is never printed, only its size. "
        "Exit 0 when read, 1 when no card came, it was rejected or the reader failed, 2 for a bad URL.",
    )
    read.add_argument("url", help="e.g. serial:///dev/ttyUSB0?baudrate=115200, sim://?card=0")
    read.add_argument("--timeout", type=_seconds, default=10.0, metavar="S", help="seconds to wait (default 10)")
    read.add_argument("--json", action="store_true", help="machine-readable output")
    read.add_argument("--unmasked", action="store_true", help="show the full ID number (sensitive: only when needed)")
    read.set_defaults(handler=_read_id)


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0 < value <= 3600:
        raise argparse.ArgumentTypeError(f"超时应为 0 到 3600 秒 / timeout must be 0 to 3600 seconds, got {text!r}")
    return value


def _read_id(args: argparse.Namespace) -> int:
    reader = create_id_reader(args.url)
    with StopSignals() as signals:  # SIGINT or SIGTERM while it waits: the reader closed, 130 or 143
        try:
            reader.open()
            if not args.json:
                print(f"请放置身份证 / place an ID card on the reader ({args.timeout:g} s) …", flush=True)
            with signals.interruptible():  # the reader is closed next: an exchange cut short does no harm
                result = reader.read_card(args.timeout)
        except KeyboardInterrupt:
            return signals.exit_code
        finally:
            reader.close()
    if args.json:
        print(json.dumps(_as_json(result, unmasked=args.unmasked), ensure_ascii=False, indent=2))
    else:
        if result.identity is not None:
            for label, value in _fields(result.identity, unmasked=args.unmasked):
                print(f"{label}: {value}")
        if not result.ok:
            print(str(result.message) + (f" ({result.detail})" if result.detail else ""))
    return 0 if result.ok else 1


def _fields(identity: Identity, *, unmasked: bool) -> list[tuple[str, str]]:
    valid_to = NO_END_DATE if identity.valid_to is None else identity.valid_to.isoformat()
    return [
        ("姓名 / name", identity.name),
        ("性别 / sex", identity.sex),
        ("民族 / nation", identity.nation),
        ("出生 / born", identity.birth_date.isoformat()),
        ("住址 / address", identity.address),
        ("公民身份号码 / ID number", identity.id_number if unmasked else identity.masked_id),
        ("签发机关 / issued by", identity.issuer),
        ("有效期限 / valid", f"{identity.valid_from.isoformat()} 至 {valid_to}"),
        ("照片 / photo", f"{len(identity.photo)} bytes (WLT, encrypted; not shown)"),
    ]


def _as_json(result: CardResult, *, unmasked: bool) -> dict[str, object]:
    out: dict[str, object] = {
        "outcome": result.outcome.value,
        "message": str(result.message),
        "rejection": result.rejection.value if result.rejection else None,
        "reasons": sorted(reason.value for reason in result.reasons),
        "detail": result.detail,
        "identity": None,
    }
    identity = result.identity
    if identity is not None:
        out["identity"] = {
            "name": identity.name,
            "sex": identity.sex,
            "nation": identity.nation,
            "birth_date": identity.birth_date.isoformat(),
            "address": identity.address,
            "id_number": identity.id_number if unmasked else identity.masked_id,
            "issuer": identity.issuer,
            "valid_from": identity.valid_from.isoformat(),
            "valid_to": NO_END_DATE if identity.valid_to is None else identity.valid_to.isoformat(),
            "photo_bytes": len(identity.photo),
        }
    return out
