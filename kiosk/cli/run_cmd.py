"""`kiosk run`: bring the station up; the touch UI starts here once it is part of this version."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from kiosk.settings import default_config_path
from kiosk.startup import prepare_station


def register(commands: Any) -> None:
    run = commands.add_parser("run", help="start the kiosk (full-screen touch UI)")
    run.add_argument("--config", type=Path, help="default: $KIOSK_CONFIG or config/kiosk.toml")
    run.set_defaults(handler=_run)


def _run(args: argparse.Namespace) -> int:
    station = prepare_station(args.config or default_config_path())
    try:
        print(f"配置 / config: {station.config_path}")
        print(f"数据目录 / data dir: {station.data_dir}")
        print(f"日志 / log: {station.log_file}")
        print("触摸界面尚未提供 / the touch UI is not yet available in this version", file=sys.stderr)
        return 2
    finally:
        station.close()
