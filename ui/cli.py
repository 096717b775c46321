"""`kiosk run` and `kiosk demo`, added to the kiosk command through the ``kiosk.commands`` entry point."""

from __future__ import annotations

import argparse
import logging
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from common.sdnotify import WatchdogPinger
from common.settings import default_config_path
from common.stopping import StopSignals

if TYPE_CHECKING:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from kiosk.startup import Prepared
    from kiosk.station.crash_record import CrashRecord

log = logging.getLogger(__name__)


def register(commands: Any) -> None:
    run = commands.add_parser("run", help="start the kiosk: the full-screen touch UI over the whole station")
    run.add_argument("--config", type=Path, help="default: $KIOSK_CONFIG or config/kiosk.toml")
    run.add_argument("--windowed", action="store_true", help="a normal window instead of the locked full screen")
    run.set_defaults(handler=_run)
    demo = commands.add_parser("demo", help="screenshots of every screen, offscreen (no display needed)")
    demo.add_argument("--out", type=Path, required=True, help="where to write the PNGs and index.html")
    demo.add_argument("--config", type=Path, help="default: $KIOSK_CONFIG or config/kiosk.toml")
    demo.set_defaults(handler=_demo)


def _run(args: argparse.Namespace) -> int:
    """The station's touch UI; after three crashes in ten minutes the out-of-service screen instead
    (kiosk/station/crash_record.py). Only a stop that got through closing the UI and the station is marked clean."""
    from kiosk.startup import prepare_logs  # noqa: PLC0415
    from kiosk.station.crash_record import CrashRecord  # noqa: PLC0415
    from ui.app import application  # noqa: PLC0415

    config_path = args.config or default_config_path()
    app = application(sys.argv[:1])
    # Outermost, so that the bound covers closing the station too, and a signal while it opens is not lost.
    with StopSignals() as signals:
        config, data_dir, log_file = prepare_logs(config_path)
        record = CrashRecord(data_dir)
        if record.start().out_of_service:
            code = _run_out_of_service(app, args, signals, record, (config, data_dir, log_file))
        else:
            code = _run_station(app, args, signals, config_path, (config, data_dir, log_file))
        record.stopped_cleanly()
    log.info("kiosk stopped")
    return code


def _run_station(
    app: QApplication, args: argparse.Namespace, signals: StopSignals, config_path: Path, prepared: Prepared
) -> int:
    from kiosk.flows.flow import KioskSettings  # noqa: PLC0415
    from kiosk.flows.voice import VoiceSettings  # noqa: PLC0415
    from kiosk.station.services import open_station_services  # noqa: PLC0415
    from ui.app import KioskUi, choose_orientation  # noqa: PLC0415

    with open_station_services(config_path, prepared=prepared) as services:
        config = services.config
        kiosk_ui = KioskUi(
            hall=services.hall,
            devices=services.devices,
            technician=services.technician,
            filing=services.filing_port,
            booking=services.booking,
            camera=services.document_camera,
            disclosure=services.disclosure,
            payment=services.payment,
            settings=KioskSettings.from_config(config),
            orientation=choose_orientation(config.station.orientation),
            voice=services.voice,
            voice_settings=VoiceSettings.from_config(config),
        )
        kiosk_ui.show(kiosk_mode=not args.windowed)
        keep_awake = stop_on_signals(signals, kiosk_ui.quit)
        pinger = WatchdogPinger()
        watchdog = feed_watchdog(pinger)
        size = kiosk_ui.window.size()
        log.info("touch UI up on %s (%dx%d)", app.platformName(), size.width(), size.height())
        try:
            code = app.exec()
        finally:
            pinger.stopping()
            watchdog.stop()
            keep_awake.stop()
            kiosk_ui.close()
    return int(code)


def _run_out_of_service(
    app: QApplication,
    args: argparse.Namespace,
    signals: StopSignals,
    record: CrashRecord,
    basics: Prepared,
) -> int:
    from ui.app import choose_orientation  # noqa: PLC0415
    from ui.out_of_service_run import OutOfServiceUi  # noqa: PLC0415

    config, data_dir, log_file = basics
    oos = OutOfServiceUi(config, data_dir, log_file, record, orientation=choose_orientation(config.station.orientation))
    oos.show(kiosk_mode=not args.windowed)
    keep_awake = stop_on_signals(signals, oos.quit)
    # Fed as in service: a hung out-of-service screen is restarted too (and counted as a crash).
    pinger = WatchdogPinger(running="暂停服务 / out of service")
    watchdog = feed_watchdog(pinger)
    log.warning("out-of-service screen up on %s", app.platformName())
    try:
        code = app.exec()
    finally:
        pinger.stopping()
        watchdog.stop()
        keep_awake.stop()
        oos.close()
    return int(code)


def stop_on_signals(signals: StopSignals, quit_ui: Callable[[], None]) -> QTimer:
    """SIGTERM (systemd stopping the kiosk) and Ctrl+C close the UI and then the station, in order (one that
    came while the station opened, at once); a second signal while closing changes nothing.

    Qt's event loop does not let Python run signal handlers by itself: a timer wakes the interpreter 4 times a
    second so it can.
    """
    from PySide6.QtCore import QTimer  # noqa: PLC0415

    signals.when_stopping(lambda: QTimer.singleShot(0, quit_ui))
    timer = QTimer()
    timer.timeout.connect(lambda: None)
    timer.start(250)
    return timer


def feed_watchdog(pinger: WatchdogPinger) -> QTimer:
    """systemd's READY=1 once the event loop runs, then the watchdog fed from a timer on the Qt main thread: a
    UI that hangs (a slot that never returns) stops the pings and systemd restarts the kiosk (docs/deploy.md)."""
    from PySide6.QtCore import QTimer  # noqa: PLC0415

    QTimer.singleShot(0, pinger.ready)
    timer = QTimer()
    timer.timeout.connect(pinger.tick)
    timer.start(max(10, int(pinger.tick_s * 1000)))
    return timer


def _demo(args: argparse.Namespace) -> int:
    os.environ["QT_QPA_PLATFORM"] = "offscreen"  # before the QApplication exists: no display needed
    from ui.demo import run_demo  # noqa: PLC0415

    config_path = args.config or default_config_path()
    with tempfile.TemporaryDirectory(prefix="kiosk-demo-") as data_dir:
        run = run_demo(config_path, args.out, data_dir=Path(data_dir))
    print(f"{len(run.shots)} 张截图 / screenshots -> {args.out / 'index.html'}")  # noqa: T201
    return 0
