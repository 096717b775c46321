"""Materials from the phone at the edges: the per-file limit however the body is framed, and sessions shared by
two real `kiosk hall serve` processes on one database and one attachment directory."""

from __future__ import annotations

import contextlib
import functools
import os
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import requests

from devtools.ports import free_port
from hall.database import open_hall_database
from hall.server import build_hall
from hall.tokens import Role, create_token
from tests.hall.phone import SESSIONS, PhoneHall, photo, serving_phone
from tests.hall.uploads import MB, hall_config
from tests.support.clocks import FrozenClock
from tests.support.hall import MONDAY_10AM, sqlite_url
from tests.support.paths import SHIPPED_CONFIG
from tests.support.processes import KIOSK, Running


@pytest.fixture
def small_limit_hall(config_dir: Path, tmp_path: Path) -> Iterator[PhoneHall]:
    """A hall whose attachments (and so phone files) are at most 1 MB."""
    built = build_hall(hall_config(config_dir, max_mb=1), sqlite_url(tmp_path), clock=FrozenClock(MONDAY_10AM))
    try:
        with serving_phone(built) as phone:
            yield phone
    finally:
        built.close()


def test_a_file_over_the_limit_is_refused_however_it_is_framed(small_limit_hall: PhoneHall) -> None:
    phone = small_limit_hall
    session = phone.open()
    big = b"\xff\xd8\xff\xe0" + os.urandom(MB)
    declared = phone.send(session, big)
    assert declared.status_code == 413 and declared.json()["error"] == "body_too_large"
    chunked = phone.send(session, (big[i : i + 64 * 1024] for i in range(0, len(big), 64 * 1024)))
    assert chunked.status_code == 413 and chunked.json()["error"] == "body_too_large"
    assert "1 MB" in chunked.json()["message"] and "文件太大" in chunked.json()["message"]
    assert phone.files(session)["files"] == []
    partial = phone.hall.app.state.hall.attachments.root / ".partial"
    assert not partial.exists() or list(partial.iterdir()) == []
    exactly = b"\xff\xd8\xff\xe0" + os.urandom(MB - 4)
    assert phone.send(session, exactly).status_code == 201


def answers(url: str) -> bool:
    try:
        return requests.get(url, timeout=2).status_code == 200
    except requests.RequestException:
        return False


@pytest.mark.e2e
def test_two_server_processes_share_the_sessions(hall_db_url: str) -> None:
    """A session opened on one server process takes files on the other and is ended from either."""
    engine, sessions = open_hall_database(hall_db_url)
    token = create_token(sessions, "kiosk-01", Role.KIOSK, source="K01")
    engine.dispose()
    kiosk = {"Authorization": f"Bearer {token}"}
    urls: list[str] = []
    with contextlib.ExitStack() as stack:
        for _ in range(2):
            port = free_port()
            command = [str(KIOSK), "hall", "serve", "--config", str(SHIPPED_CONFIG / "hall.toml"),
                       "--db", hall_db_url, "--host", "127.0.0.1", "--port", str(port)]  # fmt: skip
            process = stack.enter_context(Running(command))
            url = f"http://127.0.0.1:{port}"
            process.wait_until(functools.partial(answers, f"{url}/api/v1/health"), "the hall answering")
            urls.append(url)
        one, two = urls
        opened = requests.post(f"{one}{SESSIONS}", json={"kiosk_id": "K01"}, headers=kiosk, timeout=10).json()
        path = urlsplit(opened["url"]).path
        data = photo()
        assert requests.put(f"{two}{path}/files", data=data, params={"name": "a.jpg"}, timeout=10).status_code == 201
        listed = requests.get(f"{one}{SESSIONS}/{opened['id']}", headers=kiosk, timeout=10).json()
        assert [f["name"] for f in listed["files"]] == ["a.jpg"]
        back = requests.get(f"{one}/api/v1/attachments/{listed['files'][0]['sha256']}", headers=kiosk, timeout=10)
        assert back.content == data  # stored by one process, read by the other
        assert requests.delete(f"{two}{SESSIONS}/{opened['id']}", headers=kiosk, timeout=10).status_code == 204
        refused = requests.put(f"{one}{path}/files", data=photo((1, 1, 1)), timeout=10)
        assert refused.status_code == 410 and refused.json()["error"] == "session_ended"
