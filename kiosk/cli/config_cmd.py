"""`kiosk config check|show`: validate a config file, or print the one a station would run with."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from common.settings import ConfigKind, default_config_path, load_config, resolve_data_dir
from common.settings.loader import guess_kind
from common.settings.models import HallConfig
from common.settings.public import public_url_warning
from kiosk.cli import config_pin


def register(commands: Any) -> None:
    config = commands.add_parser("config", help="check or show a config file")
    actions = config.add_subparsers(dest="action", metavar="ACTION", required=True)
    check = actions.add_parser(
        "check", help="validate a kiosk, hall or hall-devices config; exit 2 with one line per problem"
    )
    check.add_argument("file", type=Path, nargs="?", help="default: $KIOSK_CONFIG or config/kiosk.toml")
    check.add_argument(
        "--kind",
        choices=[k.value for k in ConfigKind],
        help="default: from the file name (hall-devices*, hall*, else kiosk)",
    )
    check.set_defaults(handler=_check)
    show = actions.add_parser("show", help="print the validated config with defaults filled in, as JSON")
    show.add_argument("file", type=Path, nargs="?", help="default: $KIOSK_CONFIG or config/kiosk.toml")
    show.add_argument("--kind", choices=[k.value for k in ConfigKind])
    show.set_defaults(handler=_show)
    config_pin.register(actions)


def _resolve(args: argparse.Namespace) -> tuple[Path, ConfigKind]:
    kind = ConfigKind(args.kind) if args.kind else None
    path: Path = args.file or default_config_path(kind or ConfigKind.KIOSK)
    return path, kind or guess_kind(path)


def _check(args: argparse.Namespace) -> int:
    path, kind = _resolve(args)
    config = load_config(path, kind)
    print(f"{path}: 配置正确 / {kind.value} config is valid")
    if isinstance(config, HallConfig) and (warning := public_url_warning(config)) is not None:
        print(warning, file=sys.stderr)
    return 0


def _show(args: argparse.Namespace) -> int:
    path, kind = _resolve(args)
    config = load_config(path, kind)
    shown = config.model_dump(mode="json")
    shown["_resolved"] = {
        "file": str(path),
        "data_dir": str(resolve_data_dir(config.paths.data_dir)),
    }
    print(json.dumps(shown, ensure_ascii=False, indent=2))
    return 0
