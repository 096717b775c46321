"""`kiosk hall backup DIR` and `kiosk hall restore DIR` as a technician runs them: what each prints, and the
refusals (a hall not empty, a hall still serving, no backup there) with what to do."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from devtools.ports import free_port
from kiosk.cli import main
from tests.support.filings import filing_api
from tests.support.hall import open_hall, sqlite_url


@pytest.fixture
def hall_toml(isolated_station: Path) -> Iterator[Path]:
    """The test's copy of hall.toml, on a port of its own (the restore checks nothing answers there)."""
    path = isolated_station / "hall.toml"
    path.write_text(path.read_text(encoding="utf-8").replace("port = 8700", f"port = {free_port()}"), "utf-8")
    yield path


def test_backup_then_restore_into_a_fresh_hall(
    hall_toml: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "hall").mkdir()
    db = sqlite_url(tmp_path / "hall")
    with open_hall(db) as hall, filing_api(hall) as api:
        api.filed(1)
    backups = tmp_path / "backups"
    assert main(["hall", "backup", str(backups), "--config", str(hall_toml), "--db", db]) == 0
    out, err = capsys.readouterr()
    assert out.startswith(f"备份完成 / backup written: {backups}/") and "(sqlite, schema 00" in out
    assert "1 filings" in out
    assert "备份里有大厅的密钥" in err and "keep it as safe as the hall server itself" in err

    restore = ["hall", "restore", str(backups), "--config", str(hall_toml)]
    assert main([*restore, "--db", db]) == 2
    err = capsys.readouterr().err
    assert err.startswith("恢复失败 / restore failed: 目标大厅不是空的，没有做任何改动 / the target hall is not empty")
    assert "or add --force to replace all of its data with the backup" in err

    monkeypatch.setenv("KIOSK_DATA_DIR", str(tmp_path / "fresh"))
    (tmp_path / "fresh").mkdir()
    assert main([*restore, "--db", sqlite_url(tmp_path / "fresh")]) == 0
    out = capsys.readouterr().out
    assert out.startswith("恢复完成 / restored: ") and "the kiosks send again what they delivered after" in out


def test_a_hall_still_serving_or_no_backup_is_refused(
    hall_toml: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "hall").mkdir()
    db = sqlite_url(tmp_path / "hall")
    with open_hall(db):
        pass
    assert main(["hall", "backup", str(tmp_path / "backups"), "--config", str(hall_toml), "--db", db]) == 0
    port = int(hall_toml.read_text(encoding="utf-8").split("port = ", 1)[1].split()[0])
    fresh = ["--config", str(hall_toml), "--db", sqlite_url(tmp_path)]
    with socket.create_server(("127.0.0.1", port)):  # something answers at the hall's address
        assert main(["hall", "restore", str(tmp_path / "backups"), *fresh]) == 2
    err = capsys.readouterr().err
    assert (
        "大厅服务还在运行" in err
        and f"the hall is still serving (127.0.0.1:{port} answers): stop every hall server process" in err
    )
    assert main(["hall", "restore", str(tmp_path / "nowhere"), *fresh]) == 2
    assert "恢复失败 / restore failed: 备份目录不存在 / there is no backup directory" in capsys.readouterr().err
