"""The demo day (`kiosk hall web-demo`, devtools/hall_web_shots.py): on SQLite and PostgreSQL it leaves the queue,
filings and ratings it promises, through the hall's own code; it never writes into a hall that has data."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from hall.demo_day import STAFF_TOKEN, SUPERVISOR_TOKEN, DemoClock, DemoRefused, fill_demo_day
from hall.filings import Filing
from hall.ratings import FollowUp, Rating
from hall.tokens import token_cache
from kiosk.cli import main
from tests.support.hall import open_hall

MORNING = datetime(2026, 11, 23, 10, 40, tzinfo=ZoneInfo("Asia/Shanghai"))


def test_the_demo_day_leaves_what_it_promises(hall_db_url: str) -> None:
    clock = DemoClock(MORNING)
    with open_hall(hall_db_url, clock) as hall:
        summary = fill_demo_day(hall, clock, MORNING)
        assert (summary.waiting, summary.serving, summary.completed_today, summary.missed_today) == (6, 2, 7, 1)
        assert summary.paused_windows == [3] and summary.skipped_closed == 0 and summary.tickets_before == 48
        with hall.sessions() as session:
            statuses = dict(session.execute(select(Filing.status, func.count()).group_by(Filing.status)).all())
            levels = dict(session.execute(select(Rating.level, func.count()).group_by(Rating.level)).all())
            follow_ups = list(session.scalars(select(FollowUp)))
            comments = list(session.scalars(select(Rating.comment).where(Rating.level <= 2)))
        assert statuses == {"submitted": 3, "accepted": 3, "materials_requested": 1, "rejected": 1, "completed": 2}
        assert statuses == summary.filings
        assert set(levels) == {1, 2, 3, 4, 5} and levels == summary.ratings and levels[5] > sum(levels.values()) / 2
        assert len(follow_ups) == levels[1] + levels[2] and sum(f.status == "closed" for f in follow_ups) == 1
        assert any(f.due_date < MORNING.date() and f.status == "open" for f in follow_ups)  # one overdue
        assert all(comments)  # each bad rating says why, one with markup that pages must show as text
        assert any("<b>" in c for c in comments if c)
        cache = token_cache(hall.sessions)
        for name, role in ((STAFF_TOKEN, "staff"), (SUPERVISOR_TOKEN, "supervisor")):
            caller = cache.caller_of(summary.tokens[name])
            assert caller is not None and caller.role == role
        with pytest.raises(DemoRefused):
            fill_demo_day(hall, clock, MORNING)


def test_the_command_fills_an_empty_hall_once(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = f"sqlite:///{tmp_path / 'hall.db'}"
    assert main(["hall", "web-demo", "--db", db]) == 0
    out = capsys.readouterr().out
    assert "申报 filings: accepted 3, completed 2, materials_requested 1, rejected 1, submitted 3" in out
    assert f"令牌 token {SUPERVISOR_TOKEN}: hk_" in out and f"令牌 token {STAFF_TOKEN}: hk_" in out
    assert main(["hall", "web-demo", "--db", db]) == 2
    assert "只能写入空的大厅数据库" in capsys.readouterr().err
