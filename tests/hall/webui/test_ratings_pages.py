"""The 好差评 pages and the statistics API at HTTP level: who sees which ratings, the page's table, chart and exports,
the follow-up (回访, 整改) and appeal (申诉复核) flows with their refusals, each message beside its field."""

from __future__ import annotations

import io
from datetime import datetime
from zoneinfo import ZoneInfo

import openpyxl
from fastapi.testclient import TestClient
from sqlalchemy import select

from hall.models import AuditEntry
from hall.rating_review import Appeal
from hall.ratings import FollowUp, Rating
from hall.server import Hall
from hall.tokens import Role
from tests.hall.webui.conftest import token_for
from tests.support.browser import signed_in_client
from tests.support.ratings import add_rating

SHANGHAI = ZoneInfo("Asia/Shanghai")
DAY = datetime(2026, 11, 20, 10, 0, tzinfo=SHANGHAI)
MARKUP = '<img src=x onerror="alert(1)">态度差'


def some_ratings(hall: Hall) -> dict[str, object]:
    return {
        "w1_bad": add_rating(hall.sessions, DAY, 1, window=1, comment="一号窗口的差评"),
        "w1_good": add_rating(hall.sessions, DAY, 5, window=1),
        "w2_bad": add_rating(hall.sessions, DAY, 2, window=2, staff="1002", comment=MARKUP),
        "w2_good": add_rating(hall.sessions, DAY, 4, window=2, staff="1002"),
        "w2_fair": add_rating(hall.sessions, DAY, 3, window=2, staff="1002"),
    }


def follow_up_of(hall: Hall, rating_id: object) -> FollowUp:
    with hall.sessions() as session:
        found = session.scalar(select(FollowUp).where(FollowUp.rating_id == rating_id))
    assert found is not None
    return found


def test_the_api_counts_for_a_supervisor_and_a_staff_members_windows(
    hall: Hall, supervisor_token: str, staff_token: str
) -> None:
    some_ratings(hall)
    span = {"from": "2026-11-01", "to": "2026-11-30"}
    with TestClient(hall.app) as client:
        answer = client.get("/api/v1/stats/ratings", params={**span, "group": "window"},
                            headers={"Authorization": f"Bearer {supervisor_token}"})  # fmt: skip
        assert answer.status_code == 200
        body = answer.json()
        assert body["from"] == "2026-11-01" and body["timezone"] == "Asia/Shanghai" and body["windows"] is None
        assert {r["key"]: (r["count"], r["bad"], r["rate"]) for r in body["rows"]} == {
            "1": (2, 1, 0.5),
            "2": (3, 1, 1 / 3),
        }
        assert body["total"]["levels"] == [1, 1, 1, 1, 1]
        mine = client.get("/api/v1/stats/ratings", params=span, headers={"Authorization": f"Bearer {staff_token}"})
        assert mine.json()["windows"] == [2] and [r["key"] for r in mine.json()["rows"]] == ["2"]
        wrong = client.get("/api/v1/stats/ratings", params={"from": "2026-11-30", "to": "2026-11-01"},
                           headers={"Authorization": f"Bearer {supervisor_token}"})  # fmt: skip
        assert wrong.status_code == 422 and wrong.json()["error"] == "bad_range"
        unknown = client.get("/api/v1/stats/ratings", params={"group": "year"},
                             headers={"Authorization": f"Bearer {supervisor_token}"})  # fmt: skip
        assert unknown.status_code == 422
        display = token_for(hall, "display-1", Role.DISPLAY)
        refused = client.get("/api/v1/stats/ratings", headers={"Authorization": f"Bearer {display}"})
        assert refused.status_code == 403


def test_the_statistics_page_its_chart_and_its_exports(hall: Hall, supervisor_token: str) -> None:
    some_ratings(hall)
    add_rating(hall.sessions, DAY, 1, window=1, voided=True)
    with TestClient(hall.app) as client:
        signed_in_client(client, supervisor_token)
        page = client.get("/web/ratings", params={"from": "2026-11-01", "to": "2026-11-30"})
        assert page.status_code == 200
        assert 'id="rate">40.0%<' in page.text and "1号窗口" in page.text and "2号窗口" in page.text
        assert "/web/ratings/chart.svg?" in page.text
        wrong = client.get("/web/ratings", params={"from": "11/01/2026", "group": "year"})
        assert wrong.status_code == 422
        assert "日期格式应为" in wrong.text and "请从列表中选择分组" in wrong.text and 'class="error"' in wrong.text
        chart = client.get("/web/ratings/chart.svg", params={"from": "2026-11-01", "to": "2026-11-30"})
        assert chart.headers["content-type"].startswith("image/svg+xml")
        assert b"<script" not in chart.content and "满意率".encode() in chart.content
        assert "default-src 'none'" in chart.headers["content-security-policy"]
        line = client.get("/web/ratings/chart.svg", params={"kind": "line", "group": "week"})
        assert line.status_code == 200 and b"<svg" in line.content
        sheet = client.get("/web/ratings/export.xlsx", params={"from": "2026-11-01", "to": "2026-11-30"})
        rows = list(openpyxl.load_workbook(io.BytesIO(sheet.content)).active.values)  # type: ignore[union-attr]
        assert rows[0][0] == "窗口 Window" and rows[1][:2] == ("1号窗口", 2) and rows[-1][0] == "合计 Total"
        text = client.get("/web/ratings/export.csv", params={"group": "channel", "from": "2026-11-01"})
        assert text.content.startswith(b"\xef\xbb\xbf") and "评价器" in text.content.decode()


def test_staff_see_the_ratings_of_their_windows_only(hall: Hall, staff_token: str) -> None:
    ids = some_ratings(hall)
    with TestClient(hall.app) as client:
        csrf = signed_in_client(client, staff_token)
        page = client.get("/web/ratings/bad", params={"from": "2026-11-01"})
        assert "态度差" in page.text and "一号窗口的差评" not in page.text
        assert "&lt;img src=x" in page.text and "<img src=x" not in page.text
        other = follow_up_of(hall, ids["w1_bad"])
        refused = client.post(f"/web/ratings/follow-ups/{other.id}/rectification",
                              data={"csrf": csrf, "changed": "改了"})  # fmt: skip
        assert refused.status_code == 404
        assert (
            client.post(f"/web/ratings/{ids['w1_bad']}/appeal", data={"csrf": csrf, "reason": "x"}).status_code == 404
        )
        stats = client.get("/web/ratings", params={"from": "2026-11-01"})
        assert "仅显示您所在窗口的评价" in stats.text and "1号窗口" not in stats.text.split("<table")[-1]


def test_a_follow_up_is_recorded_step_by_step_and_closes(hall: Hall, supervisor_token: str) -> None:
    ids = some_ratings(hall)
    follow_up = follow_up_of(hall, ids["w2_bad"])
    url = f"/web/ratings/follow-ups/{follow_up.id}"
    with TestClient(hall.app) as client:
        csrf = signed_in_client(client, supervisor_token)
        assert client.post(f"{url}/call-back", data={"said": "x", "called_at": "2026-11-23T09:00"}).status_code == 403
        empty = client.post(f"{url}/call-back", data={"csrf": csrf, "said": " ", "called_at": ""})
        assert empty.status_code == 422
        assert "请填写群众的意见" in empty.text and "请填写回访时间" in empty.text
        future = client.post(f"{url}/call-back", data={"csrf": csrf, "said": "满意", "called_at": "2026-11-23T11:00"})
        assert future.status_code == 422 and "回访时间不能晚于现在" in future.text and "满意</textarea>" in future.text
        call = {"csrf": csrf, "said": "群众表示理解", "called_at": "2026-11-23T09:30"}
        done = client.post(f"{url}/call-back", data=call, follow_redirects=False)
        assert done.status_code == 303 and done.headers["location"].startswith("/web/ratings/bad?")
        again = client.post(f"{url}/call-back", data={"csrf": csrf, "said": "再次", "called_at": "2026-11-23T09:40"})
        assert again.status_code == 409 and "supervisor-zhang" in again.text
        assert follow_up_of(hall, ids["w2_bad"]).status == "open"
        fixed = client.post(
            f"{url}/rectification", data={"csrf": csrf, "changed": "增设取号引导员"}, follow_redirects=False
        )
        assert fixed.status_code == 303
        closed = follow_up_of(hall, ids["w2_bad"])
        assert closed.status == "closed" and closed.note is not None and "增设取号引导员" in closed.note
        late = client.post(f"{url}/rectification", data={"csrf": csrf, "changed": "又改"})
        assert late.status_code == 409 and "已关闭" in late.text
        page = client.get("/web/ratings/bad", params={"from": "2026-11-01", "state": "closed"})
        assert "群众表示理解" in page.text and "已办结" in page.text
        other = follow_up_of(hall, ids["w1_bad"])
        no_note = client.post(f"/web/ratings/follow-ups/{other.id}/close", data={"csrf": csrf, "note": ""})
        assert no_note.status_code == 422 and "请填写关闭说明" in no_note.text
        shut = client.post(f"/web/ratings/follow-ups/{other.id}/close", data={"csrf": csrf, "note": "重复评价"},
                           follow_redirects=False)  # fmt: skip
        assert shut.status_code == 303 and follow_up_of(hall, ids["w1_bad"]).status == "closed"


def test_staff_close_no_follow_up_and_supervisors_make_no_appeal(
    hall: Hall, staff_token: str, supervisor_token: str
) -> None:
    ids = some_ratings(hall)
    follow_up = follow_up_of(hall, ids["w2_bad"])
    with TestClient(hall.app) as client:
        csrf = signed_in_client(client, staff_token)
        refused = client.post(f"/web/ratings/follow-ups/{follow_up.id}/close", data={"csrf": csrf, "note": "x"})
        assert refused.status_code == 403 and "仅限主管" in refused.text
    with TestClient(hall.app) as client:
        csrf = signed_in_client(client, supervisor_token)
        refused = client.post(f"/web/ratings/{ids['w2_bad']}/appeal", data={"csrf": csrf, "reason": "恶意"})
        assert refused.status_code == 403 and "申诉由窗口人员提出" in refused.text


def test_an_appeal_voids_a_rating_out_of_the_statistics(hall: Hall, staff_token: str, supervisor_token: str) -> None:
    ids = some_ratings(hall)
    rating_id = ids["w2_bad"]
    with TestClient(hall.app) as staff:
        csrf = signed_in_client(staff, staff_token)
        empty = staff.post(f"/web/ratings/{rating_id}/appeal", data={"csrf": csrf, "reason": ""})
        assert empty.status_code == 422 and "请填写申诉理由" in empty.text
        sent = staff.post(f"/web/ratings/{rating_id}/appeal", data={"csrf": csrf, "reason": "同一人连续恶意差评"},
                          follow_redirects=False)  # fmt: skip
        assert sent.status_code == 303
        twice = staff.post(f"/web/ratings/{rating_id}/appeal", data={"csrf": csrf, "reason": "再次"})
        assert twice.status_code == 409 and "staff-1002" in twice.text
        assert "同一人连续恶意差评" in staff.get("/web/ratings/appeals").text
    with hall.sessions() as session:
        appeal = session.scalar(select(Appeal).where(Appeal.rating_id == rating_id))
    assert appeal is not None and appeal.decision == "pending"
    url = f"/web/ratings/appeals/{appeal.id}/decide"
    with TestClient(hall.app) as staff:
        csrf = signed_in_client(staff, staff_token)
        assert staff.post(url, data={"csrf": csrf, "decision": "voided", "note": "x"}).status_code == 403
    with TestClient(hall.app) as client:
        csrf = signed_in_client(client, supervisor_token)
        missing = client.post(url, data={"csrf": csrf, "note": ""})
        assert missing.status_code == 422 and "请选择维持或作废" in missing.text and "请填写复核意见" in missing.text
        before = client.get("/api/v1/stats/ratings", params={"from": "2026-11-01"},
                            headers={"Authorization": f"Bearer {supervisor_token}"}).json()  # fmt: skip
        voided = client.post(
            url, data={"csrf": csrf, "decision": "voided", "note": "核实为恶意评价"}, follow_redirects=False
        )
        assert voided.status_code == 303
        after = client.get("/api/v1/stats/ratings", params={"from": "2026-11-01"},
                           headers={"Authorization": f"Bearer {supervisor_token}"}).json()  # fmt: skip
        assert after["total"]["count"] == before["total"]["count"] - 1 and after["total"]["levels"][1] == 0
        again = client.post(url, data={"csrf": csrf, "decision": "upheld", "note": "维持"})
        assert again.status_code == 409 and "supervisor-zhang" in again.text
        bad = client.get("/web/ratings/bad", params={"from": "2026-11-01"})
        assert "已作废" in bad.text and "态度差" in bad.text  # stays in the record, marked
        sheet = client.get("/web/ratings/appeals/export.xlsx")
        rows = list(openpyxl.load_workbook(io.BytesIO(sheet.content)).active.values)  # type: ignore[union-attr]
        assert rows[1][1] == "staff-1002" and rows[1][7] == "作废 Voided" and rows[1][10] == "核实为恶意评价"
    with hall.sessions() as session:
        rating = session.get(Rating, rating_id)
        assert rating is not None and rating.voided
    assert follow_up_of(hall, rating_id).status == "closed"


def test_the_audit_log_names_each_follow_up_and_appeal_action(hall: Hall, staff_token: str) -> None:
    ids = some_ratings(hall)
    follow_up = follow_up_of(hall, ids["w2_bad"])
    with TestClient(hall.app) as client:
        csrf = signed_in_client(client, staff_token)
        client.post(f"/web/ratings/follow-ups/{follow_up.id}/rectification", data={"csrf": csrf, "changed": "改"})
        client.post(f"/web/ratings/{ids['w2_bad']}/appeal", data={"csrf": csrf, "reason": "恶意"})
        client.get("/web/ratings/bad")
    with hall.sessions() as session:
        actions = set(session.scalars(select(AuditEntry.action)))
    assert {"follow_up.rectification", "rating.appeal", "follow_up.read_web"} <= actions


def test_an_unknown_export_or_chart_is_a_page_not_json(hall: Hall, supervisor_token: str) -> None:
    with TestClient(hall.app) as client:
        signed_in_client(client, supervisor_token)
        for url in ("/web/ratings/export.pdf", "/web/ratings/bad/export.doc", "/web/ratings/chart.svg?kind=pie"):
            answer = client.get(url)
            assert answer.status_code == 404 and answer.headers["content-type"].startswith("text/html"), url
