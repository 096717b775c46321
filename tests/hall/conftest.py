"""The hall's tests run on SQLite and on a real PostgreSQL server: a throwaway cluster started for the session."""

from __future__ import annotations

import contextlib
import socket
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest
import uvicorn
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from devtools.postgres import PostgresMissing, postgres_bin, throwaway_cluster
from hall.database import open_hall_database
from hall.serving import HallServer


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """A private cluster on a free port (initdb as the postgres user when run as root); removed afterwards."""
    try:
        binaries = postgres_bin()
    except PostgresMissing as missing:
        pytest.fail(str(missing))
    with throwaway_cluster(binaries) as cluster:
        yield cluster.url


@pytest.fixture(params=["sqlite", "postgresql"])
def hall_db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty hall database on each backend."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'hall.db'}"
        return
    server: str = request.getfixturevalue("postgres_server")
    name = f"hall_{uuid.uuid4().hex[:12]}"
    plain = server.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(f"{plain}/postgres", autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"{server}/{name}"
    finally:
        with psycopg.connect(f"{plain}/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def hall_db(hall_db_url: str) -> Iterator[tuple[Engine, sessionmaker[Session]]]:
    engine, sessions = open_hall_database(hall_db_url)
    yield engine, sessions
    engine.dispose()


@contextlib.contextmanager
def served(app: Any, port: int | None = None) -> Iterator[str]:
    """Serve an ASGI app with uvicorn on a loopback port (a free one unless given), in a thread joined after."""
    port = port or free_port()
    # Open event streams never end by themselves: give them a second to finish when the server stops.
    config = uvicorn.Config(
        app, host="127.0.0.1", port=port, log_config=None, access_log=False, timeout_graceful_shutdown=1
    )
    server = HallServer(config)
    thread = threading.Thread(target=server.run, name="test-uvicorn")
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.stop()
        thread.join(timeout=10)
