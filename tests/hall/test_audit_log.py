"""The hall's audit log on SQLite and PostgreSQL: staff and supervisor actions recorded with who, what, where and
how it ended; the table refuses UPDATE and DELETE; the hash chain names a row removed behind the triggers' back;
supervisors read and export it, and reading it is recorded too."""

from __future__ import annotations

import csv
import io
import json
import threading
import uuid
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError

from hall.audit import AuditLog, record_cli
from hall.audit_http import ACTIONS, CHANGING
from hall.models import AuditEntry
from hall.server import Hall
from hall.tokens import Role, create_token
from kiosk.cli import main
from tests.support.hall import served
from tests.support.paths import SHIPPED_CONFIG

ID_NUMBER = "11010519491231002X"


@pytest.fixture
def client(hall: Hall) -> Iterator[TestClient]:
    with TestClient(hall.app) as test_client:
        yield test_client


def auth(hall: Hall, role: Role, name: str | None = None) -> dict[str, str]:
    name = name or f"{role.value}-{uuid.uuid4().hex[:6]}"
    return {"Authorization": f"Bearer {create_token(hall.sessions, name, role)}"}


def entries(hall: Hall) -> list[dict[str, Any]]:
    log: AuditLog = hall.app.state.audit
    return [
        {"actor": e.actor, "role": e.role, "action": e.action, "target": e.target, "detail": json.loads(e.detail),
         "address": e.address, "outcome": e.outcome}
        for e in log.all()
    ]  # fmt: skip


def follow_up_id(client: TestClient, hall: Hall, supervisor: dict[str, str]) -> str:
    ticket = hall.queue.take_number("A", "kiosk").ticket
    hall.queue.call_next(2)
    bad = {"ticket_id": str(ticket.id), "level": 1, "channel": "pad", "reasons": ["其他"]}
    assert client.post("/api/v1/ratings", json=bad, headers=auth(hall, Role.PADS)).status_code == 201
    return str(client.get("/api/v1/follow-ups", headers=supervisor).json()["follow_ups"][0]["id"])


def test_staff_and_supervisor_actions_are_recorded_with_who_what_where_and_outcome(
    client: TestClient, hall: Hall
) -> None:
    staff, supervisor = auth(hall, Role.STAFF, "wang.staff"), auth(hall, Role.SUPERVISOR, "li.supervisor")
    waiting = client.post("/api/v1/tickets", json={"category": "A"}, headers=auth(hall, Role.KIOSK)).json()
    pinned = client.post(f"/api/v1/tickets/{waiting['id']}/pin", json={"pinned": True}, headers=supervisor)
    assert pinned.status_code == 200
    assert client.post("/api/v1/windows/2/call-next", headers=staff).status_code == 200
    assert client.post("/api/v1/windows/2/call-next", headers=staff).status_code == 204  # nobody left
    follow_up = follow_up_id(client, hall, supervisor)
    note = {"note": f"已回访 {ID_NUMBER}"}
    assert client.post(f"/api/v1/follow-ups/{follow_up}/close", json=note, headers=supervisor).status_code == 200
    recorded = entries(hall)
    assert [(e["actor"], e["role"], e["action"], e["target"], e["address"], e["outcome"]) for e in recorded] == [
        ("li.supervisor", "supervisor", "ticket.pin", f"ticket_id={waiting['id']}", "testclient", 200),
        ("wang.staff", "staff", "window.call", "window=2", "testclient", 200),
        ("wang.staff", "staff", "window.call", "window=2", "testclient", 204),
        ("li.supervisor", "supervisor", "follow_up.list", "", "testclient", 200),
        ("li.supervisor", "supervisor", "follow_up.close", f"follow_up_id={follow_up}", "testclient", 200),
    ]  # the kiosk's ticket and the pads' rating are device traffic: not recorded
    assert recorded[0]["detail"] == {"method": "POST", "route": "/api/v1/tickets/{ticket_id}/pin",
                                     "body": {"pinned": True}}  # fmt: skip
    assert recorded[-1]["detail"]["body"] == {"note": "已回访 110105********002X"}  # masked before it is stored
    with hall.engine.connect() as connection:
        stored = " ".join(str(row) for row in connection.execute(text("SELECT * FROM audit_entry")))
    assert ID_NUMBER not in stored


def test_a_refused_request_is_recorded_with_its_status(client: TestClient, hall: Hall) -> None:
    staff = auth(hall, Role.STAFF, "zhao.staff")
    assert client.post("/api/v1/windows/2/pause", json={"paused": "maybe"}, headers=staff).status_code == 422
    closing = client.post(f"/api/v1/follow-ups/{uuid.uuid4()}/close", json={"note": "x"}, headers=staff)
    assert closing.status_code == 403  # supervisors only
    assert client.post(f"/api/v1/tickets/{uuid.uuid4()}/pin", json={}, headers=staff).status_code == 404
    assert [(e["actor"], e["action"], e["outcome"]) for e in entries(hall)] == [
        ("zhao.staff", "window.pause", 422),
        ("zhao.staff", "follow_up.close", 403),
        ("zhao.staff", "ticket.pin", 404),
    ]


def test_a_staff_token_may_not_read_the_log_and_its_attempt_is_recorded(client: TestClient, hall: Hall) -> None:
    staff = auth(hall, Role.STAFF, "curious.staff")
    for path in ("/api/v1/audit", "/api/v1/audit/export"):
        refused = client.get(path, headers=staff)
        assert refused.status_code == 403 and refused.json()["error"] == "forbidden"
        assert "令牌无权" in refused.json()["message"]
    assert client.get("/api/v1/audit", headers=auth(hall, Role.KIOSK)).status_code == 403
    assert client.get("/api/v1/audit").status_code == 401
    assert [(e["actor"], e["action"], e["outcome"]) for e in entries(hall)] == [
        ("curious.staff", "audit.read", 403),
        ("curious.staff", "audit.export", 403),
    ]


def test_supervisors_read_the_log_by_page_and_filter_and_reading_is_recorded(client: TestClient, hall: Hall) -> None:
    supervisor, staff = auth(hall, Role.SUPERVISOR, "chief"), auth(hall, Role.STAFF, "desk-3")
    for window in (1, 2, 3):
        client.post(f"/api/v1/windows/{window}/pause", json={"paused": True}, headers=staff)
    first = client.get("/api/v1/audit", params={"limit": 2}, headers=supervisor).json()
    assert [e["target"] for e in first["entries"]] == ["window=1", "window=2"] and first["next_after"] == 2
    rest = client.get("/api/v1/audit", params={"after": 2, "limit": 2}, headers=supervisor).json()
    assert [e["action"] for e in rest["entries"]] == ["window.pause", "audit.read"]  # the first read is in the log
    assert rest["next_after"] == 4
    only = client.get("/api/v1/audit", params={"actor": "chief", "action": "audit.read"}, headers=supervisor).json()
    assert [e["id"] for e in only["entries"]] == [4, 5] and only["next_after"] is None
    assert only["entries"][0]["detail"] == json.dumps(
        {"method": "GET", "query": "limit=2", "route": "/api/v1/audit"}, separators=(",", ":")
    )
    naive = client.get("/api/v1/audit", params={"since": "2026-11-23T10:00:00"}, headers=supervisor)
    assert naive.status_code == 422 and naive.json()["error"] == "invalid_request"


def test_the_csv_and_jsonl_exports_hold_what_the_api_lists(client: TestClient, hall: Hall) -> None:
    supervisor, staff = auth(hall, Role.SUPERVISOR), auth(hall, Role.STAFF)
    client.post("/api/v1/windows/1/pause", json={"paused": True}, headers=staff)
    note = {"note": '说明, 带逗号和"引号"\n第二行'}
    client.post(f"/api/v1/follow-ups/{uuid.uuid4()}/close", json=note, headers=supervisor)
    listed = client.get("/api/v1/audit", headers=supervisor).json()["entries"]
    exported = client.get("/api/v1/audit/export", params={"format": "csv"}, headers=supervisor)
    assert exported.status_code == 200 and exported.headers["content-type"].startswith("text/csv")
    assert "attachment" in exported.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(exported.text)))
    assert len(rows) == len(listed) + 2  # and the read just before it, and this export (recorded as it starts)
    for row, entry in zip(rows, listed, strict=False):
        assert datetime.fromisoformat(row.pop("at")) == datetime.fromisoformat(entry.pop("at"))
        assert row == {key: str(value) for key, value in entry.items()}
    assert [row["action"] for row in rows[-2:]] == ["audit.read", "audit.export"]
    lines = client.get("/api/v1/audit/export?format=jsonl", headers=supervisor).text.splitlines()
    assert [json.loads(line)["hash"] for line in lines[:-1]] == [row["hash"] for row in rows]
    assert json.loads(lines[-1])["detail"] == '{"method":"GET","query":"format=jsonl","route":"/api/v1/audit/export"}'
    assert client.get("/api/v1/audit/export?format=xml", headers=supervisor).status_code == 422


def test_the_table_refuses_update_and_delete(client: TestClient, hall: Hall) -> None:
    client.post("/api/v1/windows/1/pause", json={"paused": True}, headers=auth(hall, Role.STAFF))
    for statement in ("UPDATE audit_entry SET actor = 'someone else'", "DELETE FROM audit_entry"):
        with pytest.raises(DBAPIError, match="append-only"), hall.engine.begin() as connection:
            connection.execute(text(statement))
    if hall.queue.dialect == "postgresql":
        with pytest.raises(DBAPIError, match="append-only"), hall.engine.begin() as connection:
            connection.execute(text("TRUNCATE audit_entry"))
    assert [e["actor"] for e in entries(hall)] != ["someone else"] and len(entries(hall)) == 1


def drop_triggers(hall: Hall) -> None:
    with hall.engine.begin() as connection:
        if hall.queue.dialect == "postgresql":
            connection.execute(text("DROP TRIGGER audit_entry_no_change ON audit_entry"))
        else:
            connection.execute(text("DROP TRIGGER audit_entry_no_update"))
            connection.execute(text("DROP TRIGGER audit_entry_no_delete"))


def test_verify_names_a_row_removed_or_altered_behind_the_triggers_back(hall: Hall) -> None:
    log: AuditLog = hall.app.state.audit
    for n in range(1, 6):
        log.record(actor="desk", role="staff", action="window.call", target=f"window={n}", outcome=200)
    count, head, problems = log.verify()
    assert (count, problems) == (5, []) and len(head) == 64
    drop_triggers(hall)
    with hall.engine.begin() as connection:
        connection.execute(text("DELETE FROM audit_entry WHERE id = 3"))
        connection.execute(text("UPDATE audit_entry SET outcome = 403 WHERE id = 5"))
    count, _head, problems = log.verify()
    assert count == 4
    assert problems == [
        "entry 4: entries 3 before it are missing / 其前的记录缺失",
        "entry 5: its fields do not match its hash (altered) / 该记录被改动",
    ]


def test_appends_from_many_threads_keep_one_chain(hall: Hall) -> None:
    log: AuditLog = hall.app.state.audit
    writers, each = 6, 5
    barrier = threading.Barrier(writers)

    def write(n: int) -> None:
        barrier.wait(timeout=30)
        for k in range(each):
            log.record(actor=f"desk-{n}", role="staff", action="window.call", target=f"window={k}", outcome=200)

    threads = [threading.Thread(target=write, args=(n,)) for n in range(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    count, _head, problems = log.verify()
    assert (count, problems) == (writers * each, [])


@pytest.mark.e2e
def test_over_real_http_the_address_is_the_clients(hall: Hall) -> None:
    staff = auth(hall, Role.STAFF, "window-3")
    with served(hall.app) as base_url, httpx.Client(base_url=base_url, timeout=30) as http:
        assert http.post("/api/v1/windows/3/pause", json={"paused": True}, headers=staff).status_code == 200
    assert [(e["actor"], e["address"], e["outcome"]) for e in entries(hall)] == [("window-3", "127.0.0.1", 200)]


def test_command_line_actions_are_recorded_with_the_os_user(hall: Hall) -> None:
    record_cli(hall.sessions, "token.create", "token=kiosk-09", {"role": "kiosk", "source": "kiosk-09"})
    [entry] = entries(hall)
    assert (entry["role"], entry["action"], entry["target"], entry["outcome"]) == ("cli", "token.create",
                                                                                   "token=kiosk-09", 0)  # fmt: skip
    assert entry["address"].startswith("cli:") and entry["actor"]


def test_every_route_staff_may_change_has_an_action_code(hall: Hall) -> None:
    changing = {
        (method, route.path)
        for route in hall.app.routes
        for method in getattr(route, "methods", set()) & CHANGING
        if route.path.startswith(("/api/", "/web/"))
    }
    assert changing <= set(ACTIONS), changing - set(ACTIONS)


def test_the_command_line_records_token_commands_and_lists_exports_and_verifies(
    hall: Hall, hall_db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    options = ["--config", str(SHIPPED_CONFIG / "hall.toml"), "--db", hall_db_url]
    assert main(["hall", "token", "create", "--name", "desk-9", "--role", "staff", *options]) == 0
    assert main(["hall", "token", "revoke", "desk-9", *options]) == 0
    assert main(["hall", "token", "revoke", "desk-9", *options]) == 2  # nothing left to revoke: recorded as refused
    capsys.readouterr()
    assert main(["hall", "audit", "list", "--action", "token.revoke", *options]) == 0
    listed = capsys.readouterr().out.splitlines()
    assert len(listed) == 2 and all("token.revoke  token=desk-9  cli:" in line for line in listed)
    assert [line.strip().split("  ")[6] for line in listed] == ["0", "2"]  # the outcome: the exit status
    out = tmp_path / "audit.csv"
    assert main(["hall", "audit", "export", "--output", str(out), *options]) == 0
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert [(row["action"], row["target"], row["role"]) for row in rows] == [
        ("token.create", "token=desk-9", "cli"),
        ("token.revoke", "token=desk-9", "cli"),
        ("token.revoke", "token=desk-9", "cli"),
    ]
    assert json.loads(rows[0]["detail"]) == {"role": "staff", "source": None}
    assert main(["hall", "audit", "verify", *options]) == 0
    assert "3 entries" in capsys.readouterr().out
    drop_triggers(hall)
    with hall.engine.begin() as connection:
        connection.execute(text("DELETE FROM audit_entry WHERE id = 2"))
    assert main(["hall", "audit", "verify", *options]) == 1
    assert "entry 3: entries 2 before it are missing" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["hall", "audit", "list", "--since", "2026-11-23T10:00:00", *options])
    assert "give a zone" in capsys.readouterr().err


def test_a_control_character_in_a_path_or_filter_never_costs_an_entry_or_gives_a_500(
    client: TestClient, hall: Hall
) -> None:
    staff, supervisor = auth(hall, Role.STAFF, "desk-nul"), auth(hall, Role.SUPERVISOR)
    reply = client.post("/api/v1/appointments/AB%00CD/cancel", headers=staff)
    assert 400 <= reply.status_code < 500
    [entry] = entries(hall)
    assert entry["target"] == "code=AB\\u0000CD" and entry["outcome"] == reply.status_code
    refused = client.get("/api/v1/audit", params={"actor": "a\x00b"}, headers=supervisor)
    assert refused.status_code == 422 and refused.json()["error"] == "invalid_request"


def test_a_reporting_token_s_bound_source_is_said_and_recorded(
    hall: Hall, hall_db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    options = ["--config", str(SHIPPED_CONFIG / "hall.toml"), "--db", hall_db_url]
    assert main(["hall", "token", "create", "--name", "kiosk-07", "--role", "kiosk", *options]) == 0
    assert "source 'kiosk-07' only" in capsys.readouterr().err
    assert main(["hall", "token", "create", "--name", "pads-east", "--role", "pads", "--source", "hd-1", *options]) == 0
    assert "source 'hd-1' only" in capsys.readouterr().err
    with hall.sessions() as session:
        details = [json.loads(e.detail) for e in session.scalars(select(AuditEntry).order_by(AuditEntry.id))]
    assert details[-2:] == [{"role": "kiosk", "source": "kiosk-07"}, {"role": "pads", "source": "hd-1"}]
