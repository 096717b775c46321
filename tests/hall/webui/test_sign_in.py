"""Signing in to the staff's and supervisors' pages: a token exchanged for an HttpOnly, SameSite=Strict cookie
that expires; forms refused without their CSRF secret; signing out; a revoked token's sessions end."""

from __future__ import annotations

import httpx
from fastapi.testclient import TestClient
from playwright.sync_api import Page

from hall.server import Hall
from hall.tokens import Role, revoke_token
from tests.hall.webui.conftest import token_for
from tests.support.browser import sign_in, signed_in_client
from tests.support.clocks import FrozenClock
from tests.support.hall import served


def test_a_page_sends_a_stranger_to_sign_in_and_back(hall: Hall, supervisor_token: str) -> None:
    with TestClient(hall.app) as client:
        answer = client.get("/web?x=1", follow_redirects=False)
        assert answer.status_code == 303
        assert answer.headers["location"] == "/web/sign-in?next=/web%3Fx%3D1"
        page = client.get(answer.headers["location"])
        assert "工作人员登录" in page.text and 'value="/web?x=1"' in page.text


def test_the_cookie_is_httponly_strict_and_expires(hall: Hall, supervisor_token: str) -> None:
    with TestClient(hall.app) as client:
        answer = client.post("/web/sign-in", data={"token": supervisor_token, "next": "/web"}, follow_redirects=False)
        assert answer.status_code == 303 and answer.headers["location"] == "/web"
        cookie = answer.headers["set-cookie"].lower()
        assert "hall_web=" in cookie and "httponly" in cookie and "samesite=strict" in cookie
        assert "max-age=28800" in cookie and "path=/web" in cookie
        assert client.get("/web").status_code == 200


def test_a_wrong_token_is_told_beside_the_field_and_nothing_is_set(hall: Hall) -> None:
    kiosk = token_for(hall, "kiosk-01", Role.KIOSK)
    with TestClient(hall.app) as client:
        for token, status, words in (
            ("hk_not-a-token", 401, "令牌无效或已撤销"),
            (kiosk, 403, "此令牌不能登录工作人员页面"),
            ("", 422, "请输入令牌"),
        ):
            answer = client.post("/web/sign-in", data={"token": token}, follow_redirects=False)
            assert answer.status_code == status
            assert words in answer.text and 'class="error"' in answer.text
            assert "set-cookie" not in answer.headers


def test_a_form_without_its_csrf_secret_is_refused(hall: Hall, supervisor_token: str) -> None:
    with TestClient(hall.app) as client:
        csrf = signed_in_client(client, supervisor_token)
        refused = client.post("/web/sign-out", data={"csrf": "forged"})
        assert refused.status_code == 403 and "页面已过期" in refused.text
        other_site = client.post("/web/sign-out", data={"csrf": csrf}, headers={"Origin": "http://evil.example"})
        assert other_site.status_code == 403
        other_site = client.post("/web/sign-out", data={"csrf": csrf}, headers={"Sec-Fetch-Site": "cross-site"})
        assert other_site.status_code == 403
        assert client.get("/web", follow_redirects=False).status_code == 200  # still signed in
        out = client.post("/web/sign-out", data={"csrf": csrf}, follow_redirects=False)
        assert out.status_code == 303 and "signed_out" in out.headers["location"]
        assert client.get("/web", follow_redirects=False).status_code == 303


def test_a_session_ends_unused_and_with_its_token(hall: Hall, clock: FrozenClock, supervisor_token: str) -> None:
    with TestClient(hall.app) as client:
        signed_in_client(client, supervisor_token)
        clock.advance(minutes=479)
        assert client.get("/web", follow_redirects=False).status_code == 200  # used: moved on
        clock.advance(minutes=479)
        assert client.get("/web", follow_redirects=False).status_code == 200
        clock.advance(minutes=481)
        assert client.get("/web", follow_redirects=False).status_code == 303
        signed_in_client(client, supervisor_token)
        revoke_token(hall.sessions, "supervisor-zhang")
        assert client.get("/web", follow_redirects=False).status_code == 303


def test_the_next_page_stays_on_the_hall(hall: Hall, supervisor_token: str) -> None:
    with TestClient(hall.app) as client:
        for target in ("https://evil.example/", "//evil.example/web", "/api/v1/alerts", "/web\\..\\x"):
            answer = client.post(
                "/web/sign-in", data={"token": supervisor_token, "next": target}, follow_redirects=False
            )
            assert answer.headers["location"] == "/web", target


def test_sign_in_and_out_in_chromium(hall: Hall, supervisor_token: str, web_page: Page) -> None:
    with served(hall.app) as base:
        sign_in(web_page, base, supervisor_token)
        assert "supervisor-zhang" in web_page.inner_text("header")
        web_page.click("text=退出")
        web_page.wait_for_url(lambda url: url.endswith("/web/sign-in?signed_out=1"))
        assert "您已退出" in web_page.inner_text("main")
        web_page.goto(f"{base}/web")
        assert "/web/sign-in" in web_page.url


def test_the_pages_follow_the_event_stream_by_their_sign_in(hall: Hall, supervisor_token: str) -> None:
    with served(hall.app) as base, httpx.Client(base_url=base, timeout=10) as client:
        assert client.get("/web/events", follow_redirects=False).status_code == 303
        client.post("/web/sign-in", data={"token": supervisor_token}, follow_redirects=False)
        with client.stream("GET", "/web/events") as stream:
            assert stream.status_code == 200
            assert stream.headers["content-type"].startswith("text/event-stream")
            for line in stream.iter_lines():
                if line.startswith("event:"):
                    assert line == "event: snapshot"
                    break
