"""The `kiosk` command as a technician meets it: help, config check, and one line instead of a traceback."""

from __future__ import annotations

import argparse
import logging
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from importlib.metadata import EntryPoint
from pathlib import Path
from typing import Any

import pytest

import kiosk.cli as cli
import kiosk.station.services as services_module
from kiosk.cli import main
from kiosk.station.services import open_station_services
from kiosk.store import open_store

KIOSK = Path(sys.executable).with_name("kiosk")


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(KIOSK), *args], capture_output=True, text=True, timeout=60, env=env, check=False)


def test_help_lists_every_subcommand() -> None:
    result = run("--help")
    assert result.returncode == 0
    for name in ("hall", "sim", "device", "config"):
        assert f"\n    {name}" in result.stdout
    assert "Traceback" not in result.stderr


def test_the_touch_ui_adds_run_and_demo_as_a_plugin() -> None:
    assert ("ui", "ui.cli:register") in [(p.name, p.value) for p in cli.command_plugins()]
    pytest.importorskip("ui.cli", reason="the touch UI's commands are not installed yet")
    result = run("--help")
    assert "\n    run" in result.stdout and "\n    demo" in result.stdout


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


def test_config_check_warns_when_phones_cannot_reach_the_qr_codes(
    config_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shipped = (config_dir / "hall.toml").read_text(encoding="utf-8")
    assert main(["config", "check", str(config_dir / "hall.toml")]) == 0  # valid, but phones cannot open 127.0.0.1
    err = capsys.readouterr().err
    assert "http://127.0.0.1:8700" in err and "public_url" in err and "手机" in err
    reachable = tmp_path / "hall.toml"
    reachable.write_text(shipped.replace("[server]\n", '[server]\npublic_url = "https://hall.example.gov.cn"\n', 1))
    assert main(["config", "check", str(reachable)]) == 0
    assert capsys.readouterr().err == ""


def test_config_check_defaults_to_KIOSK_CONFIG(config_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["config", "check"]) == 0
    assert str(config_dir / "kiosk.toml") in capsys.readouterr().out


def test_config_show_prints_defaults_and_resolved_paths(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["config", "show"]) == 0
    out = capsys.readouterr().out
    assert '"dots_per_line": 576' in out and f'"data_dir": "{data_dir}"' in out


# -- command plugins ------------------------------------------------------------------------------------------


def register_hello(commands: Any) -> None:
    hello = commands.add_parser("hello", help="a plugin's command")
    hello.set_defaults(handler=lambda _args: 7)


def register_explosion(_commands: Any) -> None:
    raise RuntimeError("plugin bug")


def plugin(name: str, value: str) -> EntryPoint:
    return EntryPoint(name=name, value=value, group=cli.PLUGIN_GROUP)


def test_plugins_add_commands_and_a_missing_or_broken_one_is_left_out(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    plugins = [
        plugin("absent", "kiosk_not_installed.cli:register"),
        plugin("broken", f"{__name__}:register_explosion"),
        plugin("hello", f"{__name__}:register_hello"),
    ]
    monkeypatch.setattr(cli, "command_plugins", lambda: plugins)
    with caplog.at_level(logging.WARNING, logger="kiosk.cli"):
        assert main(["hello"]) == 7
    err = capsys.readouterr().err
    # The plugin that is not installed is only logged; the broken one is one line for the technician.
    assert err.count("\n") == 1 and "无法加载" in err and "'broken'" in err and "RuntimeError: plugin bug" in err
    assert "kiosk_not_installed" not in err and "Traceback" not in err
    assert any("not installed" in r.getMessage() for r in caplog.records)


def test_a_plugin_needing_a_module_that_is_missing_is_broken_not_absent(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(cli, "command_plugins", lambda: [plugin("needs", "kiosk.cli:_no_such_name")])
    assert main(["config", "check"]) == 0
    assert "'needs'" in capsys.readouterr().err


# -- `kiosk run` start-up errors --------------------------------------------------------------------------------
# `run` belongs to the touch UI (ui/cli.py, a plugin). Its start-up goes through open_station_services, so these
# run the real command when it is installed, else a stand-in that starts the same services and stops.


def _standin_run(commands: Any) -> None:
    def start(args: argparse.Namespace) -> int:
        with open_station_services(args.config or cli_default_config()):
            return 0

    parser = commands.add_parser("run", help="stand-in for the touch UI's run")
    parser.add_argument("--config", type=Path)
    parser.set_defaults(handler=start)


def cli_default_config() -> Path:
    from common.settings import default_config_path  # noqa: PLC0415

    return default_config_path()


@pytest.fixture
def kiosk_run(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    try:
        import ui.cli  # noqa: F401, PLC0415
    except ImportError:
        monkeypatch.setattr(cli, "command_plugins", lambda: [plugin("ui", f"{__name__}:_standin_run")])
    yield


@pytest.mark.usefixtures("kiosk_run")
def test_run_with_a_data_dir_that_cannot_be_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    monkeypatch.setenv("KIOSK_DATA_DIR", str(blocker / "data"))
    assert main(["run"]) == 2
    [line] = capsys.readouterr().err.strip().splitlines()
    assert "数据目录不可写" in line and "data directory is not writable" in line and "KIOSK_DATA_DIR" in line


@pytest.mark.usefixtures("kiosk_run")
def test_run_refuses_a_store_from_a_newer_version(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data_dir.mkdir(parents=True)
    open_store(data_dir).close()
    with sqlite3.connect(data_dir / "kiosk.db") as connection:
        connection.execute("UPDATE alembic_version SET version_num = '0042'")
    connection.close()
    before = (data_dir / "kiosk.db").read_bytes()
    assert main(["run"]) == 2
    [line] = capsys.readouterr().err.strip().splitlines()
    assert "newer version" in line and "nothing was changed" in line
    assert (data_dir / "kiosk.db").read_bytes() == before


@pytest.mark.usefixtures("kiosk_run")
def test_run_with_a_missing_config(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run", "--config", str(tmp_path / "none.toml")]) == 2
    assert "config file not found" in capsys.readouterr().err


@pytest.mark.usefixtures("kiosk_run")
def test_an_unexpected_error_is_one_line_and_logged(
    monkeypatch: pytest.MonkeyPatch, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    def explode(_path: Path, _prepared: object = None) -> None:
        raise OSError("disk on fire")

    monkeypatch.setattr(services_module, "prepare_station", explode)
    assert main(["run"]) == 1
    err = capsys.readouterr().err
    assert "internal error: OSError: disk on fire" in err and "Traceback" not in err
