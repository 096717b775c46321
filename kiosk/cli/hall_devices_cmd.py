"""`kiosk hall devices`: run the hall device controller (pads, window displays, voice) until interrupted.

Under systemd it says READY=1 once the controller runs and feeds the watchdog from its watching loop, while the
pad bus, desk, outbox and event threads beat (common/sdnotify.py, docs/deploy.md)."""

from __future__ import annotations

import argparse
import logging
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from common.errors import KioskError
from common.logs import setup_logging
from common.sdnotify import WatchdogPinger
from common.settings import ensure_writable_dir, resolve_data_dir
from common.settings.last_good import load_keeping_last_good
from common.settings.loader import ConfigKind, default_config_path, load_hall_devices_config
from common.stopping import StopSignals

if TYPE_CHECKING:
    from common.settings.hall_devices import HallDevicesConfig
    from kiosk.halldevices import HallDeviceController

log = logging.getLogger(__name__)

REFRESH_S = 1.0
COUNTERS_EVERY_S = 60.0  # the pads' fault counters, when they changed: often enough to see a noisy bus


def register(actions: Any) -> None:
    devices = actions.add_parser("devices", help="run the hall device controller: evaluation pads, displays, voice")
    devices.add_argument("--config", type=Path, help="default: config/hall-devices.toml")
    devices.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from kiosk.halldevices import HallDeviceController  # noqa: PLC0415 - pymodbus only for this command

    path = args.config or default_config_path(ConfigKind.HALL_DEVICES)
    config, damaged = load_keeping_last_good(path, load_hall_devices_config)
    data_dir = ensure_writable_dir(resolve_data_dir(config.paths.data_dir))
    # A log of its own beside a kiosk's, so two processes never rotate one file.
    log_file = setup_logging(
        data_dir / "hall-devices", config.logging.level, max_bytes=config.logging.max_bytes,
        backups=config.logging.backups,
    )  # fmt: skip
    if damaged:
        log.warning(damaged)
    # Before the controller exists: a signal while it starts is kept, and it stops as soon as it has started.
    pinger = WatchdogPinger()
    with StopSignals() as signals:
        try:
            controller = HallDeviceController(config, data_dir)
        except (OSError, ValueError) as error:
            raise KioskError(f"评价器或显示屏无法打开 / cannot open the pads or displays: {error}") from None
        try:
            controller.start()
            pinger.ready()
            _watch(controller, config, log_file, signals, pinger)
            pinger.stopping()
            print("正在停止 / stopping", file=sys.stderr, flush=True)
        finally:
            controller.stop()
    return 0


def _watch(
    controller: HallDeviceController,
    config: HallDevicesConfig,
    log_file: Path,
    signals: StopSignals,
    pinger: WatchdogPinger,
) -> None:
    """Print each pad's, display's and the hall's line when it changes, until SIGINT or SIGTERM."""
    from kiosk.halldevices.report import counters_line, display_line, hall_line, pad_line  # noqa: PLC0415

    windows = {p.address: p.window for p in config.pads.pad}
    print(f"大厅设备控制器 / hall device controller: hall {config.hall.url}, pads {config.pads.url}", flush=True)
    print(f"日志 / log: {log_file}  (Ctrl-C 停止 / to stop)", flush=True)
    last: list[str] = []
    counted: list[str] = []
    counted_at = time.monotonic()
    lines_at = 0.0
    while not signals.requested:
        pinger.tick()
        if time.monotonic() - lines_at < REFRESH_S:
            signals.wait(pinger.tick_s)
            continue
        lines_at = time.monotonic()
        statuses = sorted(controller.statuses().items())
        lines = [hall_line(controller.hall_up, controller.link.reason, controller.pending_ratings())]
        views = controller.views()
        lines += [pad_line(s, windows[a], views.get(a)) for a, s in statuses]
        lines += [display_line(w, s) for w, s in sorted(controller.display_statuses().items())]
        if time.monotonic() - counted_at >= COUNTERS_EVERY_S:
            counters = [counters_line(s) for _a, s in statuses]
            lines += [line for line in counters if line not in counted]
            counted, counted_at = counters, time.monotonic()
        for line in lines:
            if line not in last:  # each pad's, display's and the hall's line when it changes
                print(f"{time.strftime('%H:%M:%S')} {line}", flush=True)
        last = [line for line in lines if "计数 / counters" not in line]
        signals.wait(pinger.tick_s)
