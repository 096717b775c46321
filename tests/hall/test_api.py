"""The hall API over HTTP (in-process ASGI), on SQLite and PostgreSQL: tokens, tickets, windows, errors."""

from __future__ import annotations

import gc
import os
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text

from devtools.ports import free_port
from hall.database import open_hall_database
from hall.server import Hall, app_from_environment, build_hall, serve_environment
from hall.tokens import TOKEN_CACHE_SECONDS, Role, TokenCache, create_token, revoke_token
from hall.workers import stop_workers
from kiosk.cli import main
from tests.support.hall import MONDAY_10AM
from tests.support.paths import SHIPPED_CONFIG

ID_NUMBER = "11010119900307123X"


@pytest.fixture
def client(hall: Hall) -> Iterator[TestClient]:
    with TestClient(hall.app) as test_client:
        yield test_client


def auth(hall: Hall, role: Role, name: str | None = None) -> dict[str, str]:
    return {"Authorization": f"Bearer {create_token(hall.sessions, name or role.value, role)}"}


def test_health_needs_no_token(client: TestClient) -> None:
    reply = client.get("/api/v1/health")
    assert reply.status_code == 200 and reply.json()["status"] == "ok"


def test_every_other_call_needs_a_token_of_an_allowed_role(client: TestClient, hall: Hall) -> None:
    assert client.post("/api/v1/tickets", json={"category": "A"}).json()["error"] == "unauthorized"
    bad = client.get("/api/v1/queue", headers={"Authorization": "Bearer hk_made-up"})
    assert bad.status_code == 401 and "unknown or revoked" in bad.json()["message"]
    display = auth(hall, Role.DISPLAY)
    assert client.get("/api/v1/queue", headers=display).status_code == 200
    refused = client.post("/api/v1/tickets", json={"category": "A"}, headers=display)
    assert refused.status_code == 403 and refused.json() == {
        "error": "forbidden",
        "message": "此令牌无权操作 / a display token may not do this",
    }
    revoke_token(hall.sessions, "display")
    assert client.get("/api/v1/queue", headers=display).status_code == 401


def test_take_a_number_and_follow_it(client: TestClient, hall: Hall) -> None:
    kiosk = auth(hall, Role.KIOSK)
    first = client.post("/api/v1/tickets", json={"category": "A", "channel": "kiosk"}, headers=kiosk)
    assert first.status_code == 201
    second = client.post("/api/v1/tickets", json={"category": "A"}, headers=kiosk).json()
    assert (second["number"], second["waiting_ahead"], second["eta_minutes"]) == ("A002", 1, 4)
    code = hall.app.state.hall.codes.ticket_code(uuid.UUID(second["id"]))
    assert second["qr"] == f"http://127.0.0.1:8700/q/{code}"
    assert client.get(f"/api/v1/tickets/{second['id']}", headers=kiosk).json()["waiting_ahead"] == 1
    page = client.get(f"/q/{code}")
    assert page.status_code == 200 and "A002" in page.text and "前面还有 1 人" in page.text
    queue = client.get("/api/v1/queue", headers=kiosk).json()
    assert {c["prefix"]: c["waiting"] for c in queue["categories"]}["A"] == 2
    hours = {c["prefix"]: (c["hours_zh"], c["hours_en"]) for c in queue["categories"]}
    assert hours["S"] == ("24小时", "24 hours") and hours["A"][0].startswith("周一至周五 ")


def test_window_staff_call_transfer_pause(client: TestClient, hall: Hall) -> None:
    kiosk, pads = auth(hall, Role.KIOSK), auth(hall, Role.PADS)
    taken = client.post("/api/v1/tickets", json={"category": "A"}, headers=kiosk).json()
    assert client.post("/api/v1/windows/2/call-next", headers=kiosk).status_code == 403
    called = client.post("/api/v1/windows/2/call-next", headers=pads)
    assert called.status_code == 200 and called.json()["ticket"]["number"] == taken["number"]
    code = taken["qr"].rsplit("/q/", 1)[1]
    page = client.get(f"/q/{code}").text
    assert page.count('<p class="window">请到 2 号窗口') == 1
    rate = page.split('<a class="button" href="', 1)[1].split('"', 1)[0]
    assert rate == f"/r/{code}" and "Rate this service" in page  # the ticket's own code, nothing new
    assert client.get(rate).status_code == 200
    assert client.post("/api/v1/windows/2/recall", headers=pads).json()["ticket"]["number"] == "A001"
    moved = client.post("/api/v1/windows/2/transfer", json={"to_window": 3}, headers=pads)
    assert moved.status_code == 200 and moved.json()["ticket"]["status"] == "waiting"
    assert client.post("/api/v1/windows/2/call-next", headers=pads).status_code == 204
    assert client.post("/api/v1/windows/3/call-next", headers=pads).json()["ticket"]["number"] == "A001"
    assert client.post("/api/v1/windows/3/complete", headers=pads).status_code == 200
    assert client.post("/api/v1/windows/3/pause", json={"paused": True}, headers=pads).json()["paused"] is True
    paused = client.post("/api/v1/windows/3/call-next", headers=pads)
    assert paused.status_code == 409 and paused.json()["error"] == "window_paused"
    assert client.post("/api/v1/windows/42/call-next", headers=pads).json()["error"] == "unknown_window"


def test_bad_input_gets_a_4xx_that_says_what_was_wrong(client: TestClient, hall: Hall) -> None:
    kiosk = auth(hall, Role.KIOSK)
    unknown = client.post("/api/v1/tickets", json={"category": "Z"}, headers=kiosk)
    assert unknown.status_code == 422 and unknown.json()["error"] == "unknown_category"
    wrong_type = client.post("/api/v1/tickets", json={"category": 7}, headers=kiosk)
    assert wrong_type.status_code == 422 and "category" in wrong_type.json()["message"]
    extra = client.post("/api/v1/tickets", json={"category": "A", "vip": True}, headers=kiosk)
    assert extra.status_code == 422 and "vip" in extra.json()["message"]
    bad_id = client.post("/api/v1/tickets", json={"category": "A", "id_number": "123"}, headers=kiosk)
    assert bad_id.status_code == 422 and "id_number" in bad_id.json()["message"]
    huge = client.post("/api/v1/tickets", content=b"{" + b" " * 70_000 + b"}", headers=kiosk)
    assert huge.status_code == 413 and huge.json()["error"] == "body_too_large"
    broken = client.post("/api/v1/tickets", content=b"{not json", headers={**kiosk, "content-type": "application/json"})
    assert broken.status_code == 422
    assert client.get("/api/v1/tickets/not-a-uuid", headers=kiosk).status_code == 422
    assert client.get("/api/v1/queue", headers=kiosk).json()["categories"][0]["waiting"] == 0  # nothing half-written


def test_duplicate_id_is_refused_and_the_number_never_stored(client: TestClient, hall: Hall) -> None:
    kiosk = auth(hall, Role.KIOSK)
    body = {"category": "A", "id_number": ID_NUMBER}
    assert client.post("/api/v1/tickets", json=body, headers=kiosk).status_code == 201
    again = client.post("/api/v1/tickets", json=body, headers=kiosk)
    assert again.status_code == 409 and again.json()["error"] == "duplicate_ticket"
    assert "A001" not in again.json()["message"] and "请勿重复取号" in again.json()["message"]
    with hall.engine.connect() as connection:
        rows = " ".join(str(r) for r in connection.execute(text("SELECT * FROM ticket")))
    assert ID_NUMBER not in rows


def test_token_commands(tmp_path: Path, hall_db_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    config = str(SHIPPED_CONFIG / "hall.toml")
    assert main(["hall", "token", "create", "--name", "kiosk-01", "--role", "kiosk", "--config", config,
                 "--db", hall_db_url]) == 0  # fmt: skip
    token = capsys.readouterr().out.strip()
    assert token.startswith("hk_") and len(token) > 40
    assert main(["hall", "token", "create", "--name", "kiosk-01", "--role", "kiosk", "--config", config,
                 "--db", hall_db_url]) == 2  # fmt: skip
    assert "exists" in capsys.readouterr().err
    hall = build_hall(SHIPPED_CONFIG / "hall.toml", hall_db_url, clock=lambda: MONDAY_10AM)
    try:
        with TestClient(hall.app) as client:
            headers = {"Authorization": f"Bearer {token}"}
            assert client.post("/api/v1/tickets", json={"category": "A"}, headers=headers).status_code == 201
            assert main(["hall", "token", "revoke", "kiosk-01", "--config", config, "--db", hall_db_url]) == 0
            assert client.post("/api/v1/tickets", json={"category": "A"}, headers=headers).status_code == 401
    finally:
        hall.close()
    with hall.engine.connect() as connection:
        stored = " ".join(str(r) for r in connection.execute(text("SELECT * FROM api_token")))
    assert token not in stored


def test_a_supervisor_pins_a_ticket_ahead_of_all_but_the_green_channel(client: TestClient, hall: Hall) -> None:
    kiosk, staff, pads = auth(hall, Role.KIOSK), auth(hall, Role.SUPERVISOR), auth(hall, Role.PADS)
    plain = client.post("/api/v1/tickets", json={"category": "A"}, headers=kiosk).json()
    client.post("/api/v1/tickets", json={"category": "V", "green": True}, headers=kiosk)
    client.post("/api/v1/tickets", json={"category": "Y"}, headers=kiosk)
    assert client.post(f"/api/v1/tickets/{plain['id']}/pin", json={"pinned": True}, headers=kiosk).status_code == 403
    pinned = client.post(f"/api/v1/tickets/{plain['id']}/pin", json={"pinned": True}, headers=staff)
    assert pinned.status_code == 200 and pinned.json()["waiting_ahead"] == 0
    order = []
    while (reply := client.post("/api/v1/windows/1/call-next", headers=pads)).status_code == 200:
        order.append(reply.json()["ticket"]["number"])
    assert order == ["V001", "A001", "Y001"]
    again = client.post(f"/api/v1/tickets/{plain['id']}/pin", json={"pinned": True}, headers=staff)
    assert again.status_code == 409 and again.json()["error"] == "not_waiting"
    missing = client.post(f"/api/v1/tickets/{uuid.uuid4()}/pin", json={"pinned": True}, headers=staff)
    assert missing.status_code == 404


def test_a_token_revoked_by_another_process_stops_working_within_the_cache_time(hall: Hall) -> None:
    seconds = [100.0]
    cache = TokenCache(hall.queue.readers, clock=lambda: seconds[0])
    token = create_token(hall.sessions, "kiosk-02", Role.KIOSK)
    assert cache.cached(token) is None  # never seen: read from the database
    assert cache.role_of(token) == Role.KIOSK and cache.cached(token) == Role.KIOSK
    with hall.engine.begin() as connection:  # what `kiosk hall token revoke` in another process does
        connection.execute(text("UPDATE api_token SET revoked_at = created_at WHERE name = 'kiosk-02'"))
    seconds[0] += TOKEN_CACHE_SECONDS - 0.5
    assert cache.role_of(token) == Role.KIOSK  # still trusted from memory
    seconds[0] += 0.5
    assert cache.cached(token) is None and cache.role_of(token) is None
    assert cache.role_of("hk_made-up") is None and cache.cached("hk_made-up") is None


def test_a_token_revoked_in_this_process_stops_working_at_once(hall: Hall) -> None:
    cache = TokenCache(hall.queue.readers, clock=lambda: 100.0)  # a clock that never moves on
    token = create_token(hall.sessions, "kiosk-03", Role.KIOSK)
    assert cache.role_of(token) == Role.KIOSK
    revoke_token(hall.sessions, "kiosk-03")
    assert cache.cached(token) is None and cache.role_of(token) is None
    again = create_token(hall.sessions, "kiosk-03", Role.STAFF)  # the name is free again, with a new token
    assert cache.role_of(again) == Role.STAFF and cache.role_of(token) is None


@pytest.mark.e2e
def test_serve_with_several_worker_processes_shares_one_numbering(hall_db_url: str, tmp_path: Path) -> None:
    engine, sessions = open_hall_database(hall_db_url)
    try:
        headers = {"Authorization": f"Bearer {create_token(sessions, 'kiosk-01', Role.KIOSK)}"}
    finally:
        engine.dispose()
    port = free_port()
    command = [sys.executable, "-c", "import sys; from kiosk.cli import main; sys.exit(main())", "hall", "serve",
               "--config", str(SHIPPED_CONFIG / "hall.toml"), "--db", hall_db_url, "--host", "127.0.0.1",
               "--port", str(port), "--workers", "2"]  # fmt: skip
    environment = {**os.environ, "KIOSK_DATA_DIR": str(tmp_path)}
    server = subprocess.Popen(command, env=environment, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while len(_children(server.pid)) < 2 or not _answers(f"{base}/api/v1/health"):
            assert server.poll() is None and time.monotonic() < deadline, "the hall did not start"
            time.sleep(0.2)
        with httpx.Client(base_url=base, headers=headers, timeout=30) as client, ThreadPoolExecutor(8) as pool:
            replies = list(pool.map(lambda _: client.post("/api/v1/tickets", json={"category": "S"}), range(40)))
        assert sorted(reply.json()["number"] for reply in replies) == [f"S{i:03d}" for i in range(1, 41)]
    finally:
        server.terminate()
        output = server.communicate(timeout=30)[0].decode()
    assert "hall server: http://127.0.0.1" in output


def test_serve_refuses_a_worker_count_out_of_range(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["hall", "serve", "--workers", "0"]) == 2
    assert "--workers must be 1 to 64" in capsys.readouterr().err


def _children(pid: int) -> list[int]:
    return [int(child) for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]


def _answers(url: str) -> bool:
    try:
        return httpx.get(url, timeout=2).status_code == 200
    except httpx.HTTPError:
        return False


def test_a_worker_process_builds_the_hall_from_the_serve_options_and_freezes_its_heap(
    hall_db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KIOSK_DATA_DIR", str(tmp_path))
    for name, value in serve_environment(SHIPPED_CONFIG / "hall.toml", hall_db_url, "127.0.0.1", 8799).items():
        monkeypatch.setenv(name, value)
    try:
        app = app_from_environment()
        assert gc.get_freeze_count() > 0  # what was alive after start-up is out of the collector's way
    finally:
        gc.unfreeze()  # this is a test process, not a server
    try:
        with TestClient(app) as client:
            health = client.get("/api/v1/health").json()
            qr = client.post("/api/v1/tickets", json={"category": "S"}, headers=_kiosk_token(hall_db_url)).json()["qr"]
    finally:
        stop_workers(app)  # a worker process ends with its background threads; this test process goes on
    assert health["database"] in hall_db_url and qr.startswith("http://127.0.0.1:8799/q/")


def _kiosk_token(url: str) -> dict[str, str]:
    engine, sessions = open_hall_database(url)
    try:
        return {"Authorization": f"Bearer {create_token(sessions, 'kiosk-09', Role.KIOSK)}"}
    finally:
        engine.dispose()


def test_a_reporting_token_is_bound_to_its_source_and_others_to_none(hall: Hall) -> None:
    from hall.tokens import Caller, TokenError, caller_of  # noqa: PLC0415

    kiosk = create_token(hall.sessions, "kiosk-07", Role.KIOSK)
    pads = create_token(hall.sessions, "pads-east", Role.PADS, source="hall-devices")
    staff = create_token(hall.sessions, "window-9", Role.STAFF)
    with hall.sessions() as session:
        assert caller_of(session, kiosk) == Caller("kiosk-07", Role.KIOSK, "kiosk-07")
        assert caller_of(session, pads) == Caller("pads-east", Role.PADS, "hall-devices")
        assert caller_of(session, staff) == Caller("window-9", Role.STAFF, None)
    with pytest.raises(TokenError, match="no source"):
        create_token(hall.sessions, "lead", Role.SUPERVISOR, source="kiosk-07")
