"""电子监察's sweep on SQLite and PostgreSQL: each kind of warning turns yellow, then red (the same alert, updated),
then closes when its condition ends; GET /api/v1/alerts shows them beside the payment alerts."""

from __future__ import annotations

import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime

from alembic import command
from fastapi.testclient import TestClient
from sqlalchemy import select, text

from common.schema import alembic_config
from devices.words import Words
from hall.alerts import Alert, Alerts
from hall.database import MIGRATIONS, create_hall_engine
from hall.models import HallEvent, WindowState
from hall.server import Hall
from hall.supervision import Supervision
from hall.tokens import Role, create_token
from tests.support.clocks import FrozenClock
from tests.support.filings import filing_api
from tests.support.hall import SHANGHAI, open_hall


def sweep(hall: Hall) -> None:
    """One turn of electronic supervision's sweep (test halls' workers are stopped: tests sweep by hand, at the
    moments they choose)."""
    supervision: Supervision = hall.app.state.supervision
    supervision.sweep()


def standing(hall: Hall, kind: str) -> dict[str, str]:
    """Subject -> severity of the standing warnings of ``kind``."""
    with hall.sessions() as session:
        query = select(Alert).where(Alert.kind == kind, Alert.cleared_at.is_(None))
        return {a.subject: a.severity for a in session.scalars(query)}


def every(hall: Hall, kind: str) -> list[Alert]:
    with hall.sessions() as session:
        return list(session.scalars(select(Alert).where(Alert.kind == kind).order_by(Alert.id)))


def at(clock: FrozenClock, day: int, hour: int = 10, minute: int = 0) -> None:
    clock.moment = datetime(2026, 11, day, hour, minute, tzinfo=SHANGHAI)


def auth(hall: Hall, role: Role) -> dict[str, str]:
    return {"Authorization": f"Bearer {create_token(hall.sessions, f'{role.value}-{uuid.uuid4().hex[:6]}', role)}"}


def test_a_filing_warns_yellow_then_red_on_each_limit_and_clears_when_concluded(hall: Hall, clock: FrozenClock) -> None:
    # 出生登记: promised 1 working day, statutory 5. Filed Monday 11-23: promised due Tue 11-24, statutory Mon 11-30.
    with filing_api(hall) as api:
        filing = api.filed(1)
        number = filing["number"]
        sweep(hall)
        assert standing(hall, "supervision.filing_promised") == {number: "warning"}  # 1 working day left
        assert standing(hall, "supervision.filing_statutory") == {}
        at(clock, 25)  # Wednesday: past the promised day
        sweep(hall)
        assert standing(hall, "supervision.filing_promised") == {number: "critical"}
        [promised] = every(hall, "supervision.filing_promised")  # updated, not a second alert
        assert "已逾期" in promised.message_zh and "2026-11-24" in promised.message_zh
        at(clock, 27)  # Friday: one working day to the statutory limit
        sweep(hall)
        assert standing(hall, "supervision.filing_statutory") == {number: "warning"}
        clock.moment = datetime(2026, 12, 1, 9, 0, tzinfo=SHANGHAI)
        sweep(hall)
        assert standing(hall, "supervision.filing_statutory") == {number: "critical"}
        assert api.act(filing["id"], "reject", {"reason": "材料不全"}).status_code == 200
        sweep(hall)
        assert standing(hall, "supervision.filing_promised") == standing(hall, "supervision.filing_statutory") == {}
        assert all(a.cleared_at is not None for a in every(hall, "supervision.filing_statutory"))


def test_the_clock_of_an_accepted_filing_starts_on_the_day_it_was_accepted(hall: Hall, clock: FrozenClock) -> None:
    with filing_api(hall) as api:
        filing = api.filed(2)
        at(clock, 24)
        assert api.act(filing["id"], "accept").status_code == 200  # Tuesday: promised now due Wednesday
        at(clock, 25)
        sweep(hall)
        assert standing(hall, "supervision.filing_promised") == {filing["number"]: "warning"}


def test_a_long_wait_warns_yellow_then_red_and_clears_once_called(hall: Hall, clock: FrozenClock) -> None:
    ticket = hall.queue.take_number("A", "kiosk").ticket
    subject = f"2026-11-23 {ticket.number}"
    clock.advance(minutes=29)
    sweep(hall)
    assert standing(hall, "supervision.ticket_wait") == {}
    clock.advance(minutes=1)
    sweep(hall)
    assert standing(hall, "supervision.ticket_wait") == {subject: "warning"}
    clock.advance(minutes=30)
    sweep(hall)
    assert standing(hall, "supervision.ticket_wait") == {subject: "critical"}
    assert "超过 60 分钟" in every(hall, "supervision.ticket_wait")[0].message_zh
    assert hall.queue.call_next(2) is not None
    sweep(hall)
    assert standing(hall, "supervision.ticket_wait") == {}
    assert len(every(hall, "supervision.ticket_wait")) == 1


def test_a_paused_window_warns_and_a_red_asks_again_after_a_yellow_was_acknowledged(
    hall: Hall, clock: FrozenClock
) -> None:
    hall.queue.pause(3, True)
    with hall.sessions() as session:
        state = session.get(WindowState, 3)
        assert state is not None and state.paused_at == clock()
    clock.advance(minutes=15)
    sweep(hall)
    assert standing(hall, "supervision.window_paused") == {"3": "warning"}
    [alert] = every(hall, "supervision.window_paused")
    Alerts(hall.sessions, clock).acknowledge(alert.id, "supervisor-zhang", "午休 lunch")
    clock.advance(minutes=15)
    sweep(hall)
    [alert] = every(hall, "supervision.window_paused")
    assert alert.severity == "critical" and alert.acknowledged_at is None  # turned red: to be looked at again
    hall.queue.pause(3, False)
    with hall.sessions() as session:
        state = session.get(WindowState, 3)
        assert state is not None and state.paused_at is None
    sweep(hall)
    assert standing(hall, "supervision.window_paused") == {}


def test_a_window_paused_after_hours_keeps_nobody_waiting(hall: Hall, clock: FrozenClock) -> None:
    at(clock, 23, 17, 30)
    hall.queue.pause(2, True)
    at(clock, 23, 23, 0)
    sweep(hall)
    assert standing(hall, "supervision.window_paused") == {}


def test_a_follow_up_warns_near_its_due_day_then_red_then_clears_when_closed(hall: Hall, clock: FrozenClock) -> None:
    with TestClient(hall.app) as client:
        ticket = hall.queue.take_number("A", "kiosk").ticket
        hall.queue.call_next(2)
        bad = {"ticket_id": str(ticket.id), "level": 1, "channel": "pad", "reasons": ["办理时间过长"]}
        rated = client.post("/api/v1/ratings", json=bad, headers=auth(hall, Role.PADS))
        assert rated.status_code == 201, rated.text
        rating_id, follow_up = rated.json()["id"], rated.json()["follow_up"]
        assert follow_up["due_date"] == "2026-11-30"
        sweep(hall)
        assert standing(hall, "supervision.follow_up") == {}
        at(clock, 27)  # Friday: one working day left
        sweep(hall)
        assert standing(hall, "supervision.follow_up") == {rating_id: "warning"}
        clock.moment = datetime(2026, 12, 1, 9, 0, tzinfo=SHANGHAI)
        sweep(hall)
        assert standing(hall, "supervision.follow_up") == {rating_id: "critical"}
        supervisor = auth(hall, Role.SUPERVISOR)
        closed = client.post(f"/api/v1/follow-ups/{follow_up['id']}/close", json={"note": "已回访"}, headers=supervisor)
        assert closed.status_code == 200
        sweep(hall)
        assert standing(hall, "supervision.follow_up") == {}


def test_the_alerts_api_lists_warnings_with_payment_alerts_and_leaves_cleared_ones_out(
    hall: Hall, clock: FrozenClock
) -> None:
    Alerts(hall.sessions, clock).raise_alert("payment.reconcile", "critical", "2026-11-22", Words("差异", "differ"))
    hall.queue.pause(1, True)
    clock.advance(minutes=31)
    with hall.sessions() as session:
        before = session.scalar(select(HallEvent.id).order_by(HallEvent.id.desc()).limit(1)) or 0
    sweep(hall)
    with hall.sessions() as session:
        kinds = list(session.scalars(select(HallEvent.kind).where(HallEvent.id > before)))
    assert "supervision.changed" in kinds
    headers = auth(hall, Role.SUPERVISOR)
    with TestClient(hall.app) as client:
        listed = client.get("/api/v1/alerts", headers=headers).json()["alerts"]
        assert {(a["kind"], a["severity"]) for a in listed} == {
            ("payment.reconcile", "critical"),
            ("supervision.window_paused", "critical"),
        }
        assert all(a["cleared_at"] is None for a in listed)
        hall.queue.pause(1, False)
        sweep(hall)
        still = client.get("/api/v1/alerts", headers=headers).json()["alerts"]
        assert [a["kind"] for a in still] == ["payment.reconcile"]
        everything = client.get("/api/v1/alerts?state=all&kind=supervision.window_paused", headers=headers).json()
        [cleared] = everything["alerts"]
        assert cleared["cleared_at"] is not None and cleared["acknowledged_at"] is None


def test_two_processes_sweeping_at_once_raise_each_warning_once(hall: Hall, clock: FrozenClock) -> None:
    for _ in range(3):
        hall.queue.take_number("A", "kiosk")
    hall.queue.pause(2, True)
    clock.advance(minutes=45)
    supervision: Supervision = hall.app.state.supervision
    others = [Supervision(hall.sessions, supervision.rules, clock) for _ in range(4)]  # each its own lock
    with ThreadPoolExecutor(len(others)) as pool:
        list(pool.map(lambda other: other.sweep(), others))
    sweep(hall)
    assert len(every(hall, "supervision.ticket_wait")) == 3
    assert len(every(hall, "supervision.window_paused")) == 1


def test_a_window_paused_before_migration_0018_is_paused_from_then(hall_db_url: str) -> None:
    engine = create_hall_engine(hall_db_url)
    config = alembic_config(MIGRATIONS)
    try:
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, "0016")
        with engine.begin() as connection:
            connection.execute(text("INSERT INTO window_state (number, paused) VALUES (3, :yes)"), {"yes": True})
        before = datetime.now(UTC)
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, "0018")
    finally:
        engine.dispose()
    with open_hall(hall_db_url) as migrated, migrated.sessions() as session:
        state = session.get(WindowState, 3)
        assert state is not None and state.paused and state.paused_at is not None
        assert abs((state.paused_at - before).total_seconds()) < 60
