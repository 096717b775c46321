"""A damaged config file: one bilingual line naming the file and the line; with a copy kept at the last good
start, the start goes on from that copy with a loud warning; the copy is 0600 whatever the umask."""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from common.errors import ConfigError
from common.settings import load_hall_config, load_kiosk_config
from common.settings.last_good import last_good_path, load_keeping_last_good
from common.settings.loader import load_hall_devices_config, shipped_config_dir
from tests.support.configs import hall_devices_config

Loader = Callable[[Path], Any]


def truncate(path: Path) -> None:
    """What a power cut during an editor's save leaves: the file cut in the middle of a line."""
    text = path.read_text(encoding="utf-8")
    cut = text.index("\n", len(text) // 2) + 1
    path.write_text(text[:cut] + 'url = "http://127.', encoding="utf-8")


def garble(path: Path) -> None:
    data = path.read_bytes()
    middle = data.index(b"\n", len(data) // 2) + 1
    path.write_bytes(data[:middle] + b"\xff\xfe\x00garbage\x9c\n" + data[middle:])


def line_of_the_damage(path: Path) -> int:
    data = path.read_bytes()
    return data[: data.index(b"\n", len(data) // 2) + 1].count(b"\n") + 1


@pytest.fixture(params=["kiosk", "hall", "hall-devices"])
def config(request: pytest.FixtureRequest, config_dir: Path, tmp_path: Path) -> tuple[Path, Loader]:
    if request.param == "hall-devices":
        return hall_devices_config(tmp_path), load_hall_devices_config
    loaders: dict[str, Loader] = {"kiosk": load_kiosk_config, "hall": load_hall_config}
    return config_dir / f"{request.param}.toml", loaders[request.param]


@pytest.mark.parametrize("damage", [truncate, garble])
def test_a_damaged_file_is_one_line_naming_the_file_and_the_line(
    config: tuple[Path, Loader], damage: Callable[[Path], None]
) -> None:
    path, load = config
    line = line_of_the_damage(path)
    damage(path)
    with pytest.raises(ConfigError) as caught:
        load_keeping_last_good(path, load)  # no copy kept yet: the start stops, as before
    [message] = caught.value.lines()
    assert message.startswith(f"{path}: ") and "\n" not in message
    chinese, english = message.removeprefix(f"{path}: ").split(" / ", 1)
    assert any("\u4e00" <= char <= "\u9fff" for char in chinese) and english.isascii()
    assert f"line {line}" in message or f"line {line + 1}" in message  # the cut line, or the one it ran into


@pytest.mark.parametrize("damage", [truncate, garble])
def test_a_damaged_file_starts_from_the_last_good_copy_with_a_loud_warning(
    config: tuple[Path, Loader], damage: Callable[[Path], None]
) -> None:
    path, load = config
    good, warning = load_keeping_last_good(path, load)
    assert warning is None and last_good_path(path).read_bytes() == path.read_bytes()
    damage(path)
    again, warning = load_keeping_last_good(path, load)
    assert again == good
    assert warning is not None and warning.startswith(f"{path}: 配置文件无法使用，已按上次成功启动时的副本运行")
    assert str(last_good_path(path)) in warning and "running from the copy kept at the last good start" in warning
    assert "line" in warning  # the problem itself, as `kiosk config check` says it
    assert b"garbage" in path.read_bytes() or path.read_text().endswith('"http://127.')  # the file is left alone
    # Fixed: the next start takes the file again, and keeps it as the new copy.
    path.write_bytes(last_good_path(path).read_bytes().replace(b"\n", b"\n\n", 1))
    fixed, warning = load_keeping_last_good(path, load)
    assert fixed == good and warning is None and last_good_path(path).read_bytes() == path.read_bytes()


def test_the_copy_is_private_whatever_the_umask(config_dir: Path) -> None:
    path = config_dir / "kiosk.toml"  # it holds the technician PIN's hash
    old = os.umask(0o022)
    try:
        load_keeping_last_good(path, load_kiosk_config)
    finally:
        os.umask(old)
    assert stat.S_IMODE(last_good_path(path).stat().st_mode) == 0o600


def test_the_shipped_files_get_no_copy() -> None:
    path = shipped_config_dir() / "hall.toml"
    load_keeping_last_good(path, load_hall_config)
    assert not last_good_path(path).exists()


def test_a_copy_that_is_damaged_too_is_not_used(config_dir: Path) -> None:
    path = config_dir / "kiosk.toml"
    load_keeping_last_good(path, load_kiosk_config)
    truncate(path)
    garble(last_good_path(path))
    with pytest.raises(ConfigError) as caught:
        load_keeping_last_good(path, load_kiosk_config)
    assert caught.value.message.startswith(f"{path}: ")  # the file's own problem, not the copy's


def test_a_file_cut_at_a_line_end_that_still_parses_is_taken_for_damaged(config: tuple[Path, Loader]) -> None:
    path, load = config
    good, _ = load_keeping_last_good(path, load)
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(lines[:3]), encoding="utf-8")  # what is left may parse, with defaults for the rest
    again, warning = load_keeping_last_good(path, load)
    assert again == good
    assert warning is not None and "第 3 行后被截断 / cut short: the file ends at line" in warning
