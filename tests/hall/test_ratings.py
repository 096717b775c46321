"""好差评 over HTTP on SQLite and PostgreSQL: the rating rules, one per service and stage, follow-ups, working days."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from typing import Any

import httpx
import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from fastapi.testclient import TestClient
from hypothesis import given
from hypothesis import strategies as st

from common.settings import load_hall_config
from hall import ratings as rating_tables
from hall.models import HallBase
from hall.server import Hall
from hall.tokens import Role, create_token
from hall.workdays import add_working_days, is_working_day, parse_days
from tests.support.clocks import FrozenClock
from tests.support.hall import SHANGHAI, served
from tests.support.paths import SHIPPED_CONFIG

CALENDAR = load_hall_config(SHIPPED_CONFIG / "hall.toml").ratings
HOLIDAYS, MAKEUP = parse_days(CALENDAR.holidays), parse_days(CALENDAR.makeup_workdays)
ALREADY_RATED = {"error": "already_rated", "message": "该服务已评价 / this service has already been rated"}


# -- working days --------------------------------------------------------------------------------------------------
def workday_after(start: date, n: int) -> date:
    return add_working_days(start, n, HOLIDAYS, MAKEUP)


def test_a_deadline_skips_the_weekend() -> None:
    friday = date(2026, 11, 27)
    assert workday_after(friday, 1) == date(2026, 11, 30)  # Monday
    assert workday_after(date(2026, 11, 26), 5) == date(2026, 12, 3)  # Thursday to next Thursday
    assert workday_after(date(2026, 11, 28), 0) == date(2026, 11, 30)  # Saturday: the first working day is Monday


def test_a_deadline_skips_national_day_and_counts_its_make_up_workdays() -> None:
    # 10-01..10-07 off; Saturday 10-10 and Sunday 09-20 are working days (调休).
    assert workday_after(date(2026, 9, 30), 5) == date(2026, 10, 13)  # 10-08, 10-09, 10-10 (Sat), 10-12, 10-13
    assert workday_after(date(2026, 9, 18), 1) == date(2026, 9, 20)  # Friday to the make-up Sunday
    assert workday_after(date(2026, 2, 13), 1) == date(2026, 2, 14)  # Spring Festival make-up Saturday
    assert workday_after(date(2026, 2, 14), 1) == date(2026, 2, 24)  # then nine days off
    assert not is_working_day(date(2026, 10, 5), HOLIDAYS, MAKEUP)
    with pytest.raises(ValueError, match="negative"):
        workday_after(date(2026, 9, 30), -1)


any_day = st.dates(min_value=date(2025, 1, 1), max_value=date(2027, 12, 31))


@given(start=any_day, n=st.integers(min_value=0, max_value=40))
def test_the_deadline_is_a_working_day_exactly_n_working_days_on(start: date, n: int) -> None:
    due = workday_after(start, n)
    assert is_working_day(due, HOLIDAYS, MAKEUP)
    between = [start + timedelta(days=d) for d in range(1, (due - start).days + 1)]
    assert sum(is_working_day(d, HOLIDAYS, MAKEUP) for d in between) == max(n, 1 if due > start else 0)


@given(start=any_day, n=st.integers(min_value=0, max_value=40), more=st.integers(min_value=1, max_value=10))
def test_more_working_days_never_give_an_earlier_deadline(start: date, n: int, more: int) -> None:
    assert workday_after(start, n) <= workday_after(start, n + more)
    if n >= 1:
        assert workday_after(start, n) < workday_after(start, n + more)


# -- the API -------------------------------------------------------------------------------------------------------
@pytest.fixture
def client(hall: Hall) -> Iterator[TestClient]:
    with TestClient(hall.app) as test_client:
        yield test_client


def auth(hall: Hall, role: Role) -> dict[str, str]:
    return {"Authorization": f"Bearer {create_token(hall.sessions, f'{role.value}-{uuid.uuid4().hex[:6]}', role)}"}


def served_ticket(hall: Hall, window: int = 2) -> str:
    """A ticket taken and called to ``window`` (window 2 serves A)."""
    ticket = hall.queue.take_number("A", "kiosk").ticket
    called = hall.queue.call_next(window)
    assert called is not None and called.id == ticket.id
    return str(ticket.id)


def test_a_good_rating_is_recorded_with_the_ticket_window_and_no_follow_up(client: TestClient, hall: Hall) -> None:
    ticket = served_ticket(hall)
    body = {"ticket_id": ticket, "level": 5, "channel": "pad", "staff": "S0123", "item_code": "11110000MB0001",
            "indicators": {"efficiency": 5, "level": 4, "attitude": 5}}  # fmt: skip
    reply = client.post("/api/v1/ratings", json=body, headers=auth(hall, Role.PADS))
    assert reply.status_code == 201
    rating = reply.json()
    assert (rating["level_name"], rating["stage"], rating["follow_up"]) == ("非常满意", "completion", None)
    assert rating["window"] == 2  # taken from the ticket
    assert rating["indicators"] == {"efficiency": 5, "level": 4, "attitude": 5}
    assert (rating["staff"], rating["item_code"], rating["channel"]) == ("S0123", "11110000MB0001", "pad")
    assert client.get("/api/v1/follow-ups", headers=auth(hall, Role.SUPERVISOR)).json() == {"follow_ups": []}


def test_a_second_rating_of_the_same_service_and_stage_is_refused(client: TestClient, hall: Hall) -> None:
    kiosk, pads, ticket = auth(hall, Role.KIOSK), auth(hall, Role.PADS), served_ticket(hall)
    first = client.post("/api/v1/ratings", json={"ticket_id": ticket, "level": 4, "channel": "pad"}, headers=pads)
    assert first.status_code == 201
    again = client.post("/api/v1/ratings", json={"ticket_id": ticket, "level": 3, "channel": "qr"}, headers=pads)
    assert again.status_code == 409 and again.json() == ALREADY_RATED
    at_acceptance = {"ticket_id": ticket, "level": 3, "channel": "pad", "stage": "acceptance"}
    assert client.post("/api/v1/ratings", json=at_acceptance, headers=pads).status_code == 201
    filing = {"filing_id": "SB-2026-000123", "level": 5, "channel": "kiosk"}
    assert client.post("/api/v1/ratings", json=filing, headers=kiosk).status_code == 201
    assert client.post("/api/v1/ratings", json=filing, headers=kiosk).json() == ALREADY_RATED


@pytest.mark.e2e
def test_two_pads_rating_one_ticket_at_once_get_one_201_and_one_409(hall: Hall) -> None:
    ticket, headers = served_ticket(hall), auth(hall, Role.PADS)
    posters = 6
    barrier, replies = threading.Barrier(posters), []
    with served(hall.app) as base_url:

        def post(level: int) -> None:
            with httpx.Client(base_url=base_url, timeout=30) as http:
                barrier.wait(timeout=30)
                body = {"ticket_id": ticket, "level": level, "channel": "pad", "reasons": ["其他"] if level < 3 else []}
                replies.append(http.post("/api/v1/ratings", json=body, headers=headers))

        threads = [threading.Thread(target=post, args=(1 + n % 5,)) for n in range(posters)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
    assert sorted(r.status_code for r in replies) == [201] + [409] * (posters - 1)
    assert all(r.json() == ALREADY_RATED for r in replies if r.status_code == 409)


def test_a_bad_rating_needs_a_listed_reason_and_opens_a_follow_up(
    client: TestClient, hall: Hall, clock: FrozenClock
) -> None:
    pads, supervisor = auth(hall, Role.PADS), auth(hall, Role.SUPERVISOR)
    ticket = served_ticket(hall)
    bad = {"ticket_id": ticket, "level": 2, "channel": "pad"}
    missing = client.post("/api/v1/ratings", json=bad, headers=pads)
    assert missing.status_code == 422 and missing.json()["error"] == "reason_required"
    made_up = client.post("/api/v1/ratings", json={**bad, "reasons": ["太热了"]}, headers=pads)
    assert made_up.status_code == 422 and made_up.json()["error"] == "unknown_reason" and "太热了" in made_up.text
    praised = {"ticket_id": ticket, "level": 5, "channel": "pad", "reasons": ["其他"]}
    assert client.post("/api/v1/ratings", json=praised, headers=pads).json()["error"] == "reasons_not_allowed"
    clock.moment = datetime(2026, 9, 30, 16, 0, tzinfo=SHANGHAI)  # the day before National Day
    rated = client.post("/api/v1/ratings", json={**bad, "reasons": ["办理时间过长", "其他"]}, headers=pads)
    assert rated.status_code == 201
    assert rated.json()["follow_up"]["due_date"] == "2026-10-13"
    assert client.get("/api/v1/follow-ups", headers=pads).status_code == 403
    [open_task] = client.get("/api/v1/follow-ups", headers=supervisor).json()["follow_ups"]
    assert open_task["rating"]["reasons"] == ["办理时间过长", "其他"] and open_task["overdue"] is False
    clock.moment = datetime(2026, 10, 14, 9, 0, tzinfo=SHANGHAI)
    assert client.get("/api/v1/follow-ups", headers=supervisor).json()["follow_ups"][0]["overdue"] is True
    close = f"/api/v1/follow-ups/{open_task['id']}/close"
    closed = client.post(close, json={"note": "已电话回访，窗口增加一名工作人员"}, headers=supervisor)
    assert closed.status_code == 200 and closed.json()["status"] == "closed"
    assert client.get("/api/v1/follow-ups", headers=supervisor).json() == {"follow_ups": []}
    twice = client.post(close, json={"note": "again"}, headers=supervisor)
    assert twice.status_code == 409 and twice.json()["error"] == "already_closed"
    unknown = client.post(f"/api/v1/follow-ups/{uuid.uuid4()}/close", json={"note": "x"}, headers=supervisor)
    assert unknown.status_code == 404 and unknown.json()["error"] == "unknown_follow_up"


def test_the_deadline_counts_from_the_halls_local_day(client: TestClient, hall: Hall, clock: FrozenClock) -> None:
    clock.moment = datetime(2026, 11, 26, 7, 0, tzinfo=SHANGHAI)  # Thursday morning; still Wednesday in UTC
    body = {"filing_id": "SB-1", "level": 1, "channel": "kiosk", "reasons": ["系统故障"]}
    rated = client.post("/api/v1/ratings", json=body, headers=auth(hall, Role.KIOSK))
    assert rated.json()["follow_up"]["due_date"] == "2026-12-03"


def test_what_can_be_rated(client: TestClient, hall: Hall) -> None:
    kiosk, pads = auth(hall, Role.KIOSK), auth(hall, Role.PADS)
    unknown = client.post("/api/v1/ratings", json={"ticket_id": str(uuid.uuid4()), "level": 5, "channel": "pad"},
                          headers=pads)  # fmt: skip
    assert unknown.status_code == 404 and unknown.json()["error"] == "unknown_ticket"
    waiting = str(hall.queue.take_number("B", "kiosk").ticket.id)
    early = client.post("/api/v1/ratings", json={"ticket_id": waiting, "level": 5, "channel": "pad"}, headers=pads)
    assert early.status_code == 409 and early.json()["error"] == "not_served"
    both = {"ticket_id": waiting, "filing_id": "SB-1", "level": 5, "channel": "kiosk"}
    assert client.post("/api/v1/ratings", json=both, headers=kiosk).json()["error"] == "bad_subject"
    assert client.post("/api/v1/ratings", json={"level": 5, "channel": "kiosk"}, headers=kiosk).status_code == 422
    assert client.post("/api/v1/ratings", json={"filing_id": "SB-1", "level": 5, "channel": "kiosk"},
                       headers=auth(hall, Role.DISPLAY)).status_code == 403  # fmt: skip


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"level": 0}, "level"),
        ({"level": 6}, "level"),
        ({"level": "5"}, "level"),
        ({"channel": "sms"}, "channel"),
        ({"stage": "appeal"}, "stage"),
        ({"comment": "慢" * 201}, "comment"),
        ({"comment": "a\x00b"}, "comment"),
        ({"reasons": ["x" * 41]}, "reasons"),
        ({"indicators": {"attitude": 9}}, "attitude"),
        ({"indicators": {"speed": 5}}, "speed"),
        ({"window": 0}, "window"),
        ({"staff": "张三; DROP"}, "staff"),
        ({"filing_id": "../etc"}, "filing_id"),
        ({"stars": 5}, "stars"),
    ],
)
def test_every_bad_field_is_a_422_naming_it(client: TestClient, hall: Hall, change: dict[str, Any], field: str) -> None:
    body = {"filing_id": "SB-1", "level": 5, "channel": "kiosk", **change}
    reply = client.post("/api/v1/ratings", json=body, headers=auth(hall, Role.KIOSK))
    assert reply.status_code == 422 and set(reply.json()) == {"error", "message"} and field in reply.json()["message"]


def test_a_rating_for_an_unknown_window_is_refused(client: TestClient, hall: Hall) -> None:
    body = {"filing_id": "SB-1", "level": 5, "channel": "pad", "window": 42}
    reply = client.post("/api/v1/ratings", json=body, headers=auth(hall, Role.PADS))
    assert reply.status_code == 422 and reply.json()["error"] == "unknown_window"


def _table_of(change: Any) -> str | None:
    if isinstance(change, list):  # column modifications come grouped
        return _table_of(change[0])
    for part in change[1:]:
        if hasattr(part, "table"):
            return str(part.table.name)
        if hasattr(part, "name") and hasattr(part, "columns"):
            return str(part.name)
    return change[2] if len(change) > 2 and isinstance(change[2], str) else None


def test_the_migrations_build_the_tables_the_models_describe(hall: Hall) -> None:
    mine = {"rating", "follow_up", "rating_link_use", "appointment"}
    assert mine <= set(HallBase.metadata.tables) and rating_tables.Rating.__tablename__ == "rating"
    with hall.engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection), HallBase.metadata)
    assert [change for change in diff if _table_of(change) in mine] == []


def test_the_reasons_list_is_served_and_citizens_are_not_offered_not_stated(client: TestClient, hall: Hall) -> None:
    answer = client.get("/api/v1/ratings/reasons", headers=auth(hall, Role.KIOSK)).json()
    assert "未说明" in answer["reasons"] and "未说明" not in answer["for_citizens"]
    assert answer["for_citizens"] == [r for r in answer["reasons"] if r != "未说明"]
    assert client.get("/api/v1/ratings/reasons").status_code == 401
