"""The hall's tests run on SQLite and on a real PostgreSQL server: a throwaway cluster started for the session."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from devtools.postgres import PostgresMissing, create_database, drop_database, postgres_bin, throwaway_cluster
from hall.database import open_hall_database
from hall.server import Hall
from tests.support.clocks import FrozenClock
from tests.support.hall import MONDAY_10AM, open_hall, sqlite_url


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
        yield sqlite_url(tmp_path)
        return
    server: str = request.getfixturevalue("postgres_server")
    name = f"hall_{uuid.uuid4().hex[:12]}"
    url = create_database(server, name)
    try:
        yield url
    finally:
        drop_database(server, name)


@pytest.fixture
def hall_db(hall_db_url: str) -> Iterator[tuple[Engine, sessionmaker[Session]]]:
    engine, sessions = open_hall_database(hall_db_url)
    yield engine, sessions
    engine.dispose()


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock(MONDAY_10AM)


@pytest.fixture
def hall(hall_db_url: str, clock: FrozenClock) -> Iterator[Hall]:
    """The shipped hall on each backend, its time held by ``clock``."""
    with open_hall(hall_db_url, clock) as built:
        yield built
