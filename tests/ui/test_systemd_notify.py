"""`kiosk run` under systemd: READY=1 once the touch UI is up, the watchdog fed from the Qt main thread, STOPPING=1
when stopped. A real AF_UNIX datagram socket stands in for systemd's NOTIFY_SOCKET (docs/deploy.md)."""

from __future__ import annotations

import signal
from pathlib import Path

from devtools.ports import free_port
from tests.support.notify import NotifySocket
from tests.support.processes import KIOSK, Running


def test_the_kiosk_tells_systemd_it_is_ready_feeds_the_watchdog_and_says_it_stops(
    config_dir: Path, data_dir: Path
) -> None:
    # Given the whole kiosk (touch UI offscreen, station, simulated devices, embedded hall) started by systemd
    config = config_dir / "kiosk.toml"
    config.write_text(config.read_text().replace("127.0.0.1:8700", f"127.0.0.1:{free_port()}"))
    with NotifySocket() as systemd:
        env = {"QT_QPA_PLATFORM": "offscreen", **systemd.env(watchdog_usec=2_000_000)}
        with Running([KIOSK, "run", "--windowed", "--config", config], env=env) as kiosk:
            # When the UI is up, systemd hears READY=1 and then the pings of its main loop
            after_ready = systemd.wait_for("READY=1")
            after_ping = systemd.wait_for("WATCHDOG=1", since=after_ready)
            systemd.wait_for("WATCHDOG=1", since=after_ping)
            # When systemd stops it, STOPPING=1 comes before the end
            kiosk.stop(signal.SIGTERM).assert_clean(0)
        systemd.wait_for("STOPPING=1", since=after_ping)
    assert "touch UI up" in (data_dir / "logs" / "kiosk.log").read_text(encoding="utf-8")
