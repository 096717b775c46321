"""The `kiosk` command as a technician meets it: help, config check, and one line instead of a traceback."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

import kiosk.cli.run_cmd as run_cmd
from kiosk.cli import main

KIOSK = Path(sys.executable).with_name("kiosk")


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(KIOSK), *args], capture_output=True, text=True, timeout=60, env=env, check=False)


def test_help_lists_every_subcommand() -> None:
    result = run("--help")
    assert result.returncode == 0
    for name in ("run", "demo", "hall", "sim", "device", "config"):
        assert f"\n    {name}" in result.stdout


def test_config_check_passes_the_shipped_file(config_dir: Path) -> None:
    result = run("config", "check", str(config_dir / "kiosk.toml"))
    assert result.returncode == 0, result.stderr
    assert "kiosk config is valid" in result.stdout


def test_config_check_fails_on_a_broken_file_naming_the_key(tmp_path: Path, config_dir: Path) -> None:
    broken = tmp_path / "broken.toml"
    text = (config_dir / "kiosk.toml").read_text(encoding="utf-8")
    broken.write_text(
        text.replace('url = "sim://"              # serial:///dev/ttyUSB0?baudrate=115200 | usb', 'url = "lpt://1" #')
    )
    result = run("config", "check", str(broken))
    assert result.returncode == 2
    assert "devices.printer.url" in result.stderr and "unknown device URL scheme 'lpt'" in result.stderr
    assert "Traceback" not in result.stderr


def test_config_check_picks_the_hall_model_by_name(config_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["config", "check", str(config_dir / "hall.toml")]) == 0
    assert "hall config is valid" in capsys.readouterr().out
    assert main(["config", "check", "--kind", "kiosk", str(config_dir / "hall.toml")]) == 2
    assert "station: " in capsys.readouterr().err


def test_config_check_defaults_to_KIOSK_CONFIG(config_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["config", "check"]) == 0
    assert str(config_dir / "kiosk.toml") in capsys.readouterr().out


def test_config_show_prints_defaults_and_resolved_paths(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["config", "show"]) == 0
    out = capsys.readouterr().out
    assert '"dots_per_line": 576' in out and f'"data_dir": "{data_dir}"' in out


def test_run_with_a_data_dir_that_cannot_be_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    monkeypatch.setenv("KIOSK_DATA_DIR", str(blocker / "data"))
    assert main(["run"]) == 2
    [line] = capsys.readouterr().err.strip().splitlines()
    assert "数据目录不可写" in line and "data directory is not writable" in line and "KIOSK_DATA_DIR" in line


def test_run_refuses_a_store_from_a_newer_version(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run"]) == 2  # creates the store; the UI is not part of this version yet
    capsys.readouterr()
    with sqlite3.connect(data_dir / "kiosk.db") as connection:
        connection.execute("UPDATE alembic_version SET version_num = '0007'")
    connection.close()
    before = (data_dir / "kiosk.db").read_bytes()
    assert main(["run"]) == 2
    [line] = capsys.readouterr().err.strip().splitlines()
    assert "newer version" in line and "nothing was changed" in line
    assert (data_dir / "kiosk.db").read_bytes() == before


def test_run_with_a_missing_config(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run", "--config", str(tmp_path / "none.toml")]) == 2
    assert "config file not found" in capsys.readouterr().err


@pytest.mark.parametrize("command", ["demo"])
def test_commands_of_later_versions_say_so(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([command]) == 2
    assert "not yet available" in capsys.readouterr().err


def test_an_unexpected_error_is_one_line_and_logged(
    monkeypatch: pytest.MonkeyPatch, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    def explode(_path: Path) -> None:
        raise OSError("disk on fire")

    monkeypatch.setattr(run_cmd, "prepare_station", explode)
    assert main(["run"]) == 1
    err = capsys.readouterr().err
    assert "internal error: OSError: disk on fire" in err and "Traceback" not in err
