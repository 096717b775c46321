"""Filings sent many times at once to a hall of two server processes on PostgreSQL are each stored once."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import time
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
from sqlalchemy import func, select

from devtools.ports import free_port
from devtools.postgres import create_database, drop_database
from hall.database import open_hall_database
from hall.filings import Filing
from hall.tokens import Role, create_token
from tests.support.filings import filing_body
from tests.support.paths import SHIPPED_CONFIG

FILINGS = 12
COPIES = 8  # each filing sent this many times at once, as a kiosk retrying over a flaky link would


@pytest.mark.e2e
def test_two_server_processes_store_each_filing_once(postgres_server: str, tmp_path: Path) -> None:
    name = f"hall_{uuid.uuid4().hex[:12]}"
    url = create_database(postgres_server, name)
    try:
        _run(url, tmp_path)
    finally:
        drop_database(postgres_server, name)


def _run(url: str, tmp_path: Path) -> None:
    engine, sessions = open_hall_database(url)
    headers = {"Authorization": f"Bearer {create_token(sessions, 'kiosk-01', Role.KIOSK)}"}
    port = free_port()
    command = [sys.executable, "-c", "import sys; from kiosk.cli import main; sys.exit(main())", "hall", "serve",
               "--config", str(SHIPPED_CONFIG / "hall.toml"), "--db", url, "--host", "127.0.0.1",
               "--port", str(port), "--workers", "2"]  # fmt: skip
    environment = {**os.environ, "KIOSK_DATA_DIR": str(tmp_path)}
    server = subprocess.Popen(command, env=environment, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while len(_children(server.pid)) < 2 or not _answers(f"{base}/api/v1/health"):
            assert server.poll() is None and time.monotonic() < deadline, "the hall did not start"
            time.sleep(0.2)
        bodies = [filing_body(n) for n in range(1, FILINGS + 1)]
        sends = [body for body in bodies for _ in range(COPIES)]
        # A new connection per request, so both processes take their share.
        with ThreadPoolExecutor(16) as pool:
            replies = list(pool.map(lambda b: httpx.post(f"{base}/api/v1/filings", json=b, headers=headers), sends))
        by_filing: dict[str, list[httpx.Response]] = {}
        for body, reply in zip(sends, replies, strict=True):
            by_filing.setdefault(body["id"], []).append(reply)
        for answers in by_filing.values():
            assert Counter(r.status_code for r in answers) == {201: 1, 200: COPIES - 1}
            assert len({r.text for r in answers}) == 1
        with sessions() as session:
            assert session.scalar(select(func.count()).select_from(Filing)) == FILINGS
        key = tmp_path / "filing-id.key"
        assert stat.S_IMODE(key.stat().st_mode) == 0o600  # one key, made by the first process, shared
    finally:
        server.terminate()
        server.communicate(timeout=30)
        engine.dispose()


def _children(pid: int) -> list[int]:
    return [int(child) for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]


def _answers(url: str) -> bool:
    try:
        return httpx.get(url, timeout=2).status_code == 200
    except httpx.HTTPError:
        return False
