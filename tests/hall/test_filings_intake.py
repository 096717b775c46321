"""A kiosk's filing reaches the hall exactly once, checked again by the hall (on SQLite and PostgreSQL)."""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from hall.filings import Filing, FilingEvent
from hall.server import Hall
from hall.tokens import Role, create_token
from tests.support.filings import (
    BIRTH_ITEM,
    ID_NUMBER,
    NOT_FILEABLE_ITEM,
    FilingApi,
    filing_api,
    filing_body,
)
from tests.support.hall import open_hall


@pytest.fixture
def api(hall: Hall) -> Iterator[FilingApi]:
    with filing_api(hall) as opened:
        yield opened


def test_a_filing_is_taken_once_and_a_repeat_gets_the_same_answer(api: FilingApi) -> None:
    body = filing_body()
    first = api.file(body)
    assert first.status_code == 201
    answer = first.json()
    assert (answer["id"], answer["number"], answer["item_code"]) == (body["id"], "K01-20261123-0001", BIRTH_ITEM)
    assert (answer["status"], answer["status_zh"], answer["status_en"]) == (
        "submitted",
        "已提交，等待受理",
        "Submitted, waiting to be accepted",
    )
    assert answer["missing_materials"] == [] and not answer["result_ready"] and not answer["item_withdrawn"]
    again = api.file(body)
    assert again.status_code == 200 and again.json() == answer
    # The same body with its keys in another order and other spacing is the same body.
    reordered = api.client.post(
        "/api/v1/filings",
        content=json.dumps(dict(reversed(list(body.items()))), indent=2),
        headers={**api.kiosk, "Content-Type": "application/json"},
    )
    assert reordered.status_code == 200 and reordered.json() == answer
    assert api.get(body["id"]) == answer
    with api.hall.sessions() as session:
        assert session.scalar(select(func.count()).select_from(Filing)) == 1
        events = session.scalars(select(FilingEvent).where(FilingEvent.filing_id == uuid.UUID(body["id"]))).all()
    assert [(e.action, e.from_status, e.to_status, e.role) for e in events] == [
        ("submitted", None, "submitted", "kiosk")
    ]


def test_another_body_under_the_same_id_or_the_same_number_under_another_id_is_refused(api: FilingApi) -> None:
    body = filing_body()
    assert api.file(body).status_code == 201
    changed = {**body, "applicant": {**body["applicant"], "phone": "13900139000"}}
    conflict = api.file(changed)
    assert conflict.status_code == 409 and conflict.json()["error"] == "id_conflict"
    assert "different body" in conflict.json()["message"]
    taken = api.file({**body, "id": str(uuid.uuid4())})
    assert taken.status_code == 409 and taken.json()["error"] == "number_taken"
    assert "K01-20261123-0001" in taken.json()["message"]


def test_form_values_outside_the_items_form_are_refused_field_by_field(api: FilingApi) -> None:
    body = filing_body()
    body["form"] |= {"baby_name": "Bobby", "birth_date": "2026-02-30", "shoe_size": "42"}
    del body["form"]["relation"]
    reply = api.file(body)
    assert reply.status_code == 422
    answer = reply.json()
    assert answer["error"] == "invalid_form" and set(answer) == {"error", "message", "fields"}
    assert set(answer["fields"]) == {"baby_name", "birth_date", "shoe_size", "relation"}
    assert answer["fields"]["birth_date"] == "出生日期：没有这一天 / birth_date: no such date"
    assert answer["fields"]["relation"] == "与婴儿关系：必须填写 / relation: required"
    assert api.client.get(f"/api/v1/filings/{body['id']}", headers=api.kiosk).status_code == 404  # nothing stored


def test_a_bad_id_number_a_bad_phone_and_post_without_an_address_are_refused(api: FilingApi) -> None:
    wrong_check = ID_NUMBER[:-1] + ("0" if ID_NUMBER[-1] != "0" else "1")
    body = filing_body(id_number=wrong_check, delivery={"method": "post"})
    body["applicant"]["phone"] = "12345"
    reply = api.file(body)
    assert reply.status_code == 422
    fields = reply.json()["fields"]
    assert fields["applicant.id_number"] == (
        "申请人身份证号码：身份证号码校验位错误 / applicant.id_number: the ID number's check character is wrong"
    )
    assert set(fields) == {"applicant.id_number", "applicant_id", "applicant.phone", "delivery.address"}
    assert wrong_check not in reply.text
    naive = api.file(filing_body(created_at="2026-11-23T09:58:00"))  # a time without its offset is ambiguous
    assert naive.status_code == 422 and "created_at" in naive.json()["message"]
    shapeless = api.file(filing_body(id_number="11010119900307123Y"))
    assert shapeless.status_code == 422 and shapeless.json()["error"] == "invalid_request"
    assert "11010119900307123Y" not in shapeless.text


def test_attachments_must_be_stored_first_with_the_size_named(api: FilingApi) -> None:
    photo = b"\xff\xd8\xff\xe0" + b"page" * 500
    sha256 = hashlib.sha256(photo).hexdigest()
    reference = {"sha256": sha256, "name": "出生医学证明.jpg", "size": len(photo), "content_type": "image/jpeg"}
    body = filing_body(attachments=[{**reference, "material": "《出生医学证明》"}])
    missing = api.file(body)
    assert missing.status_code == 422 and missing.json()["error"] == "attachment_missing"
    assert "出生医学证明.jpg" in missing.json()["message"] and sha256 in missing.json()["message"]
    assert api.hall.app.state.hall.attachments.put_bytes(photo) == sha256
    wrong_size = api.file({**body, "attachments": [{**reference, "size": len(photo) + 1}]})
    assert wrong_size.status_code == 422 and "another size" in wrong_size.json()["message"]
    assert api.file(body).status_code == 201


def test_a_filing_for_an_item_withdrawn_from_the_catalog_is_taken_and_flagged(api: FilingApi) -> None:
    body = filing_body(item_code="339900-099-QT-00001-001", form={"anything": "as filed", "count": 3})
    reply = api.file(body)
    assert reply.status_code == 201 and reply.json()["item_withdrawn"] is True
    with api.hall.sessions() as session:
        stored = session.get(Filing, uuid.UUID(body["id"]))
        event = session.scalars(select(FilingEvent).where(FilingEvent.filing_id == uuid.UUID(body["id"]))).one()
    assert stored is not None and stored.form == {"anything": "as filed", "count": 3}
    assert event.note is not None and "withdrawn" in event.note
    listed = api.client.get("/api/v1/filings", params={"status": "submitted"}, headers=api.staff).json()
    assert [f["item_withdrawn"] for f in listed["filings"]] == [True]
    # What is still checked: the applicant, the delivery, the attachments.
    bad = api.file(filing_body(2, item_code="339900-099-QT-00001-001", delivery={"method": "post"}))
    assert bad.status_code == 422 and set(bad.json()["fields"]) == {"delivery.address"}


def test_an_item_that_cannot_be_filed_at_a_kiosk_is_refused(api: FilingApi) -> None:
    reply = api.file(filing_body(item_code=NOT_FILEABLE_ITEM, form={}))
    assert reply.status_code == 422 and reply.json()["error"] == "not_fileable"
    assert "居民身份证换领（有效期满）不能自助申报" in reply.json()["message"]


def test_only_a_kiosk_files_and_only_known_roles_read(api: FilingApi) -> None:
    body = filing_body()
    refused = api.client.post("/api/v1/filings", json=body, headers=api.staff)
    assert refused.status_code == 403 and refused.json()["error"] == "forbidden"
    assert api.client.post("/api/v1/filings", json=body).status_code == 401
    api.file(body)
    for headers in (api.kiosk, api.staff, api.supervisor):
        assert api.client.get(f"/api/v1/filings/{body['id']}", headers=headers).status_code == 200
    display = api.client.get(f"/api/v1/filings/{body['id']}", headers=_display(api))
    assert display.status_code == 403
    unknown = api.client.get(f"/api/v1/filings/{uuid.uuid4()}", headers=api.kiosk)
    assert unknown.status_code == 404 and unknown.json()["error"] == "not_found"


def test_identical_filings_sent_at_once_to_two_halls_on_one_database_are_stored_once(hall_db_url: str) -> None:
    """Two server instances (two engines, two connection pools) on one database: the unique id decides."""
    with (
        open_hall(hall_db_url) as one,
        open_hall(hall_db_url) as two,
        filing_api(one) as first,
        TestClient(two.app) as second_client,
    ):
        body = filing_body()
        attempts = [(first.client, body)] * 6 + [(second_client, body)] * 6
        with ThreadPoolExecutor(12) as pool:
            replies = list(pool.map(lambda a: a[0].post("/api/v1/filings", json=a[1], headers=first.kiosk), attempts))
        assert sorted(r.status_code for r in replies) == [200] * 11 + [201]
        assert len({r.text for r in replies}) == 1
        with one.sessions() as session:
            assert session.scalar(select(func.count()).select_from(Filing)) == 1
            assert session.scalar(select(func.count()).select_from(FilingEvent)) == 1


def _display(api: FilingApi) -> dict[str, str]:
    return {"Authorization": f"Bearer {create_token(api.hall.sessions, 'display-1', Role.DISPLAY)}"}
