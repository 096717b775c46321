"""政务公开 at the hall, on SQLite and PostgreSQL: supervisors publish, edit, pin and withdraw notices through the API
(audited); kiosks fetch the bundle with its ETag; markup stays text; withdrawn notices are gone everywhere."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from hall.audit import AuditLog
from hall.server import Hall
from tests.support.filings import MINIMAL_PDF, FilingApi, filing_api

MARKUP_TITLE = "关于<script>alert(1)</script>调整<b>办公时间</b>的通知"
MARKUP_BODY = "各位市民：\n\n<b>即日起</b>大厅周六上午开放。<script>alert('x')</script>\n\n特此通知。"


def notice(**changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "kind": "notice",
        "title": "关于春节期间办公时间调整的通知",
        "issuer": "示例市政务服务中心",
        "number": "示例政服〔2026〕1号",
        "date": "2026-11-20",
        "body": "各位市民：\n\n春节期间大厅暂停对外办公。\n\n特此通知。",
    }
    body.update(changes)
    return body


@pytest.fixture
def api(hall: Hall) -> Iterator[FilingApi]:
    with filing_api(hall) as built:
        yield built


def publish(api: FilingApi, **changes: Any) -> dict[str, Any]:
    answer = api.client.post("/api/v1/disclosure/notices", json=notice(**changes), headers=api.supervisor)
    assert answer.status_code == 201, answer.text
    result: dict[str, Any] = answer.json()
    return result


def bundle(client: TestClient, headers: dict[str, str]) -> dict[str, Any]:
    answer = client.get("/api/v1/disclosure", headers=headers)
    assert answer.status_code == 200, answer.text
    result: dict[str, Any] = answer.json()
    return result


def test_a_supervisor_publishes_and_the_kiosk_bundle_has_it_with_pinyin_initials(api: FilingApi) -> None:
    published = publish(api)
    assert published["status"] == "published" and published["initials"].startswith("gycjqjbgsjtzdtz")
    found = bundle(api.client, api.kiosk)
    assert [n["title"] for n in found["notices"]] == ["关于春节期间办公时间调整的通知"]
    assert found["notices"][0]["body"] == "各位市民：\n\n春节期间大厅暂停对外办公。\n\n特此通知。"
    assert found["hall_name"] and found["staff"] and found["fees"]


def test_only_a_supervisor_may_publish_and_every_change_is_in_the_audit_log(api: FilingApi, hall: Hall) -> None:
    for who in (api.kiosk, api.staff):
        assert api.client.post("/api/v1/disclosure/notices", json=notice(), headers=who).status_code == 403
    published = publish(api)
    edited = api.client.put(
        f"/api/v1/disclosure/notices/{published['id']}", json=notice(title="更正后的标题"), headers=api.supervisor
    )
    assert edited.status_code == 200 and edited.json()["title"] == "更正后的标题"
    pinned = api.client.post(
        f"/api/v1/disclosure/notices/{published['id']}/pin", json={"pinned": True}, headers=api.supervisor
    )
    assert pinned.json()["pinned"] is True
    api.client.post(f"/api/v1/disclosure/notices/{published['id']}/withdraw", headers=api.supervisor)
    entries = [(e.action, e.role, e.outcome) for e in AuditLog(hall.sessions).all() if e.action.startswith("disclos")]
    assert entries == [
        ("disclosure.publish", "staff", 403),  # the refused attempt is recorded too
        ("disclosure.publish", "supervisor", 201),
        ("disclosure.edit", "supervisor", 200),
        ("disclosure.pin", "supervisor", 200),
        ("disclosure.withdraw", "supervisor", 200),
    ]


def test_markup_is_kept_as_the_characters_typed(api: FilingApi) -> None:
    publish(api, title=MARKUP_TITLE, body=MARKUP_BODY)
    shown = bundle(api.client, api.kiosk)["notices"][0]
    assert shown["title"] == MARKUP_TITLE and "<script>alert('x')</script>" in shown["body"]


def test_withdrawn_notices_leave_the_bundle_and_the_etag_changes(api: FilingApi) -> None:
    first = publish(api)
    publish(api, title="关于启用新版自助终端的公告", kind="policy")
    answer = api.client.get("/api/v1/disclosure", headers=api.kiosk)
    etag = answer.headers["etag"]
    assert api.client.get("/api/v1/disclosure", headers={**api.kiosk, "If-None-Match": etag}).status_code == 304
    api.client.post(f"/api/v1/disclosure/notices/{first['id']}/withdraw", headers=api.supervisor)
    again = api.client.get("/api/v1/disclosure", headers={**api.kiosk, "If-None-Match": etag})
    assert again.status_code == 200 and again.headers["etag"] != etag
    assert [n["title"] for n in again.json()["notices"]] == ["关于启用新版自助终端的公告"]
    # The supervisors still see it, marked withdrawn; it cannot be edited back.
    listed = api.client.get("/api/v1/disclosure/notices", headers=api.supervisor).json()["notices"]
    assert {n["title"]: n["status"] for n in listed}["关于春节期间办公时间调整的通知"] == "withdrawn"
    refused = api.client.put(f"/api/v1/disclosure/notices/{first['id']}", json=notice(), headers=api.supervisor)
    assert refused.status_code == 409 and "新发布" in refused.json()["message"]


def test_pinned_notices_come_first(api: FilingApi) -> None:
    publish(api, title="旧的置顶公告", date="2026-01-05", pinned=True)
    publish(api, title="较新的公告", date="2026-11-01")
    assert [n["title"] for n in bundle(api.client, api.kiosk)["notices"]] == ["旧的置顶公告", "较新的公告"]


def test_attachments_are_uploaded_then_named_and_served_only_while_published(api: FilingApi) -> None:
    stored = api.client.post(
        "/api/v1/disclosure/attachments",
        content=MINIMAL_PDF,
        headers={**api.supervisor, "Content-Type": "application/pdf"},
    )
    assert stored.status_code == 201, stored.text
    sha = stored.json()["sha256"]
    published = publish(api, attachments=[{"sha256": sha, "name": "办理指引.pdf"}])
    assert published["attachments"] == [
        {"sha256": sha, "name": "办理指引.pdf", "media_type": "application/pdf", "size": len(MINIMAL_PDF)}
    ]
    got = api.client.get(f"/api/v1/disclosure/attachments/{sha}", headers=api.kiosk)
    assert got.status_code == 200 and got.content == MINIMAL_PDF
    assert api.client.get(f"/disclosure/files/{sha}").content == MINIMAL_PDF
    api.client.post(f"/api/v1/disclosure/notices/{published['id']}/withdraw", headers=api.supervisor)
    assert api.client.get(f"/api/v1/disclosure/attachments/{sha}", headers=api.kiosk).status_code == 404
    assert api.client.get(f"/disclosure/files/{sha}").status_code == 404


def test_bad_input_is_refused_in_words_and_nothing_is_stored(api: FilingApi) -> None:
    not_pdf = api.client.post(
        "/api/v1/disclosure/attachments",
        content=b"<html>",
        headers={**api.supervisor, "Content-Type": "application/pdf"},
    )
    assert not_pdf.status_code == 415 and not_pdf.json()["message"].startswith("附件须为 PDF")
    missing = api.client.post(
        "/api/v1/disclosure/notices",
        json=notice(attachments=[{"sha256": "0" * 64, "name": "x.pdf"}]),
        headers=api.supervisor,
    )
    assert missing.status_code == 422 and "先上传" in missing.json()["message"]
    empty = api.client.post("/api/v1/disclosure/notices", json=notice(title=" "), headers=api.supervisor)
    assert empty.status_code == 422 and empty.json()["message"].startswith("请求无效")
    control = api.client.post("/api/v1/disclosure/notices", json=notice(title="a\u0000b"), headers=api.supervisor)
    assert control.status_code == 422
    unknown = api.client.post("/api/v1/disclosure/notices/999/withdraw", headers=api.supervisor)
    assert unknown.status_code == 404 and unknown.json()["error"] == "not_found"
    assert bundle(api.client, api.kiosk)["notices"] == []
