"""Config files: the shipped ones are valid, and every kind of mistake gets one line naming file and key."""

from __future__ import annotations

from pathlib import Path

import pytest

from common.errors import ConfigError
from common.settings import load_hall_config, load_kiosk_config, resolve_data_dir
from common.settings.loader import default_config_path

GOOD_KIOSK = """
[station]
id = "kiosk-07"
name = "自助机 7"
hall_name = "示例中心"
"""


def problems(path: Path, loader=load_kiosk_config) -> list[str]:
    with pytest.raises(ConfigError) as caught:
        loader(path)
    return caught.value.lines()


def write(tmp_path: Path, text: str, name: str = "kiosk.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_shipped_kiosk_config_is_the_embedded_default(config_dir: Path) -> None:
    config = load_kiosk_config(config_dir / "kiosk.toml")
    assert config.hall.embedded and config.hall.url == "http://127.0.0.1:8700"
    assert {config.devices.printer.url, config.devices.id_reader.url, config.devices.scanner.url} == {"sim://"}
    assert config.paths.data_dir is None


def test_shipped_hall_config_is_valid(config_dir: Path) -> None:
    config = load_hall_config(config_dir / "hall.toml")
    assert [c.prefix for c in config.categories] == ["A", "B", "S", "V", "Y"]
    assert config.windows[0].categories == ["V", "Y", "A"]


def test_a_minimal_kiosk_config_takes_defaults(tmp_path: Path) -> None:
    config = load_kiosk_config(write(tmp_path, GOOD_KIOSK))
    assert config.devices.printer.dots_per_line == 576
    assert config.station.timezone == "Asia/Shanghai"


def test_missing_file_is_named(tmp_path: Path) -> None:
    [line] = problems(tmp_path / "nowhere.toml")
    assert "nowhere.toml" in line and "找不到配置文件" in line and "not found" in line


def test_a_directory_is_not_a_config_file(tmp_path: Path) -> None:
    [line] = problems(tmp_path)
    assert "is a directory" in line


def test_a_file_that_is_not_utf8_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "kiosk.toml"
    path.write_bytes(GOOD_KIOSK.encode("gbk"))
    [line] = problems(path)
    assert "UTF-8" in line and str(path) in line


def test_malformed_toml_names_the_line(tmp_path: Path) -> None:
    [line] = problems(write(tmp_path, GOOD_KIOSK + "\n[logging\nlevel = 'INFO'\n"))
    assert "TOML 语法错误" in line and "line 7" in line


def test_unknown_key_names_the_path_and_the_allowed_keys(tmp_path: Path) -> None:
    [line] = problems(write(tmp_path, GOOD_KIOSK + "[logging]\nlvel = 'DEBUG'\n"))
    assert "logging.lvel" in line and "unknown key" in line
    assert "allowed keys: level, max_bytes, backups" in line and "did you mean 'level'" in line


def test_unknown_table_at_the_top_level(tmp_path: Path) -> None:
    [line] = problems(write(tmp_path, GOOD_KIOSK + "[printer]\nurl = 'sim://'\n"))
    assert ": printer: " in line and "allowed keys: station, hall, paths, logging, devices, ui" in line


def test_missing_required_key(tmp_path: Path) -> None:
    [line] = problems(write(tmp_path, '[station]\nid = "k1"\nname = "x"\n'))
    assert "station.hall_name" in line and "required key is missing" in line


def test_wrong_type_is_not_coerced(tmp_path: Path) -> None:
    [line] = problems(write(tmp_path, GOOD_KIOSK + '[ui]\nidle_timeout_s = "60"\n'))
    assert "ui.idle_timeout_s" in line and "wrong type" in line and "'60'" in line


def test_out_of_range(tmp_path: Path) -> None:
    [line] = problems(write(tmp_path, GOOD_KIOSK + "[ui]\nidle_timeout_s = 5\n"))
    assert "ui.idle_timeout_s" in line and "out of range" in line and "greater than or equal to 15" in line


def test_value_outside_a_fixed_set_lists_the_allowed_ones(tmp_path: Path) -> None:
    [line] = problems(write(tmp_path, GOOD_KIOSK + "[devices.printer]\nchinese = 'bitmap'\n"))
    assert "devices.printer.chinese" in line and "'native' or 'raster'" in line


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("lpt://1", "unknown device URL scheme 'lpt'"),
        ("/dev/ttyUSB0", "has no scheme"),
        ("usb://0416-5011", "usb://VID:PID"),
        ("tcp://10.0.0.5:99999", "port must be 1 to 65535"),
        ("socket://gateway", "has no port"),
        ("serial://", "has no port path"),
        ("serial:///dev/ttyUSB0?baudrate=fast", "baudrate must be an integer"),
        ("camera://0", "not supported by this device"),
        ("file://relative.bin", "absolute path"),
    ],
)
def test_bad_device_urls(tmp_path: Path, url: str, expected: str) -> None:
    [line] = problems(write(tmp_path, GOOD_KIOSK + f"[devices.printer]\nurl = '{url}'\n"))
    assert "devices.printer.url" in line and expected in line


def test_the_filing_code_is_checked_and_defaults_to_the_ids_letters_and_digits(tmp_path: Path) -> None:
    [line] = problems(write(tmp_path, GOOD_KIOSK.replace('id = "kiosk-07"', 'id = "kiosk-07"\ncode = "k-7"')))
    assert "station.code" in line
    assert load_kiosk_config(write(tmp_path, GOOD_KIOSK)).station.filing_code == "KIOSK07"
    coded = GOOD_KIOSK.replace('id = "kiosk-07"', 'id = "kiosk-07"\ncode = "K07"')
    assert load_kiosk_config(write(tmp_path, coded)).station.filing_code == "K07"
    [line] = problems(write(tmp_path, GOOD_KIOSK + "[filings]\nretention_hours = 0\n"))
    assert "filings.retention_hours" in line


def test_paper_width_and_dot_width_must_agree(tmp_path: Path) -> None:
    [line] = problems(write(tmp_path, GOOD_KIOSK + "[devices.printer]\npaper_width_mm = 58\ndots_per_line = 576\n"))
    assert "devices.printer" in line and "dots_per_line for 58 mm paper must be 384" in line


def test_every_problem_gets_its_own_line(tmp_path: Path) -> None:
    lines = problems(write(tmp_path, GOOD_KIOSK + "[ui]\nidle_timeout_s = 1\nfoo = 2\n[logging]\nlevel = 'LOUD'\n"))
    assert len(lines) == 3
    assert all(line.startswith(str(tmp_path / "kiosk.toml")) for line in lines)


def test_embedded_hall_must_be_local(tmp_path: Path) -> None:
    [line] = problems(write(tmp_path, GOOD_KIOSK + "[hall]\nurl = 'http://10.1.1.1:8700'\n"))
    assert "hall" in line and "embedded = false" in line


def test_hall_window_serving_an_unknown_category(tmp_path: Path, config_dir: Path) -> None:
    text = (config_dir / "hall.toml").read_text(encoding="utf-8").replace('categories = ["A"]', 'categories = ["Z"]')
    [line] = problems(write(tmp_path, text, "hall.toml"), load_hall_config)
    assert "window 2 serves unknown categories Z" in line


def test_hall_category_prefix_must_be_one_capital(tmp_path: Path, config_dir: Path) -> None:
    text = (config_dir / "hall.toml").read_text(encoding="utf-8").replace('prefix = "B"', 'prefix = "bb"')
    lines = problems(write(tmp_path, text, "hall.toml"), load_hall_config)
    assert any("categories[1].prefix" in line and "wrong format" in line for line in lines)


def test_opening_hours_are_checked(tmp_path: Path, config_dir: Path) -> None:
    text = (
        (config_dir / "hall.toml").read_text(encoding="utf-8").replace('sat = ["09:00-12:00"]', 'sat = ["12:00-09:00"]')
    )
    [line] = problems(write(tmp_path, text, "hall.toml"), load_hall_config)
    assert "categories[1].hours.sat" in line and "start before end" in line


def test_environment_overrides_the_paths(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KIOSK_CONFIG", str(tmp_path / "elsewhere.toml"))
    assert default_config_path() == tmp_path / "elsewhere.toml"
    monkeypatch.setenv("KIOSK_DATA_DIR", str(tmp_path / "d"))
    assert resolve_data_dir(Path("/from/config")) == tmp_path / "d"
    monkeypatch.delenv("KIOSK_DATA_DIR")
    assert resolve_data_dir(Path("/from/config")) == Path("/from/config")
    assert resolve_data_dir(None).name == "hall-kiosk"


def test_the_document_camera_defaults_to_the_virtual_one(tmp_path: Path, config_dir: Path) -> None:
    for config in (load_kiosk_config(write(tmp_path, GOOD_KIOSK)), load_kiosk_config(config_dir / "kiosk.toml")):
        doccam = config.devices.document_camera
        assert (doccam.url, doccam.jpeg_quality, doccam.even_light) == ("sim://", 75, True)


@pytest.mark.parametrize(
    ("section", "expected"),
    [
        ("url = 'serial:///dev/ttyUSB0'", "not supported by this device"),
        ("url = 'camera://left'", "camera://INDEX"),
        ("jpeg_quality = 100", "less than or equal to 95"),
    ],
)
def test_bad_document_camera_settings_are_named(tmp_path: Path, section: str, expected: str) -> None:
    [line] = problems(write(tmp_path, GOOD_KIOSK + f"[devices.document_camera]\n{section}\n"))
    assert "devices.document_camera" in line and expected in line
