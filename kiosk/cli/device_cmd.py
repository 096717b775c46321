"""`kiosk device …`: one device from the command line, and the status of every configured device."""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

from common.settings import default_config_path, load_kiosk_config
from devices.state import DeviceStatus
from drivers.registry import (
    create_camera_scanner,
    create_document_camera,
    create_id_reader,
    create_printer,
    create_scanner,
)
from kiosk.cli import device_doccam, device_idcard, device_pads, device_printer, device_scan
from kiosk.cli.device_printer import profile_from_config, reasons_text

# Each module adds its `kiosk device ACTION` subcommands through its register(actions).
DEVICE_TOOLS = [device_printer, device_scan, device_idcard, device_pads, device_doccam]


def register(commands: Any) -> None:
    device = commands.add_parser("device", help="talk to one device (print a test page …), show device status")
    actions = device.add_subparsers(dest="action", metavar="ACTION", required=True)
    for module in DEVICE_TOOLS:
        module.register(actions)
    status = actions.add_parser("status", help="every configured device, its state and reason")
    status.add_argument("--config", type=Path, help="default: $KIOSK_CONFIG or config/kiosk.toml")
    status.add_argument("--json", action="store_true", help="machine-readable output")
    status.set_defaults(handler=_status)


class _Checkable(Protocol):
    def open(self) -> None: ...

    def check_health(self) -> DeviceStatus: ...

    def close(self) -> None: ...


def _status(args: argparse.Namespace) -> int:
    config = load_kiosk_config(args.config or default_config_path())
    devices = config.devices
    factories: list[tuple[str, str, Callable[[], _Checkable]]] = [
        (
            "printer",
            devices.printer.url,
            lambda: create_printer(devices.printer.url, profile_from_config(devices.printer)),
        ),
        ("id_reader", devices.id_reader.url, lambda: create_id_reader(devices.id_reader.url)),
        ("scanner", devices.scanner.url, lambda: create_scanner(devices.scanner.url)),
    ]
    if devices.camera.url:
        camera = devices.camera
        factories.append(("camera", camera.url, lambda: create_camera_scanner(camera.url, decoder=camera.decoder)))
    doccam = devices.document_camera
    factories.append(("doccam", doccam.url, lambda: create_document_camera(doccam.url)))
    rows = [_check(name, url, factory) for name, url, factory in factories]
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
    else:
        print(f"{'device':<10} {'state':<9} {'url':<40} reason")
        for row in rows:
            reason = row["reason"] or row["detail"]
            print(f"{row['device']:<10} {row['state']:<9} {row['url']:<40} {reason}")
    return 0 if all(row["state"] in {"ready", "degraded"} for row in rows) else 1


def _check(name: str, url: str, factory: Callable[[], _Checkable]) -> dict[str, str]:
    device = factory()
    try:
        # Opened first: a sim:// device's simulator starts there, and a camera's health is known only once its
        # capture thread has tried to open it.
        device.open()
        status = device.check_health()
    finally:
        device.close()
    return _row(name, url, status.state.value, reasons_text(status), status.detail)


def _row(device: str, url: str, state: str, reason: str, detail: str) -> dict[str, str]:
    return {"device": device, "url": url, "state": state, "reason": reason, "detail": detail}
