"""`kiosk hall disclosure seed FILE`: the shipped sample notices published once, recorded in the audit log; a file
with a mistake names the file and the notice, and publishes nothing."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from hall.attachments import AttachmentStore
from hall.audit import AuditLog
from hall.disclosure import NoticeBoard
from hall.server import open_database
from kiosk.cli import main
from tests.support.paths import SHIPPED_CONFIG


def published(db: str, tmp_path: Path) -> tuple[list[str], list[str]]:
    """The titles published and the audit log's actions."""
    _config, engine, sessions = open_database(SHIPPED_CONFIG / "hall.toml", db)
    try:
        board = NoticeBoard(sessions, AttachmentStore(tmp_path / "files"), lambda: datetime.now(UTC))
        return [n.title for n in board.published()], [e.action for e in AuditLog(sessions).all()]
    finally:
        engine.dispose()


def test_the_samples_are_published_once(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = f"sqlite:///{tmp_path / 'hall.db'}"
    samples = SHIPPED_CONFIG / "disclosure" / "samples.toml"
    args = ["hall", "disclosure", "seed", str(samples), "--config", str(SHIPPED_CONFIG / "hall.toml"), "--db", db]
    assert main(args) == 0
    assert "4 条已发布" in capsys.readouterr().out
    assert main(args) == 0
    assert "0 条已发布，4 条已存在" in capsys.readouterr().out
    titles, actions = published(db, tmp_path)
    assert len(titles) == 4 and all("（示例）" in title for title in titles)
    assert actions == ["disclosure.seed", "disclosure.seed"]


def test_a_file_with_a_mistake_publishes_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    broken = tmp_path / "notices.toml"
    good = '[[notices]]\nkind = "notice"\ntitle = "好的"\nissuer = "某局"\ndate = 2026-11-01\nbody = "正文"\n'
    bad = '[[notices]]\nkind = "rumour"\ntitle = "坏的"\nissuer = "某局"\ndate = 2026-11-01\nbody = "x"\n'
    broken.write_text(good + bad, encoding="utf-8")
    db = f"sqlite:///{tmp_path / 'hall.db'}"
    assert main(["hall", "disclosure", "seed", str(broken), "--db", db]) == 2
    error = capsys.readouterr().err
    assert "notices.toml, notice 2" in error and "kind" in error
    assert published(db, tmp_path) == ([], [])
