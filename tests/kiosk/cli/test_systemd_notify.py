"""`kiosk hall serve` and `kiosk hall devices` under systemd: READY=1 once up, the watchdog fed from the main
loop at the pace WATCHDOG_USEC asks, STOPPING=1 when stopped. systemd is stood in for by a real AF_UNIX datagram
socket named by NOTIFY_SOCKET, as systemd names its own (docs/deploy.md)."""

from __future__ import annotations

import signal
from pathlib import Path

import pytest

from devtools.ports import free_port
from tests.support.configs import hall_devices_config
from tests.support.notify import NotifySocket
from tests.support.paths import SHIPPED_CONFIG
from tests.support.processes import KIOSK, Running

WATCHDOG_USEC = 2_000_000  # WatchdogSec=2: a ping every second


def test_the_hall_server_tells_systemd_it_is_ready_feeds_the_watchdog_and_says_it_stops(tmp_path: Path) -> None:
    port = free_port()
    command = [KIOSK, "hall", "serve", "--config", SHIPPED_CONFIG / "hall.toml", "--db",
               f"sqlite:///{tmp_path / 'hall.db'}", "--host", "127.0.0.1", "--port", str(port)]  # fmt: skip
    with NotifySocket() as systemd, Running(command, env=systemd.env(WATCHDOG_USEC)) as hall:
        # When the hall is up, systemd hears READY=1, then WATCHDOG=1 again and again
        after_ready = systemd.wait_for("READY=1")
        after_ping = systemd.wait_for("WATCHDOG=1", since=after_ready)
        systemd.wait_for("WATCHDOG=1", since=after_ping)
        # When systemd stops it, it says so before it ends
        hall.stop(signal.SIGTERM).assert_clean(143)
        systemd.wait_for("STOPPING=1", since=after_ping)
    assert systemd.fields()[:2] == ["READY=1", "STATUS=运行中 / running"]


def test_the_hall_server_with_several_workers_is_ready_and_fed_by_its_supervising_process(tmp_path: Path) -> None:
    port = free_port()
    command = [KIOSK, "hall", "serve", "--config", SHIPPED_CONFIG / "hall.toml", "--db",
               f"sqlite:///{tmp_path / 'hall.db'}", "--host", "127.0.0.1", "--port", str(port),
               "--workers", "2"]  # fmt: skip
    with NotifySocket() as systemd, Running(command, env=systemd.env(WATCHDOG_USEC)) as hall:
        after_ready = systemd.wait_for("READY=1")
        after_ping = systemd.wait_for("WATCHDOG=1", since=after_ready)
        systemd.wait_for("WATCHDOG=1", since=after_ping)
        hall.stop(signal.SIGTERM)
        systemd.wait_for("STOPPING=1", since=after_ping)


def test_the_hall_device_controller_tells_systemd_it_is_ready_and_feeds_the_watchdog(tmp_path: Path) -> None:
    # Given the controller driving simulated pads while the hall is away
    config = hall_devices_config(tmp_path, port=free_port(), token="not-checked-while-the-hall-is-away")
    command = [KIOSK, "hall", "devices", "--config", config]
    with NotifySocket() as systemd, Running(command, env=systemd.env(WATCHDOG_USEC)) as controller:
        after_ready = systemd.wait_for("READY=1")
        after_ping = systemd.wait_for("WATCHDOG=1", since=after_ready)
        systemd.wait_for("WATCHDOG=1", since=after_ping)
        controller.stop(signal.SIGTERM).assert_clean(0)
        systemd.wait_for("STOPPING=1", since=after_ping)


@pytest.mark.parametrize("usec", [None, WATCHDOG_USEC])
def test_a_watchdog_meant_for_another_process_or_none_is_never_fed(tmp_path: Path, usec: int | None) -> None:
    config = hall_devices_config(tmp_path, port=free_port(), token="not-checked-while-the-hall-is-away")
    with NotifySocket() as systemd:
        env = systemd.env(usec)
        if usec is not None:
            env["WATCHDOG_PID"] = "1"  # the watchdog is meant for another process
        with Running([KIOSK, "hall", "devices", "--config", config], env=env) as controller:
            controller.out.wait_for("评价器 2 / pad 2")
            systemd.wait_for("READY=1")
            controller.stop(signal.SIGTERM).assert_clean(0)
        assert "WATCHDOG=1" not in systemd.fields()
