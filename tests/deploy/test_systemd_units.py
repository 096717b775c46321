"""The systemd units of deploy/systemd/ pass `systemd-analyze verify` without a single warning, and say what
docs/deploy.md promises: notify with the watchdog, restarts, a dedicated user, hardening that leaves the serial
and USB devices reachable.

`verify` checks that ExecStart's program exists, so it runs on copies whose /opt/kiosk and X paths point at
programs of this machine; the units are otherwise verified as shipped."""

from __future__ import annotations

import configparser
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.paths import REPO

UNITS = REPO / "deploy" / "systemd"
SERVICES = ("kiosk-station", "kiosk-hall", "kiosk-hall-devices")  # the three long-running commands
SYSTEMD_ANALYZE = shutil.which("systemd-analyze")
# What exists on the target but not on a build machine, and a program of this machine that stands in for it.
STAND_INS = {
    "/opt/kiosk/venv/bin/kiosk": str(Path(sys.executable).with_name("kiosk")),
    "/usr/lib/xorg/Xorg": "/bin/true",
    "/usr/bin/xset": "/bin/true",
    "/usr/bin/xauth": "/bin/true",
    "/usr/bin/mcookie": "/bin/true",
}


def unit_files() -> list[Path]:
    return sorted([*UNITS.glob("*.service"), *UNITS.glob("*.timer")])


def read_unit(path: Path) -> configparser.RawConfigParser:
    """A unit's sections; a key given more than once (DeviceAllow=) keeps its last value here."""
    parser = configparser.RawConfigParser(strict=False, delimiters=("=",), comment_prefixes=("#", ";"))
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read(path, encoding="utf-8")
    return parser


def values(path: Path, key: str) -> list[str]:
    """Every value of ``key`` in the unit, in order (keys like DeviceAllow= may repeat)."""
    prefix = f"{key}="
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line[len(prefix) :] for line in lines if line.startswith(prefix)]


def test_every_unit_is_there() -> None:
    names = {path.name for path in unit_files()}
    assert {f"{name}.service" for name in SERVICES} <= names
    assert {"kiosk-display.service", "kiosk-hall-backup.service", "kiosk-hall-backup.timer"} <= names


@pytest.mark.e2e
@pytest.mark.skipif(SYSTEMD_ANALYZE is None, reason="systemd-analyze is not installed")
@pytest.mark.parametrize("unit", [path.name for path in unit_files()])
def test_systemd_analyze_verifies_the_unit_without_a_warning(unit: str, tmp_path: Path) -> None:
    # Given every unit copied side by side (kiosk-station requires kiosk-display), paths standing in
    for path in unit_files():
        text = path.read_text(encoding="utf-8")
        for target, stand_in in STAND_INS.items():
            text = text.replace(target, stand_in)
        (tmp_path / path.name).write_text(text, encoding="utf-8")
    assert SYSTEMD_ANALYZE is not None
    result = subprocess.run(
        [SYSTEMD_ANALYZE, "verify", "--man=no", str(tmp_path / unit)],
        capture_output=True, text=True, timeout=120, check=False, cwd=tmp_path,
    )  # fmt: skip
    # Then it passes, and prints nothing at all: an unknown key is only a warning to systemd, a fault here
    assert (result.returncode, result.stdout + result.stderr) == (0, "")


@pytest.mark.parametrize("name", SERVICES)
def test_each_service_is_notify_watched_restarted_and_run_by_the_kiosk_user(name: str) -> None:
    path = UNITS / f"{name}.service"
    service = read_unit(path)["Service"]
    assert service["Type"] == "notify"
    assert service["NotifyAccess"] == "main"
    assert int(service["WatchdogSec"]) > 0
    assert service["Restart"] == "always"
    assert float(service["RestartSec"]) > 0
    assert service["User"] == service["Group"] == "kiosk"
    for hardening in ("NoNewPrivileges", "ProtectHome", "PrivateTmp"):
        assert service[hardening] == "yes", hardening
    assert service["ProtectSystem"] == "strict"
    # the data dir is the one place it writes, and systemd makes it for the user
    data_dir = next(v.split("=", 1)[1] for v in values(path, "Environment") if v.startswith("KIOSK_DATA_DIR="))
    assert data_dir in values(path, "ReadWritePaths")
    assert f"/var/lib/{service['StateDirectory']}" == data_dir
    assert values(path, "ExecStart")[0].startswith("/opt/kiosk/venv/bin/kiosk ")
    assert "--config /etc/kiosk/" in values(path, "ExecStart")[0]


def test_systemd_never_gives_up_on_the_kiosk() -> None:
    # The kiosk shows its out-of-service screen after three crashes in ten minutes; systemd keeps starting it
    assert read_unit(UNITS / "kiosk-station.service")["Unit"]["StartLimitIntervalSec"] == "0"


@pytest.mark.parametrize("name", ["kiosk-station", "kiosk-hall-devices"])
def test_the_device_side_services_reach_serial_and_usb_devices(name: str) -> None:
    path = UNITS / f"{name}.service"
    service = read_unit(path)["Service"]
    assert "dialout" in service["SupplementaryGroups"].split()
    assert service.get("PrivateDevices", "no") == "no"  # it would hide /dev/ttyUSB*
    allowed = {value.split()[0] for value in values(path, "DeviceAllow")}
    assert {"char-ttyUSB", "char-ttyACM"} <= allowed
    assert all(value.endswith(" rw") for value in values(path, "DeviceAllow"))


def test_the_hall_server_needs_no_device() -> None:
    assert read_unit(UNITS / "kiosk-hall.service")["Service"]["PrivateDevices"] == "yes"


def test_the_backup_runs_from_a_timer() -> None:
    timer = read_unit(UNITS / "kiosk-hall-backup.timer")
    assert timer["Timer"]["OnCalendar"]
    assert timer["Timer"]["Persistent"] == "true"
    assert "kiosk hall backup" in values(UNITS / "kiosk-hall-backup.service", "ExecStart")[0]
