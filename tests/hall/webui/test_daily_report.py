"""The daily report on SQLite and PostgreSQL: a known day's queue, filings, ratings and warnings on the page, in
its CSV and XLSX, and from `kiosk hall supervision summary`; a wrong day told beside the field."""

from __future__ import annotations

import csv
import io
import uuid

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook

from hall.server import Hall
from hall.supervision import Supervision
from hall.tokens import Role, create_token
from kiosk.cli import main
from tests.support.browser import signed_in_client
from tests.support.clocks import FrozenClock
from tests.support.filings import filing_api
from tests.support.paths import SHIPPED_CONFIG

DAY = "2026-11-23"


def auth(hall: Hall, role: Role) -> dict[str, str]:
    return {"Authorization": f"Bearer {create_token(hall.sessions, f'{role.value}-{uuid.uuid4().hex[:6]}', role)}"}


def a_day(hall: Hall, clock: FrozenClock) -> None:
    """Monday 10:00-10:55: A — three numbers called after 20, 40 and 40 minutes, two served, one no-show;
    three filings (one accepted, one rejected); two ratings (5 and 2); window 3 paused for 55 minutes."""
    queue = hall.queue
    pads = auth(hall, Role.PADS)
    queue.pause(3, True)
    first = queue.take_number("A", "kiosk").ticket
    clock.advance(minutes=5)
    queue.take_number("A", "kiosk")
    clock.advance(minutes=5)
    queue.take_number("A", "kiosk")
    clock.advance(minutes=10)  # 10:20
    assert queue.call_next(2) is not None
    clock.advance(minutes=25)  # 10:45: the second waited 40 minutes
    second = queue.call_next(2)  # completes the first
    clock.advance(minutes=5)  # 10:50: the third waited 40 minutes
    assert second is not None and queue.call_next(2) is not None
    queue.no_show(2)
    with filing_api(hall) as api, TestClient(hall.app) as client:
        api.filed(1)
        accepted, rejected = api.filed(2), api.filed(3)
        assert api.act(accepted["id"], "accept").status_code == 200
        assert api.act(rejected["id"], "reject", {"reason": "不符合条件"}).status_code == 200
        good = {"ticket_id": str(first.id), "level": 5, "channel": "pad"}
        bad = {"ticket_id": str(second.id), "level": 2, "channel": "pad", "reasons": ["办理时间过长"]}
        for body in (good, bad):
            assert client.post("/api/v1/ratings", json=body, headers=pads).status_code == 201
    clock.advance(minutes=5)  # 10:55
    supervision: Supervision = hall.app.state.supervision
    supervision.sweep()


def test_the_page_and_its_exports_show_the_day(hall: Hall, clock: FrozenClock, supervisor_token: str) -> None:
    a_day(hall, clock)
    with TestClient(hall.app) as client:
        signed_in_client(client, supervisor_token)
        page = client.get(f"/web/report?day={DAY}")
        assert page.status_code == 200
        text = page.text
        assert "日报" in text and 'id="print"' in text and "window.print()" in text
        assert 'href="/web/report" class="here"' in text
        rows = {
            (row[0], row[1]): row[2]
            for row in csv.reader(io.StringIO(client.get(f"/web/report?day={DAY}&format=csv").text.lstrip("\ufeff")))
        }
        queue_a = next(section for section, _ in rows if section.startswith("排队") and "(A)" in section)
        assert rows[(queue_a, "取号 Issued")] == "3" and rows[(queue_a, "已办 Served")] == "2"
        assert rows[(queue_a, "过号/未到 Missed")] == "1"
        assert rows[(queue_a, "平均等候（分钟） Average wait (min)")] == "33.3"
        assert rows[(queue_a, "最长等候（分钟） Longest wait (min)")] == "40.0"
        assert rows[("申报 Filings", "收到 Received")] == "3" and rows[("申报 Filings", "受理 Accepted")] == "1"
        assert rows[("申报 Filings", "不予受理 Rejected")] == "1" and rows[("申报 Filings", "办结 Completed")] == "0"
        assert rows[("好差评 Ratings", "评价数 Ratings")] == "2"
        assert rows[("好差评 Ratings", "满意率 Satisfaction rate")] == "50.0%"
        paused = "预警 窗口暂停 / Warnings: Window paused"
        assert rows[(paused, "当日产生 Raised")] == "1" and rows[(paused, "其中红色 Red")] == "1"
        assert rows[(paused, "仍未处理 Still open")] == "1"
        xlsx = client.get(f"/web/report?day={DAY}&format=xlsx")
        assert xlsx.headers["content-disposition"].startswith('attachment; filename="hall-report-2026-11-23.xlsx"')
        sheet = load_workbook(io.BytesIO(xlsx.content)).active
        assert sheet is not None
        values = [[cell.value for cell in row] for row in sheet.iter_rows()]
        assert values[0] == ["部分 Section", "项目 Item", "数值 Value"]
        assert ["好差评 Ratings", "满意率 Satisfaction rate", "50.0%"] in values


@pytest.mark.parametrize(
    ("query", "status", "words"),
    [
        ("day=2026-13-01", 422, "请按 年-月-日 填写日期"),
        ("day=2027-01-01", 422, "请选择 2000-01-01 至今天"),
        ("day=2026-11-23&format=pdf", 404, "没有这种导出格式"),
    ],
)
def test_a_wrong_day_or_format_is_told_in_words(
    hall: Hall, supervisor_token: str, query: str, status: int, words: str
) -> None:
    with TestClient(hall.app) as client:
        signed_in_client(client, supervisor_token)
        answer = client.get(f"/web/report?{query}")
        assert answer.status_code == status and words in answer.text
        if status == 422:
            assert 'class="error"' in answer.text


def test_staff_may_not_read_the_report(hall: Hall, staff_token: str) -> None:
    with TestClient(hall.app) as client:
        signed_in_client(client, staff_token)
        assert client.get("/web/report").status_code == 403
        assert client.get(f"/web/report?day={DAY}&format=csv").status_code == 403


def test_the_command_prints_the_same_summary(
    hall: Hall, clock: FrozenClock, hall_db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    a_day(hall, clock)
    capsys.readouterr()
    assert main(["hall", "supervision", "summary", "--day", DAY, "--config", str(SHIPPED_CONFIG / "hall.toml"),
                 "--db", hall_db_url]) == 0  # fmt: skip
    printed = capsys.readouterr().out
    assert "日报 / daily report" in printed and "申报 Filings\n  收到 Received: 3" in printed
    assert "满意率 Satisfaction rate: 50.0%" in printed
