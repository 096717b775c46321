"""Half-open connections are dropped: raw sockets against a real uvicorn on loopback that send nothing, half a
request line, headers without their end, or half a body are closed; a slow upload that keeps moving is not."""

from __future__ import annotations

import contextlib
import select
import socket
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from common.settings.transport import TransportKeys
from hall.server import Hall
from hall.tokens import Role, create_token
from tests.hall.uploads import jpeg, sha
from tests.support.hall import open_hall, served, sqlite_url

QUICK = TransportKeys(header_timeout_s=1, body_timeout_s=1, keep_alive_s=1)
WAIT_S = 20  # far past every timeout above: a connection still open then is never closed


@pytest.fixture
def hall(tmp_path: Path) -> Iterator[Hall]:
    """Connections do not depend on the database: SQLite only."""
    with open_hall(sqlite_url(tmp_path)) as built:
        yield built


def connect(base: str) -> socket.socket:
    where = urlsplit(base)
    return socket.create_connection((where.hostname or "127.0.0.1", where.port or 80), timeout=10)


def closed_by_server(sockets: list[socket.socket], deadline: float) -> list[socket.socket]:
    """The sockets the server closed (EOF or reset) before ``deadline``; whatever it answered first is read."""
    open_ones, closed = list(sockets), []
    while open_ones and time.monotonic() < deadline:
        readable, _, _ = select.select(open_ones, [], [], 0.5)
        for sock in readable:
            try:
                data = sock.recv(65536)
            except OSError:
                data = b""
            if not data:
                open_ones.remove(sock)
                closed.append(sock)
    return closed


def half_requests(base: str, kiosk_token: str) -> list[socket.socket]:
    """Each kind of half-sent request, several times over."""
    host = urlsplit(base).netloc
    attachment = jpeg(4096)
    upload_headers = (
        f"PUT /api/v1/attachments/{sha(attachment)} HTTP/1.1\r\nHost: {host}\r\n"
        f"Authorization: Bearer {kiosk_token}\r\nContent-Type: image/jpeg\r\n"
        f"Content-Length: {len(attachment)}\r\n\r\n"
    ).encode()
    halves = [
        b"",  # connected, never a byte
        b"GET /api/v1/hea",  # half a request line
        f"GET /api/v1/health HTTP/1.1\r\nHost: {host}\r\nX-Half: ".encode(),  # headers without their end
        upload_headers + attachment[:1000],  # a body cut short: the application waits for the rest
    ]
    sockets = []
    for _ in range(25):
        for half in halves:
            sock = connect(base)
            if half:
                sock.sendall(half)
            sockets.append(sock)
    return sockets


def test_half_sent_requests_are_closed_within_the_timeouts(hall: Hall) -> None:
    token = create_token(hall.sessions, "kiosk-01", Role.KIOSK)
    with served(hall.app, server=QUICK) as base:
        sockets = half_requests(base, token)
        try:
            closed = closed_by_server(sockets, time.monotonic() + WAIT_S)
            assert len(closed) == len(sockets), f"{len(sockets) - len(closed)} of {len(sockets)} still open"
            # The server still answers everyone else.
            with contextlib.closing(connect(base)) as sock:
                sock.sendall(b"GET /api/v1/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                assert sock.recv(100).startswith(b"HTTP/1.1 200")
        finally:
            for sock in sockets:
                sock.close()


def test_an_idle_kept_alive_connection_is_closed(hall: Hall) -> None:
    with served(hall.app, server=QUICK) as base, contextlib.closing(connect(base)) as sock:
        sock.sendall(b"GET /api/v1/health HTTP/1.1\r\nHost: x\r\n\r\n")
        assert sock.recv(4096).startswith(b"HTTP/1.1 200")
        assert closed_by_server([sock], time.monotonic() + WAIT_S) == [sock]


def test_a_slow_upload_that_keeps_moving_is_not_cut(hall: Hall) -> None:
    """Its body takes several body timeouts in all, but no pause between two parts is that long."""
    token = create_token(hall.sessions, "kiosk-01", Role.KIOSK)
    data = jpeg(64 * 1024)
    head = (
        f"PUT /api/v1/attachments/{sha(data)} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {token}\r\n"
        f"Content-Type: image/jpeg\r\nContent-Length: {len(data)}\r\nConnection: close\r\n\r\n"
    ).encode()
    with served(hall.app, server=QUICK) as base, contextlib.closing(connect(base)) as sock:
        sock.settimeout(WAIT_S)
        sock.sendall(head)
        parts = [data[i : i + 8192] for i in range(0, len(data), 8192)]
        for part in parts:  # 8 parts, 0.4 s apart: 2.8 s in all, against a 1 s body timeout
            time.sleep(0.4)
            sock.sendall(part)
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    assert answer.startswith(b"HTTP/1.1 201"), answer[:200]
    # Headers, too, may come slowly within their timeout: a request line then its headers a moment later.
    with served(hall.app, server=QUICK) as base, contextlib.closing(connect(base)) as sock:
        sock.settimeout(WAIT_S)
        sock.sendall(b"GET /api/v1/health HTTP/1.1\r\n")
        time.sleep(0.3)
        sock.sendall(b"Host: x\r\nConnection: close\r\n\r\n")
        assert sock.recv(100).startswith(b"HTTP/1.1 200")
