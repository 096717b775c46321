"""`kiosk crashes` lists the crash record and `--reset` puts an out-of-service kiosk back in service."""

from __future__ import annotations

from pathlib import Path

import pytest

from common.settings import load_kiosk_config, resolve_data_dir
from kiosk.cli import main
from kiosk.station.crash_record import CrashRecord


def test_it_lists_the_crashes_and_resets(config_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = config_dir / "kiosk.toml"
    data_dir = resolve_data_dir(load_kiosk_config(config).paths.data_dir)
    data_dir.mkdir(parents=True)
    assert main(["crashes", "--config", str(config)]) == 0
    assert "in service" in capsys.readouterr().out
    for _ in range(4):
        CrashRecord(data_dir).start()
    assert main(["crashes", "--config", str(config)]) == 0
    shown = capsys.readouterr().out
    assert shown.count("崩溃 / crash") == 3 and "out of service" in shown
    assert main(["crashes", "--reset", "--config", str(config)]) == 0
    assert "in service at the next start" in capsys.readouterr().out
    assert not CrashRecord(data_dir).out_of_service()
    assert "crash record reset by kiosk crashes --reset" in (data_dir / "logs" / "kiosk.log").read_text("utf-8")
