"""Rate limits per client address over a real uvicorn on loopback: the public pages answer 429 with Retry-After
past their burst; an address that tried too many unknown tokens is refused whatever token it sends next, until
its window has passed; behind a trusted proxy the address is the one X-Forwarded-For names, and only then."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from hall.server import Hall, build_hall
from hall.tokens import Role, create_token
from tests.support.clocks import FrozenClock
from tests.support.hall import MONDAY_10AM, served, sqlite_url
from tests.support.paths import SHIPPED_CONFIG

BURST = 5
FAILURES = 3
WINDOW_S = 300


def hall_with(tmp_path: Path, server: str = "") -> Hall:
    """The shipped hall with small limits (and ``server`` keys added to ``[server]``)."""
    text = (SHIPPED_CONFIG / "hall.toml").read_text(encoding="utf-8")
    text = re.sub(r"(?m)^public_burst = \d+", f"public_burst = {BURST}", text)
    text = re.sub(r"(?m)^public_per_minute = \d+", "public_per_minute = 1", text)
    text = re.sub(r"(?m)^token_failures = \d+", f"token_failures = {FAILURES}", text)
    text = re.sub(r"(?m)^token_failure_window_s = \d+", f"token_failure_window_s = {WINDOW_S}", text)
    text = text.replace("[server]\n", f"[server]\n{server}\n", 1)
    path = tmp_path / "hall.toml"
    path.write_text(text, encoding="utf-8")
    return build_hall(path, sqlite_url(tmp_path), clock=FrozenClock(MONDAY_10AM))


@pytest.fixture
def hall(tmp_path: Path) -> Iterator[Hall]:
    built = hall_with(tmp_path)
    yield built
    built.close()


@pytest.fixture
def proxied(tmp_path: Path) -> Iterator[Hall]:
    """A hall behind a reverse proxy on this machine (127.0.0.1 is its trusted proxy)."""
    built = hall_with(tmp_path, 'trusted_proxies = ["127.0.0.1"]')
    yield built
    built.close()


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_a_public_page_answers_429_past_its_burst(hall: Hall) -> None:
    page = f"/q/{uuid.uuid4()}"
    with served(hall.app) as base, httpx.Client(base_url=base, timeout=10) as client:
        answers = [client.get(page, headers={"Accept": "text/html"}).status_code for _ in range(BURST)]
        assert answers == [404] * BURST  # no such ticket, but answered
        refused = client.get(page, headers={"Accept": "text/html"})
        assert refused.status_code == 429 and int(refused.headers["retry-after"]) >= 1
        assert refused.headers["content-type"].startswith("text/html") and "请求过于频繁" in refused.text
        assert "frame-ancestors 'none'" in refused.headers["content-security-policy"]
        english = client.get("/r/x?lang=en", headers={"Accept": "text/html"}).text
        assert english.index("Too many requests") < english.index("请求过于频繁")
        script = client.get(f"/m/{uuid.uuid4()}/state")
        assert script.status_code == 429 and script.json()["error"] == "too_many_requests"
        assert " / " in script.json()["message"]
        # The API is not a public page: the kiosks behind the same address go on.
        assert client.get("/api/v1/health").status_code == 200


def test_too_many_unknown_tokens_lock_the_address_out_until_the_window_passes(hall: Hall) -> None:
    valid = bearer(create_token(hall.sessions, "window-staff", Role.STAFF))
    limits = hall.app.state.rate_limits
    now = [1000.0]
    limits.clock = lambda: now[0]
    with served(hall.app) as base, httpx.Client(base_url=base, timeout=10) as client:
        # A valid token's calls are never counted.
        assert all(client.get("/api/v1/queue", headers=valid).status_code == 200 for _ in range(20))
        guesses = [client.get("/api/v1/queue", headers=bearer(f"guess-{i}")).status_code for i in range(FAILURES)]
        assert guesses == [401] * FAILURES
        for headers in (bearer("guess-again"), valid):  # refused whatever the token, valid included
            refused = client.get("/api/v1/queue", headers=headers)
            assert refused.status_code == 429 and refused.json()["error"] == "too_many_failures"
            assert 1 <= int(refused.headers["retry-after"]) <= WINDOW_S
            assert refused.json()["message"].index("令牌") < refused.json()["message"].index("token")
        now[0] += WINDOW_S + 1  # the window passes
        assert client.get("/api/v1/queue", headers=valid).status_code == 200


def test_behind_a_trusted_proxy_each_forwarded_address_has_its_own_limits(proxied: Hall) -> None:
    page = f"/f/{uuid.uuid4()}"
    with served(proxied.app) as base, httpx.Client(base_url=base, timeout=10) as client:
        phone = {"X-Forwarded-For": "203.0.113.7"}
        assert [client.get(page, headers=phone).status_code for _ in range(BURST + 1)][-1] == 429
        other = {"X-Forwarded-For": "198.51.100.20"}
        assert client.get(page, headers=other).status_code == 404  # another phone is not held back


def test_without_a_trusted_proxy_x_forwarded_for_is_ignored(hall: Hall) -> None:
    page = f"/f/{uuid.uuid4()}"
    with served(hall.app) as base, httpx.Client(base_url=base, timeout=10) as client:
        for i in range(BURST):
            assert client.get(page, headers={"X-Forwarded-For": f"203.0.113.{i}"}).status_code == 404
        # A made-up header does not buy a fresh bucket: the peer is what counts.
        assert client.get(page, headers={"X-Forwarded-For": "203.0.113.99"}).status_code == 429
