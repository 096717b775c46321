"""The `kiosk` command: one entry point for the station, the hall, simulators, device tools and config."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable, Sequence

from devices.url import DeviceUrlError
from kiosk import __version__
from kiosk.cli import config_cmd, device_cmd, hall_cmd, run_cmd, sim_cmd
from kiosk.errors import KioskError

log = logging.getLogger(__name__)

Handler = Callable[[argparse.Namespace], int]


def _not_yet(name: str) -> Handler:
    def handler(_args: argparse.Namespace) -> int:
        print(f"kiosk {name}: 此功能尚未提供 / not yet available in this version", file=sys.stderr)
        return 2

    return handler


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kiosk",
        description="24小时自助服务站 / 24-hour self-service station: kiosk, hall server, devices and tools.",
    )
    parser.add_argument("--version", action="version", version=f"kiosk {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    run_cmd.register(commands)
    demo = commands.add_parser("demo", help="write screenshots of every screen (no display needed)")
    demo.set_defaults(handler=_not_yet("demo"))
    hall_cmd.register(commands)
    sim_cmd.register(commands)
    device_cmd.register(commands)
    config_cmd.register(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    handler: Handler = args.handler
    try:
        return handler(args)
    except KioskError as error:
        for line in error.lines():
            print(line, file=sys.stderr)
        return error.exit_code
    except DeviceUrlError as error:
        print(error, file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except Exception as error:
        # A technician gets one line; the traceback goes to the log file, where logging is set up.
        log.exception("unexpected error in kiosk %s", args.command)
        print(
            f"内部错误 / internal error: {type(error).__name__}: {error} (details in the kiosk log)",
            file=sys.stderr,
        )
        return 1
