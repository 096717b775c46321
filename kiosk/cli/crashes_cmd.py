"""`kiosk crashes [--reset]`: the kiosk's crash record (kiosk/station/crash_record.py), for a technician at a
shell; ``--reset`` puts an out-of-service kiosk back in service at its next start, as the screen's door does."""

from __future__ import annotations

import argparse
import logging
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from common.logs import setup_logging
from common.settings import default_config_path, load_kiosk_config, resolve_data_dir
from kiosk.station.crash_record import CRASHES_OUT, CrashRecord


def register(commands: Any) -> None:
    crashes = commands.add_parser("crashes", help="the kiosk's crashes and whether it is out of service (technicians)")
    crashes.add_argument("--config", type=Path, help="default: $KIOSK_CONFIG or config/kiosk.toml")
    crashes.add_argument("--reset", action="store_true", help="back in service at the kiosk's next start")
    crashes.set_defaults(handler=_crashes)


def _crashes(args: argparse.Namespace) -> int:
    config = load_kiosk_config(args.config or default_config_path())
    data_dir = resolve_data_dir(config.paths.data_dir)
    record = CrashRecord(data_dir)
    zone = ZoneInfo(config.station.timezone)
    for moment in record.crashes():
        print(f"崩溃 / crash  {moment.astimezone(zone):%Y-%m-%d %H:%M:%S}")
    out = record.out_of_service()
    if args.reset:
        if data_dir.is_dir():
            setup_logging(data_dir, config.logging.level, console=False)  # the reset is in the kiosk's log
        record.reset("kiosk crashes --reset")
        logging.shutdown()
        print("已复位，下次启动恢复服务 / reset: in service at the next start")
    elif out:
        print("本机暂停服务 / out of service: `kiosk crashes --reset` after fixing the cause")
    else:
        print(f"正常服务 / in service ({CRASHES_OUT} crashes in 10 minutes put it out of service)")
    return 0
