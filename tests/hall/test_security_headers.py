"""Security headers on every HTML page of the hall (and nosniff on its JSON), and a page that cannot be framed,
checked in real headless Chromium."""

from __future__ import annotations

import contextlib
import http.server
import threading
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.responses import HTMLResponse
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

from devtools.ports import free_port
from hall.server import Hall
from tests.support.chromium import CHROMIUM, Browser
from tests.support.hall import open_hall, served, sqlite_url

HEADERS = {
    "x-frame-options": "DENY",
    "referrer-policy": "no-referrer",
    "x-content-type-options": "nosniff",
}


@pytest.fixture
def hall(tmp_path: Path) -> Iterator[Hall]:
    """Headers do not depend on the database: SQLite only."""
    with open_hall(sqlite_url(tmp_path)) as built:
        yield built


def html_routes(hall: Hall) -> list[tuple[str, str]]:
    """(method, path) of every route that answers with an HTML page, path parameters filled with a made-up value."""
    routes: list[tuple[str, str]] = []
    for route in hall.app.routes:
        if isinstance(route, APIRoute) and route.response_class is HTMLResponse:
            path = route.path_format
            for name in route.param_convertors:
                path = path.replace("{" + name + "}", str(uuid.uuid4()))
            routes.extend((method, path) for method in sorted(route.methods or ()))
    return routes


def rating_path(hall: Hall) -> str:
    ticket = hall.queue.take_number("A", "kiosk").ticket
    hall.queue.call_next(2)
    return f"/r/{hall.app.state.hall.codes.ticket_code(ticket.id)}"  # the code printed on the ticket


def assert_page_headers(reply: object, where: str) -> None:
    headers = reply.headers  # type: ignore[attr-defined]
    assert headers["content-type"].startswith("text/html"), where
    for name, value in HEADERS.items():
        assert headers.get(name) == value, (where, name, headers.get(name))
    policy = headers.get("content-security-policy", "")
    assert "frame-ancestors 'none'" in policy and "default-src 'none'" in policy, (where, policy)


def test_every_html_route_carries_the_security_headers(hall: Hall) -> None:
    routes = html_routes(hall)
    paths = {path.split("/")[1] for _, path in routes}
    assert {"q", "r", "m", "f", "display", "devices"} <= paths, paths
    with TestClient(hall.app) as client:
        for method, path in routes:
            reply = client.request(method, path, data={"level": "5"} if method == "POST" else None)
            assert_page_headers(reply, f"{method} {path} -> {reply.status_code}")
        # A real page with its inline style, and the one the rating page shows: their style is allowed by hash.
        ticket = hall.queue.take_number("S", "kiosk").ticket
        for path in (f"/q/{ticket.id}", rating_path(hall)):
            page = client.get(path)
            assert page.status_code == 200
            assert_page_headers(page, path)
            assert "style-src 'sha256-" in page.headers["content-security-policy"]
        # The ticket page updates itself with its own script, asking the hall only; the rating page runs none.
        ticket_page = client.get(f"/q/{ticket.id}").headers["content-security-policy"]
        assert "script-src 'sha256-" in ticket_page and "connect-src 'self'" in ticket_page
        assert "script-src" not in client.get(rating_path(hall)).headers["content-security-policy"]
        # The display keeps its own hashed policy.
        display = client.get("/display").headers["content-security-policy"]
        assert "script-src 'sha256-" in display and display.count("frame-ancestors") == 1


def test_json_answers_carry_nosniff(hall: Hall) -> None:
    with TestClient(hall.app) as client:
        for reply in (client.get("/api/v1/health"), client.get("/api/v1/queue"), client.get("/openapi.json")):
            assert reply.headers["x-content-type-options"] == "nosniff", reply.request.url


@contextlib.contextmanager
def framing_site(target: str) -> Iterator[str]:
    """Another site on another port whose page frames ``target``, next to a frame of its own page as a control."""
    page = (f'<!doctype html><iframe id="hall" src="{target}"></iframe><iframe id="own" src="/own"></iframe>').encode()

    class Pages(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body = b"<!doctype html><p id=own>own page</p>" if self.path == "/own" else page
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *_args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", free_port()), Pages)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def test_the_rating_page_cannot_be_framed_in_chromium(hall: Hall, tmp_path: Path) -> None:
    if not CHROMIUM.exists():
        pytest.fail("Debian's chromium is not installed: `make test` installs it (scripts/bootstrap.sh --test)")
    path = rating_path(hall)
    with served(hall.app) as base, framing_site(base + path) as site:
        browser = Browser(site, tmp_path / "profile", size=(800, 600))
        try:
            browser.wait_for("document.readyState === 'complete'")
            # The control frame shows its page; the hall's frame is blocked: Chromium puts its error page there.
            own = browser.wait_for("document.getElementById('own').contentDocument?.getElementById('own')?.id")
            assert own == "own"
            frames = browser.call("Page.getFrameTree")["frameTree"]["childFrames"]
            urls = [child["frame"].get("url", "") for child in frames]
            unreachable = [child["frame"].get("unreachableUrl", "") for child in frames]
            assert not any(url.startswith(base) for url in urls), (urls, unreachable)
        finally:
            browser.close()
