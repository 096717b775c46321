"""A real hall for the tests: the shipped hall.toml at a fixed working Monday, served by uvicorn on loopback.

Registered as a pytest plugin by tests/conftest.py, so every test can ask for the ``hall`` fixture: a hall on a
fresh SQLite file. tests/hall overrides it to run each hall test on PostgreSQL as well.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from common.settings.transport import TransportKeys
from devtools.ports import free_port
from hall.server import Hall, build_hall
from hall.serving import HallServer
from hall.transport import hall_uvicorn_config
from hall.workers import stop_workers
from tests.support.clocks import FrozenClock
from tests.support.paths import SHIPPED_CONFIG

SHANGHAI = ZoneInfo("Asia/Shanghai")
MONDAY_10AM = datetime(2026, 11, 23, 10, 0, tzinfo=SHANGHAI)  # a working day, every category open


def sqlite_url(directory: Path) -> str:
    return f"sqlite:///{directory / 'hall.db'}"


@contextlib.contextmanager
def open_hall(db_url: str, clock: Callable[[], datetime] | None = None) -> Iterator[Hall]:
    """The hall of the shipped hall.toml on ``db_url``, its time held at Monday 10:00 unless ``clock`` is given.
    Its background workers are stopped (after their first turn, if it had begun): a test takes their steps."""
    built = build_hall(SHIPPED_CONFIG / "hall.toml", db_url, clock=clock or FrozenClock(MONDAY_10AM))
    stop_workers(built.app)
    try:
        yield built
    finally:
        built.close()


@pytest.fixture
def hall(tmp_path: Path) -> Iterator[Hall]:
    """A hall on a fresh SQLite file at Monday 10:00."""
    with open_hall(sqlite_url(tmp_path)) as built:
        yield built


@contextlib.contextmanager
def served(app: Any, port: int | None = None, *, server: TransportKeys | None = None) -> Iterator[str]:
    """Serve an ASGI app with uvicorn on a loopback port (a free one unless given), in a thread joined after, as
    ``kiosk hall serve`` would: with ``server``'s timeouts and TLS, else the hall's ``[server]`` keys."""
    port = port or free_port()
    if server is None:
        hall = getattr(app.state, "hall", None)
        server = hall.queue.config.server if hall is not None else TransportKeys()
    # Open event streams never end by themselves: give them a second to finish when the server stops.
    config = hall_uvicorn_config(app, server, host="127.0.0.1", port=port, timeout_graceful_shutdown=1)
    scheme = "https" if server.tls_cert is not None else "http"
    served_by = HallServer(config)
    thread = threading.Thread(target=served_by.run, name="test-uvicorn")
    thread.start()
    deadline = time.monotonic() + 10
    while not served_by.started and time.monotonic() < deadline:
        time.sleep(0.02)
    try:
        yield f"{scheme}://127.0.0.1:{port}"
    finally:
        served_by.stop()
        thread.join(timeout=10)
