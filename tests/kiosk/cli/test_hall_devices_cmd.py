"""`kiosk hall devices`: one bilingual line and exit 2 for what a technician must fix; a clean stop on Ctrl-C."""

from __future__ import annotations

import re
import signal
import sys
from pathlib import Path

import pytest

from devtools.ports import free_port
from hall.server import build_hall
from hall.tokens import Role, create_token
from kiosk.cli import main
from tests.support.configs import hall_devices_config
from tests.support.hall import MONDAY_10AM, served
from tests.support.paths import REPO
from tests.support.processes import Running

READY_HALL = "大厅 / hall: 已连接 / reachable"
READY_PAD = "评价器 1 / pad 1  窗口 1 / window 1  就绪 ready  显示 / shows: 空闲 idle"


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    """The exit code and what the command itself printed on stderr (log records, which carry a time, left out)."""
    code = main(argv)
    printed = [line for line in capsys.readouterr().err.splitlines() if not re.match(r"^\d{4}-\d\d-\d\dT", line)]
    return code, "\n".join(printed).strip()


def test_a_bad_config_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = hall_devices_config(tmp_path)
    path.write_text(path.read_text(encoding="utf-8").replace("address = 2", "address = 1"), encoding="utf-8")
    code, err = run(["hall", "devices", "--config", str(path)], capsys)
    assert code == 2 and err.count("\n") == 0 and "pad address used twice: 1" in err


def test_no_token_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("KIOSK_PADS_TOKEN", raising=False)
    code, err = run(["hall", "devices", "--config", str(hall_devices_config(tmp_path))], capsys)
    assert code == 2 and err.startswith("缺少评价器令牌 / no pads token") and "\n" not in err


def test_a_missing_port_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = hall_devices_config(tmp_path, pads="serial:///dev/ttyNO-SUCH-PORT", token="hk_x")
    code, err = run(["hall", "devices", "--config", str(path)], capsys)
    assert code == 2 and "评价器总线无法打开 / cannot open the pad bus" in err and "\n" not in err


def test_a_refused_token_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    hall = build_hall(REPO / "config" / "hall.toml", f"sqlite:///{tmp_path / 'hall.db'}", clock=lambda: MONDAY_10AM)
    try:
        port = free_port()
        with served(hall.app, port):
            code, err = run(
                ["hall", "devices", "--config", str(hall_devices_config(tmp_path, port=port, token="hk_no"))], capsys
            )
    finally:
        hall.close()
    assert code == 2 and "大厅拒绝了评价器令牌 / the hall refused the pads token" in err and "\n" not in err


@pytest.mark.shutdown
def test_it_runs_against_simulated_pads_and_stops_cleanly_on_ctrl_c(tmp_path: Path) -> None:
    hall = build_hall(REPO / "config" / "hall.toml", f"sqlite:///{tmp_path / 'hall.db'}", clock=lambda: MONDAY_10AM)
    token = create_token(hall.sessions, "pads", Role.PADS)
    port = free_port()
    command = [
        sys.executable,
        "-m",
        "kiosk",
        "hall",
        "devices",
        "--config",
        str(hall_devices_config(tmp_path, port=port)),
    ]
    try:
        # Both pipes drained all along: its warnings go to stderr, and a full pipe would stall its threads.
        with served(hall.app, port), Running(command, cwd=REPO, env={"KIOSK_PADS_TOKEN": token}) as process:
            process.out.first(READY_HALL)
            process.out.first(READY_PAD)
            stopped = process.stop(signal.SIGINT)
    finally:
        hall.close()
    stopped.assert_clean(0)
    assert "正在停止 / stopping" in stopped.err
    assert "大厅设备控制器 / hall device controller" in stopped.out.splitlines()[0]
