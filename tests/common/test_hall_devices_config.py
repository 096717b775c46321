"""hall-devices.toml: the shipped file is valid, defaults are filled in, and each mistake is one bilingual line."""

from __future__ import annotations

from pathlib import Path

import pytest

from common.errors import ConfigError
from common.settings.loader import ConfigKind, guess_kind, load_hall_devices_config
from kiosk.cli import main

MINIMAL = """
[[pads.pad]]
address = 1
window = 1
staff = "1001"
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "hall-devices.toml"
    path.write_text(text, encoding="utf-8")
    return path


def problem(tmp_path: Path, text: str) -> str:
    with pytest.raises(ConfigError) as caught:
        load_hall_devices_config(write(tmp_path, text))
    return caught.value.lines()[0]


def test_the_shipped_file_drives_three_simulated_pads_and_displays(config_dir: Path) -> None:
    config = load_hall_devices_config(config_dir / "hall-devices.toml")
    assert config.pads.url == "sim://?count=3" and [p.window for p in config.pads.pad] == [1, 2, 3]
    assert config.displays.windows == {1: 1, 2: 2, 3: 3}
    assert guess_kind(config_dir / "hall-devices.toml") is ConfigKind.HALL_DEVICES


def test_a_minimal_file_takes_the_defaults(tmp_path: Path) -> None:
    config = load_hall_devices_config(write(tmp_path, MINIMAL))
    assert (config.pads.rating_timeout_s, config.pads.thanks_s, config.pads.reason_keys) == (30, 3, False)
    assert (config.voice.backend, config.voice.repeats, config.hall.url) == ("espeak", 2, "http://127.0.0.1:8700")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (MINIMAL + MINIMAL, "pad address used twice: 1"),
        (MINIMAL.replace("address = 1", "address = 33"), "pads.pad[0].address: 超出范围 / out of range"),
        (MINIMAL.replace('"1001"', '"工号1"'), "pads.pad[0].staff: 格式不对 / wrong format"),
        ('[pads]\nurl = "sim://?count=2"\n' + MINIMAL.replace("address = 1", "address = 3"), "pads 1 to 2 only"),
        ('[pads]\nurl = "usb://0x1:0x2"\n' + MINIMAL, "scheme 'usb' is not supported"),
        ("[voice]\nquiet_hours = ['22:00-25:00']\n" + MINIMAL, "quiet hours must be HH:MM-HH:MM"),
        ("[displays]\nwindows = { one = 1 }\n" + MINIMAL, "window number must be digits"),
        ("[displays]\nwindows = { 1 = 1, 2 = 1 }\n" + MINIMAL, "display address used twice: 1"),
        ('[hall]\nurl = "ftp://x"\n' + MINIMAL, "hall url must be http(s)://host:port"),
        ("[pads]\nratng_timeout_s = 5\n" + MINIMAL, "did you mean 'rating_timeout_s'?"),
        ("", "pads: 缺少必填项 / required key is missing"),
    ],
)
def test_mistakes_name_the_key(tmp_path: Path, text: str, expected: str) -> None:
    line = problem(tmp_path, text)
    assert expected in line and "hall-devices.toml" in line


def test_quiet_hours_may_span_midnight(tmp_path: Path) -> None:
    config = load_hall_devices_config(write(tmp_path, "[voice]\nquiet_hours = ['22:00-07:00']\n" + MINIMAL))
    assert config.voice.quiet_hours == ["22:00-07:00"]


def test_config_check_knows_the_kind(config_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["config", "check", str(config_dir / "hall-devices.toml"), "--kind", "hall-devices"]) == 0
    assert "hall-devices config is valid" in capsys.readouterr().out
    assert main(["config", "check", str(write(tmp_path, MINIMAL + MINIMAL))]) == 2
    assert "pad address used twice" in capsys.readouterr().err
