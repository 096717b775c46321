"""Staff move filings through their statuses, and only as TRANSITIONS allow; kiosks follow them (SQLite and
PostgreSQL)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from common.hallapi.filings import TRANSITIONS, FilingStatus
from hall.filings import FilingEvent
from hall.models import HallEvent
from hall.server import Hall
from tests.support.clocks import FrozenClock
from tests.support.filings import FilingApi, filing_api

BODIES = {
    "request-materials": {"materials": ["父母结婚证（原件）"], "note": "请补交"},
    "reject": {"reason": "非本市户籍"},
}
# The actions that bring a new filing to each status.
PATHS = {
    FilingStatus.SUBMITTED: [],
    FilingStatus.ACCEPTED: ["accept"],
    FilingStatus.MATERIALS_REQUESTED: ["request-materials"],
    FilingStatus.REJECTED: ["reject"],
    FilingStatus.COMPLETED: ["accept", "approve"],
}


@pytest.fixture
def api(hall: Hall) -> Iterator[FilingApi]:
    with filing_api(hall) as opened:
        yield opened


def test_every_action_from_every_status_is_allowed_or_refused_as_the_contract_says(api: FilingApi) -> None:
    sequence = 0
    for action, (allowed, target) in TRANSITIONS.items():
        for status, path in PATHS.items():
            sequence += 1
            filing_id = api.filed(sequence)["id"]
            for step in path:
                assert api.act(filing_id, step, BODIES.get(step)).status_code == 200
            reply = api.act(filing_id, action, BODIES.get(action))
            if status in allowed:
                assert reply.status_code == 200, (action, status, reply.text)
                assert reply.json()["status"] == target.value
            else:
                assert reply.status_code == 409, (action, status)
                refused = reply.json()
                assert refused["error"] == "wrong_status" and set(refused) == {"error", "message"}
                assert f"当前状态为“{status.zh}”" in refused["message"]
                assert f"status is “{status.en}” ({status.value})" in refused["message"]
                assert api.get(filing_id)["status"] == status.value  # unchanged


def test_asking_for_materials_then_accepting_then_approving(api: FilingApi, hall: Hall) -> None:
    filing_id = api.filed()["id"]
    asked = api.act(filing_id, "request-materials", {"materials": ["父母结婚证", "户口簿首页"], "note": "周一前补交"})
    assert asked.json()["status"] == "materials_requested"
    seen = api.get(filing_id)
    assert (seen["missing_materials"], seen["note"], seen["status_zh"]) == (
        ["父母结婚证", "户口簿首页"],
        "周一前补交",
        "需要补正材料",
    )
    accepted = api.act(filing_id, "accept", role="supervisor").json()
    assert (accepted["status"], accepted["missing_materials"], accepted["note"]) == ("accepted", [], None)
    done = api.act(filing_id, "approve").json()
    assert (done["status"], done["status_en"], done["result_ready"]) == ("completed", "Completed", False)
    with hall.sessions() as session:
        trail = session.scalars(select(FilingEvent).where(FilingEvent.filing_id == uuid.UUID(filing_id))).all()
        events = session.scalars(select(HallEvent).where(HallEvent.kind == "filing.changed")).all()
    assert [(e.action, e.from_status, e.to_status, e.role) for e in trail] == [
        ("submitted", None, "submitted", "kiosk"),
        ("request-materials", "submitted", "materials_requested", "staff"),
        ("accept", "materials_requested", "accepted", "supervisor"),
        ("approve", "accepted", "completed", "staff"),
    ]
    assert trail[1].note == "周一前补交"
    assert [e.payload["status"] for e in events] == ["submitted", "materials_requested", "accepted", "completed"]
    assert set(events[0].payload) == {"filing_id", "number", "kiosk_id", "status", "result_ready", "collected"}


def test_a_rejection_carries_its_reason(api: FilingApi) -> None:
    filing_id = api.filed()["id"]
    assert api.act(filing_id, "reject", {"reason": ""}).status_code == 422  # a reason is required
    rejected = api.act(filing_id, "reject", {"reason": "婴儿父母均非本市户籍"}).json()
    assert (rejected["status"], rejected["status_zh"]) == ("rejected", "不予受理")
    assert rejected["note"] == "婴儿父母均非本市户籍"


def test_kiosks_may_not_act_as_staff_and_unknown_filings_are_404(api: FilingApi) -> None:
    filing_id = api.filed()["id"]
    for action in TRANSITIONS:
        refused = api.act(filing_id, action, BODIES.get(action), role="kiosk")
        assert refused.status_code == 403 and refused.json()["error"] == "forbidden"
    assert api.get(filing_id)["status"] == "submitted"
    unknown = api.act(str(uuid.uuid4()), "accept")
    assert unknown.status_code == 404 and unknown.json()["error"] == "not_found"
    assert api.act("not-a-uuid", "accept").status_code == 422


def test_the_kiosks_pull_pages_through_its_filings_by_change(api: FilingApi, clock: FrozenClock) -> None:
    mine = [api.filed(n)["id"] for n in range(1, 4)]
    api.filed(9, kiosk_id="kiosk-02")
    clock.advance(minutes=5)
    api.act(mine[0], "accept")
    pull = api.client.get("/api/v1/filings", params={"kiosk_id": "kiosk-01"}, headers=api.kiosk).json()["filings"]
    assert [f["id"] for f in pull] == [*sorted(mine[1:]), mine[0]]  # by (updated_at, id)
    since = pull[0]["updated_at"]
    first = _pull(api, since=since, limit=1)
    assert [f["id"] for f in first] == [pull[0]["id"]]
    rest = _pull(api, since=since, after=first[-1]["id"])
    assert [f["id"] for f in rest] == [pull[1]["id"], mine[0]]
    later = _pull(api, since=pull[-1]["updated_at"], after=mine[0])
    assert later == []
    future = (datetime.now(UTC) + timedelta(days=400)).isoformat()
    assert _pull(api, since=future) == []
    naive = api.client.get("/api/v1/filings", params={"since": "2026-11-23T10:00:00"}, headers=api.kiosk)
    assert naive.status_code == 422
    assert api.client.get("/api/v1/filings", params={"limit": 501}, headers=api.kiosk).status_code == 422


def _pull(api: FilingApi, **params: object) -> list[dict[str, object]]:
    reply = api.client.get("/api/v1/filings", params={"kiosk_id": "kiosk-01", **params}, headers=api.kiosk)
    assert reply.status_code == 200, reply.text
    found: list[dict[str, object]] = reply.json()["filings"]
    return found


def test_staff_see_what_was_filed_with_id_numbers_masked_and_its_history(api: FilingApi) -> None:
    filing_id = api.filed(delivery={"method": "post", "address": "示例市民心路 100 号 3 幢 201 室"})["id"]
    api.act(filing_id, "reject", {"reason": "非本市户籍"}, role="supervisor")
    reply = api.client.get(f"/api/v1/filings/{filing_id}/detail", headers=api.staff)
    assert reply.status_code == 200
    detail = reply.json()
    assert (detail["status"], detail["note"], detail["kiosk_id"]) == ("rejected", "非本市户籍", "kiosk-01")
    assert detail["applicant"] == {"name": "张三", "id_number_masked": "110101********1233", "phone": "13800138000"}
    assert detail["form"]["applicant_id"] == "110101********1233" and detail["form"]["baby_name"] == "张小宝"
    assert detail["materials_to_bring"] == ["入户地居民户口簿"] and detail["attachments"] == []
    assert detail["delivery"] == {"method": "post", "address": "示例市民心路 100 号 3 幢 201 室"}
    assert [(h["action"], h["from_status"], h["to_status"], h["role"], h["note"]) for h in detail["history"]] == [
        ("submitted", None, "submitted", "kiosk", None),
        ("reject", "submitted", "rejected", "supervisor", "非本市户籍"),
    ]
    assert api.client.get(f"/api/v1/filings/{filing_id}/detail", headers=api.kiosk).status_code == 403
    assert api.client.get(f"/api/v1/filings/{uuid.uuid4()}/detail", headers=api.staff).status_code == 404
