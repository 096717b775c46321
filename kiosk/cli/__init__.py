"""The `kiosk` command: one entry point for the station, the hall, simulators, device tools and config.

The core commands live here; others come from installed packages through the entry point group
``kiosk.commands`` (``name = "module:register"``, where ``register(commands)`` adds subparsers). The touch UI
adds ``run`` and ``demo`` that way (ui/cli.py), so the core CLI never imports Qt.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable, Sequence
from importlib.metadata import EntryPoint, entry_points
from typing import Any

from common.errors import KioskError
from devices.url import DeviceUrlError
from kiosk import __version__
from kiosk.cli import audit_cmd, config_cmd, crashes_cmd, device_cmd, hall_cmd, outbox_cmd, sim_cmd

log = logging.getLogger(__name__)
# Until a command sets up logging, a plugin's warning must not reach the terminal through logging's last resort.
log.addHandler(logging.NullHandler())

Handler = Callable[[argparse.Namespace], int]
Register = Callable[[Any], None]
PLUGIN_GROUP = "kiosk.commands"


def command_plugins() -> list[EntryPoint]:
    """The installed packages' extra commands, in name order (so help lists them the same way every time)."""
    return sorted(entry_points(group=PLUGIN_GROUP), key=lambda point: point.name)


def _missing_module(point: EntryPoint, error: ModuleNotFoundError) -> bool:
    """The plugin's own module is not there (not installed yet), as opposed to a module it needs."""
    module = point.value.partition(":")[0]
    return error.name is not None and (module == error.name or module.startswith(error.name + "."))


def add_plugins(commands: Any, plugins: Sequence[EntryPoint]) -> None:
    """Let each plugin register its commands; one that cannot is left out with one line, never a traceback."""
    for point in plugins:
        try:
            register: Register = point.load()
            register(commands)
        except ModuleNotFoundError as error:
            if _missing_module(point, error):
                log.warning("kiosk command plugin %s (%s) is not installed: %s", point.name, point.value, error)
                continue
            _broken(point, error)
        except Exception as error:
            _broken(point, error)


def _broken(point: EntryPoint, error: Exception) -> None:
    log.error("kiosk command plugin %s (%s) failed to load", point.name, point.value, exc_info=error)
    print(
        f"扩展命令 {point.name} 无法加载，已跳过 / the command plugin {point.name!r} ({point.value}) could not be "
        f"loaded and is left out: {type(error).__name__}: {error}",
        file=sys.stderr,
    )


def build_parser(plugins: Sequence[EntryPoint] | None = None) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kiosk",
        description="24小时自助服务站 / 24-hour self-service station: kiosk, hall server, devices and tools.",
    )
    parser.add_argument("--version", action="version", version=f"kiosk {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    hall_cmd.register(commands)
    sim_cmd.register(commands)
    device_cmd.register(commands)
    config_cmd.register(commands)
    outbox_cmd.register(commands)
    audit_cmd.register(commands)
    crashes_cmd.register(commands)
    add_plugins(commands, command_plugins() if plugins is None else plugins)
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
