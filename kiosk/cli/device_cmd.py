"""`kiosk device …`: one device from the command line, and the status of every configured device."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from drivers.registry import create_printer
from kiosk.cli import device_printer
from kiosk.cli.device_printer import profile_from_config, reasons_text
from kiosk.settings import default_config_path, load_kiosk_config

# Each module adds its `kiosk device ACTION` subcommands through its register(actions).
DEVICE_TOOLS = [device_printer]


def register(commands: Any) -> None:
    device = commands.add_parser("device", help="talk to one device (print a test page …), show device status")
    actions = device.add_subparsers(dest="action", metavar="ACTION", required=True)
    for module in DEVICE_TOOLS:
        module.register(actions)
    status = actions.add_parser("status", help="every configured device, its state and reason")
    status.add_argument("--config", type=Path, help="default: $KIOSK_CONFIG or config/kiosk.toml")
    status.add_argument("--json", action="store_true", help="machine-readable output")
    status.set_defaults(handler=_status)


def _status(args: argparse.Namespace) -> int:
    config = load_kiosk_config(args.config or default_config_path())
    rows: list[dict[str, str]] = []
    printer = create_printer(config.devices.printer.url, profile_from_config(config.devices.printer))
    try:
        status = printer.check_health()
    finally:
        printer.close()
    rows.append(_row("printer", config.devices.printer.url, status.state.value, reasons_text(status), status.detail))
    for name, url in (("id_reader", config.devices.id_reader.url), ("scanner", config.devices.scanner.url)):
        rows.append(_row(name, url, "unknown", "", "driver not yet available in this version"))
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
    else:
        print(f"{'device':<10} {'state':<9} {'url':<40} reason")
        for row in rows:
            reason = row["reason"] or row["detail"]
            print(f"{row['device']:<10} {row['state']:<9} {row['url']:<40} {reason}")
    return 0 if all(row["state"] in {"ready", "degraded", "unknown"} for row in rows) else 1


def _row(device: str, url: str, state: str, reason: str, detail: str) -> dict[str, str]:
    return {"device": device, "url": url, "state": state, "reason": reason, "detail": detail}
