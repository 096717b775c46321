"""The workbench's actions over HTTP: each goes through the filing desk with the staff member's name in the
filing's history and the audit log; wrong values come back beside their field with what was typed; a page that is
out of date is refused without any change; the result document is checked before it is stored."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import func, select

from hall.filings import FilingEvent
from hall.server import Hall
from tests.hall.webui.workbench import audit_actions, filed, pdf_bytes, seen_of, social_card_body, unemployment_body
from tests.support.browser import signed_in_client
from tests.support.filings import FilingApi, filing_api

IDENTITY, SEPARATION = "本人居民身份证", "解除或者终止劳动关系的证明"


def _events(hall: Hall) -> int:
    with hall.sessions() as session:
        return int(session.scalar(select(func.count()).select_from(FilingEvent)) or 0)


def _form(client: TestClient, csrf: str, filing: str, **fields: object) -> dict[str, object]:
    return {"csrf": csrf, "seen": seen_of(client.get(f"/web/filings/{filing}").text), **fields}


def test_accept_request_materials_approve_and_result_with_who(hall: Hall, staff_token: str) -> None:
    with filing_api(hall) as api, TestClient(hall.app) as client:
        filing = filed(api, unemployment_body(1))
        csrf = signed_in_client(client, staff_token)
        done = client.post(f"/web/filings/{filing}/accept", data=_form(client, csrf, filing), follow_redirects=False)
        assert done.status_code == 303 and done.headers["location"] == f"/web/filings/{filing}?done=accept"
        assert "已受理。" in client.get(done.headers["location"]).text
        asked = _form(client, csrf, filing, materials=[IDENTITY, SEPARATION], note="请补交盖章的证明")
        assert client.post(f"/web/filings/{filing}/request-materials", data=asked).status_code == 200
        state = api.get(filing)
        assert state["status"] == "materials_requested"
        assert state["missing_materials"] == [IDENTITY, SEPARATION] and state["note"] == "请补交盖章的证明"
        client.post(f"/web/filings/{filing}/accept", data=_form(client, csrf, filing))
        client.post(f"/web/filings/{filing}/approve", data=_form(client, csrf, filing))
        assert api.get(filing)["status"] == "completed"
        page = client.get(f"/web/filings/{filing}").text
        assert 'name="result"' in page and 'enctype="multipart/form-data"' in page
        files = {"result": ("结果.pdf", pdf_bytes(1), "application/pdf")}
        uploaded = client.post(f"/web/filings/{filing}/result", data=_form(client, csrf, filing), files=files)
        assert uploaded.status_code == 200 and "办理结果已上传。" in uploaded.text
        assert api.get(filing)["result_ready"] is True
        assert f"/web/filings/{filing}/files/" in uploaded.text  # the result's pages in the page
        history = api.client.get(f"/api/v1/filings/{filing}/detail", headers=api.staff).json()["history"]
        assert [(h["action"], h["actor"]) for h in history] == [
            ("submitted", None),
            ("accept", "staff-1002"),
            ("request-materials", "staff-1002"),
            ("accept", "staff-1002"),
            ("approve", "staff-1002"),
            ("result", "staff-1002"),
        ]
        assert "staff-1002" in uploaded.text  # who, in the page's history
        actions = [a for actor, a, _ in audit_actions(hall) if actor == "staff-1002" and a.startswith("web.filing.")]
        for code in ("accept", "request_materials", "approve", "result_upload"):
            assert f"web.filing.{code}" in actions


def test_the_api_names_who_acted_too(hall: Hall) -> None:
    with filing_api(hall) as api:
        filing = filed(api, unemployment_body(1))
        assert api.act(filing, "accept").status_code == 200
        history = api.client.get(f"/api/v1/filings/{filing}/detail", headers=api.staff).json()["history"]
        assert history[-1]["actor"].startswith("staff-")


def test_wrong_values_are_told_beside_the_field_and_kept(hall: Hall, staff_token: str) -> None:
    with filing_api(hall) as api, TestClient(hall.app) as client:
        filing = filed(api, unemployment_body(1))
        csrf = signed_in_client(client, staff_token)
        before = _events(hall)
        nothing = client.post(f"/web/filings/{filing}/request-materials", data=_form(client, csrf, filing, note=""))
        assert nothing.status_code == 422 and "请至少勾选一项材料或填写说明" in nothing.text
        unknown = _form(client, csrf, filing, materials=["<b>户口簿</b>"], note="带上 <原件>")
        answer = client.post(f"/web/filings/{filing}/request-materials", data=unknown)
        assert answer.status_code == 422 and "所选材料不在本事项的材料清单中" in answer.text
        assert "带上 &lt;原件&gt;</textarea>" in answer.text  # the note typed is still there, escaped
        long = _form(client, csrf, filing, materials=[IDENTITY], note="很" * 501)
        answer = client.post(f"/web/filings/{filing}/request-materials", data=long)
        assert answer.status_code == 422 and "说明最多 500 字" in answer.text
        assert f'value="{IDENTITY}" checked' in answer.text
        answer = client.post(f"/web/filings/{filing}/reject", data=_form(client, csrf, filing, reason="  "))
        assert answer.status_code == 422 and "请填写不予受理的理由" in answer.text
        assert _events(hall) == before and api.get(filing)["status"] == "submitted"
        rejected = client.post(f"/web/filings/{filing}/reject", data=_form(client, csrf, filing, reason="不符合条件"))
        assert rejected.status_code == 200 and api.get(filing)["status"] == "rejected"
        assert "当前状态下没有可办理的操作" in rejected.text


def test_a_page_out_of_date_changes_nothing_and_says_who_moved_it(hall: Hall, staff_token: str) -> None:
    with filing_api(hall) as api, TestClient(hall.app) as client:
        filing = filed(api, unemployment_body(1))
        csrf = signed_in_client(client, staff_token)
        stale = _form(client, csrf, filing, reason="材料不全")
        assert api.act(filing, "accept").status_code == 200  # a colleague, meanwhile
        before = _events(hall)
        answer = client.post(f"/web/filings/{filing}/reject", data=stale)
        assert answer.status_code == 409
        assert "此申报已由 staff-" in answer.text and "受理，请查看最新状态" in answer.text
        assert "2026-11-23 10:00" in answer.text and "Already handled by staff-" in answer.text
        assert f'href="/web/filings/{filing}"' in answer.text
        assert "材料不全</textarea>" in answer.text  # what was typed is not lost
        assert _events(hall) == before and api.get(filing)["status"] == "accepted"
        no_seen = client.post(f"/web/filings/{filing}/approve", data={"csrf": csrf})
        assert no_seen.status_code == 409 and api.get(filing)["status"] == "accepted"
        # The same action again from the page as it was: refused as out of date, not applied twice.
        fresh = _form(client, csrf, filing)
        assert client.post(f"/web/filings/{filing}/approve", data=fresh).status_code == 200
        assert client.post(f"/web/filings/{filing}/approve", data=fresh).status_code == 409
        assert [a for a in audit_actions(hall) if a[1] == "web.filing.approve"][-1][2] == 409


def _completed(api: FilingApi) -> str:
    filing = filed(api, social_card_body(1))
    for action in ("accept", "approve"):
        assert api.act(filing, action).status_code == 200
    return filing


def test_the_result_document_is_refused_unless_a_pdf_within_the_limit(hall: Hall, staff_token: str) -> None:
    limit = hall.queue.config.filings.max_attachment_mb * 1024 * 1024
    with filing_api(hall) as api, TestClient(hall.app) as client:
        open_filing = filed(api, unemployment_body(2))
        filing = _completed(api)
        csrf = signed_in_client(client, staff_token)
        url = f"/web/filings/{filing}/result"
        for files, words in (
            ({"result": ("a.pdf", b"GIF89a not a pdf", "application/pdf")}, "所选文件不是 PDF"),
            ({"result": ("", b"", "application/octet-stream")}, "请选择办理结果 PDF 文件"),
            (None, "请选择办理结果 PDF 文件"),
            ({"result": ("big.pdf", b"%PDF-" + b"0" * limit, "application/pdf")}, "文件超过"),
        ):
            answer = client.post(url, data=_form(client, csrf, filing), files=files)
            assert answer.status_code == 422, words
            assert words in answer.text and 'class="error"' in answer.text
        assert api.get(filing)["result_ready"] is False
        way_too_big = {"result": ("huge.pdf", b"%PDF-" + b"0" * (limit + 512 * 1024), "application/pdf")}
        assert client.post(url, data=_form(client, csrf, filing), files=way_too_big).status_code == 413
        one = {"result": ("r.pdf", pdf_bytes(1), "application/pdf")}
        not_yet = client.post(f"/web/filings/{open_filing}/result", data=_form(client, csrf, open_filing), files=one)
        assert not_yet.status_code == 409 and "不能上传办理结果" in not_yet.text
        assert api.get(open_filing)["result_ready"] is False
        forged = client.post(url, data={"csrf": "forged", "seen": "1"}, files=one)
        assert forged.status_code == 403 and api.get(filing)["result_ready"] is False


def test_one_more_print_of_a_printed_result(hall: Hall, staff_token: str) -> None:
    with filing_api(hall) as api, TestClient(hall.app) as client:
        filing = _completed(api)
        assert api.upload_result(filing, pdf_bytes(1)).status_code == 200
        csrf = signed_in_client(client, staff_token)
        assert "允许再次打印" not in client.get(f"/web/filings/{filing}").text  # not printed yet
        assert api.client.post(f"/api/v1/filings/{filing}/collect", headers=api.kiosk).status_code == 200
        page = client.get(f"/web/filings/{filing}").text
        assert "已在自助终端打印" in page and "/allow-reprint" in page
        allowed = client.post(f"/web/filings/{filing}/allow-reprint", data=_form(client, csrf, filing))
        assert allowed.status_code == 200 and "已允许再次打印。" in allowed.text
        assert api.get(filing)["reprint_allowed"] is True
        assert ("staff-1002", "web.filing.allow_reprint", 303) in audit_actions(hall)
