"""`kiosk hall serve` and `kiosk hall devices` with their config file damaged after a good start (cut short by a
power cut, garbage bytes): each starts from the copy kept at the last good start, says so in one bilingual line
naming the file and the line, and takes the file again once it is fixed; without a copy, one line and exit 2."""

from __future__ import annotations

import shutil
import signal
from pathlib import Path

import httpx

from devtools.ports import free_port
from tests.support.configs import hall_devices_config
from tests.support.processes import KIOSK, Running

FALLBACK = "配置文件无法使用，已按上次成功启动时的副本运行"


def cut_short(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    path.write_text(text[: text.index("\n", len(text) // 2) + 1] + "timeout_s = 2.", encoding="utf-8")


def garble(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2] + b"\x00\xff\x9c\x00" + data[len(data) // 2 :])


def answers(url: str) -> bool:
    try:
        return httpx.get(url, timeout=2).status_code == 200
    except httpx.HTTPError:
        return False


def serve(config: Path, tmp_path: Path) -> tuple[list[str | Path], str]:
    port = free_port()
    database = f"sqlite:///{tmp_path / 'hall.db'}"
    command: list[str | Path] = [KIOSK, "hall", "serve", "--config", config, "--db", database,
                                 "--host", "127.0.0.1", "--port", str(port)]  # fmt: skip
    return command, f"http://127.0.0.1:{port}/api/v1/health"


def start_hall(config: Path, tmp_path: Path) -> str:
    """The hall up and stopped again; what it printed on stderr."""
    command, health = serve(config, tmp_path)
    with Running(command) as hall:
        hall.wait_until(lambda: answers(health), "health answer")
        stopped = hall.stop(signal.SIGTERM)
    stopped.assert_clean(143)
    return stopped.err


def start_controller(config: Path) -> str:
    with Running([KIOSK, "hall", "devices", "--config", config]) as controller:
        controller.out.wait_for("评价器 2 / pad 2")
        stopped = controller.stop(signal.SIGTERM)
    stopped.assert_clean(0)
    return stopped.err


def test_the_hall_server_starts_from_the_last_good_copy(config_dir: Path, tmp_path: Path) -> None:
    config = config_dir / "hall.toml"
    assert FALLBACK not in start_hall(config, tmp_path)
    cut_short(config)
    err = start_hall(config, tmp_path)
    [line] = [line for line in err.splitlines() if FALLBACK in line]
    assert f"{config}: {FALLBACK}" in line and f"{config.parent / '.hall.toml.last-good'}" in line
    assert "行" in line and "line " in line  # where the damage is, in both languages
    shutil.copy(config_dir / ".hall.toml.last-good", config)  # fixed by the technician
    assert FALLBACK not in start_hall(config, tmp_path)


def test_the_hall_device_controller_starts_from_the_last_good_copy(tmp_path: Path) -> None:
    config = hall_devices_config(tmp_path, port=free_port(), token="not-checked-while-the-hall-is-away")
    assert FALLBACK not in start_controller(config)
    garble(config)
    err = start_controller(config)
    assert sum(FALLBACK in line for line in err.splitlines()) == 1 and "line " in err


def test_without_a_copy_a_damaged_file_is_one_line_and_exit_2(config_dir: Path, tmp_path: Path) -> None:
    config = config_dir / "hall.toml"
    cut_short(config)
    command, _health = serve(config, tmp_path)
    with Running(command) as hall:
        code = hall.process.wait(timeout=60)
        err = hall.err.rest()
    assert code == 2 and "Traceback" not in err
    [line] = err.strip().splitlines()
    assert line.startswith(f"{config}: 第 ") and "TOML 语法错误 / TOML syntax error" in line and "line " in line
