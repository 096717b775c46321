"""Every route stops reading a request's body at its limit, however the body is framed: a declared length over it
is refused unread, a chunked body is refused where it passes the limit, and the server reads no further."""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from devtools.ports import free_port
from hall.body_limit import MAX_BODY_BYTES, BodyLimits
from hall.server import Hall
from hall.tokens import Role, create_token
from tests.support.hall import served
from tests.support.paths import SHIPPED_CONFIG
from tests.support.processes import KIOSK, Running

# Routes that take a body, as a client without a token would hit them: the JSON API and the public rating page.
ROUTES = [
    ("POST", "/api/v1/tickets"),
    ("POST", "/api/v1/ratings"),
    ("POST", "/api/v1/appointments/check-in"),
    ("PUT", "/api/v1/devices/kiosk-01"),
    ("POST", "/r/not-a-real-link"),
]
MB = 1024 * 1024
HUGE = 100 * MB


class Counted:
    """A body of ``total`` bytes made as it is sent (chunked framing), counting how much the client got out."""

    def __init__(self, total: int, piece: int = 64 * 1024) -> None:
        self.total, self.piece, self.sent = total, piece, 0

    def __iter__(self) -> Iterator[bytes]:
        chunk = b"{" + b" " * (self.piece - 1)
        while self.sent < self.total:
            self.sent += len(chunk)
            yield chunk


@pytest.fixture
def base_url(hall: Hall) -> Iterator[str]:
    with served(hall.app) as url:
        yield url


@pytest.mark.parametrize(("method", "path"), ROUTES)
def test_a_huge_chunked_body_without_a_token_is_refused_at_the_limit(base_url: str, method: str, path: str) -> None:
    body = Counted(HUGE)
    refused = requests.request(method, base_url + path, data=body, headers={"Content-Type": "application/json"})
    assert refused.status_code == 413
    assert refused.json() == {"error": "body_too_large", "message": "请求体过大 / request body over 64 KB"}
    assert refused.headers["connection"] == "close"  # the server reads none of the rest
    # The client stopped when the server closed the connection: far from the 100 MB it meant to send (what it got
    # out beyond the limit sat in the sockets' buffers).
    assert body.sent < HUGE // 4


@pytest.mark.parametrize(("method", "path"), ROUTES)
def test_a_declared_length_over_the_limit_is_refused_unread(base_url: str, method: str, path: str) -> None:
    refused = requests.request(method, base_url + path, data=b" " * (MAX_BODY_BYTES + 1))
    assert refused.status_code == 413 and refused.json()["error"] == "body_too_large"


def test_a_chunked_body_under_the_limit_is_read_as_usual(hall: Hall, base_url: str) -> None:
    token = create_token(hall.sessions, "kiosk-01", Role.KIOSK)
    body = iter([b'{"category"', b': "A"}'])
    taken = requests.post(
        f"{base_url}/api/v1/tickets",
        data=body,
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
    )
    assert taken.status_code == 201 and taken.json()["number"] == "A001"
    assert "connection" not in taken.headers  # read whole: the connection stays open for the next request


def test_a_body_of_exactly_the_limit_is_read(base_url: str) -> None:
    answered = requests.post(f"{base_url}/api/v1/ratings", data=Counted(MAX_BODY_BYTES, 1024))
    assert answered.status_code == 401  # read whole, then refused for want of a token


def test_the_attachment_upload_refuses_a_body_without_a_token_unread(base_url: str) -> None:
    """The upload's limit is larger, but nothing of a body is read before the token is checked."""
    body = Counted(HUGE)
    refused = requests.put(
        f"{base_url}/api/v1/attachments/{'0' * 64}", data=body, headers={"Content-Type": "image/png"}
    )
    assert refused.status_code == 401
    assert body.sent < HUGE // 4


def test_a_route_module_declares_a_larger_limit_by_method_and_path() -> None:
    limits = BodyLimits()
    limits.allow("PUT", "/api/v1/attachments/{sha256}", 20 * MB)
    limits.allow("POST", "/api/v1/filings/{id}/result", 30 * MB)
    assert limits.limit_for("PUT", "/api/v1/attachments/" + "a" * 64) == 20 * MB
    assert limits.limit_for("POST", "/api/v1/filings/1234/result") == 30 * MB
    assert limits.limit_for("POST", "/api/v1/attachments/" + "a" * 64) == MAX_BODY_BYTES  # another method
    assert limits.limit_for("PUT", "/api/v1/attachments/x/y") == MAX_BODY_BYTES  # another path
    assert limits.limit_for("POST", "/api/v1/filings/1234/result/more") == MAX_BODY_BYTES
    assert limits.limit_for("POST", "/api/v1/tickets") == MAX_BODY_BYTES


def memory(pid: int, field: str) -> int:
    """A process's resident memory now (``VmRSS``) or at its highest so far (``VmHWM``), in bytes."""
    status = Path(f"/proc/{pid}/status").read_text()
    return int(next(line.split()[1] for line in status.splitlines() if line.startswith(f"{field}:"))) * 1024


def answers(url: str) -> bool:
    try:
        return requests.get(url, timeout=2).status_code == 200
    except requests.RequestException:
        return False


@pytest.mark.e2e
def test_huge_chunked_bodies_without_a_token_do_not_grow_a_real_server() -> None:
    """Four 100 MB chunked requests without a token once took a hall from 160 MB to 1.3 GB: now its memory stays
    where it was, whatever route they go to. (`kiosk hall serve` with one worker serves in the process started.)"""
    port = free_port()
    config = str(SHIPPED_CONFIG / "hall.toml")
    command = [str(KIOSK), "hall", "serve", "--config", config, "--host", "127.0.0.1", "--port", str(port)]
    with Running(command) as hall:  # in the test's own data dir (KIOSK_DATA_DIR)
        base = f"http://127.0.0.1:{port}"
        hall.wait_until(lambda: answers(f"{base}/api/v1/health"), "the hall answering")
        requests.post(f"{base}/api/v1/ratings", data=b"{}")  # the routes' first use is not the bodies' doing
        before = memory(hall.process.pid, "VmRSS")
        for method, path in [*ROUTES[:2], ROUTES[4], ("PUT", f"/api/v1/attachments/{'0' * 64}")]:
            started = time.monotonic()
            # The answers are the other tests' concern; this one measures the server. A ConnectionError is the
            # server closing the connection while the client was still sending: it read no further.
            with contextlib.suppress(requests.ConnectionError):
                requests.request(method, base + path, data=Counted(HUGE), headers={"Content-Type": "image/png"})
            assert time.monotonic() - started < 60
        peak, after = memory(hall.process.pid, "VmHWM"), memory(hall.process.pid, "VmRSS")
    # Its highest resident memory, not only what it kept: a body read whole is freed after its request.
    assert peak - before < 50 * MB, f"{before / MB:.0f} MB, at most {peak / MB:.0f} MB, then {after / MB:.0f} MB"
