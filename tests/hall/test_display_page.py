"""The main calling display in real headless Chromium against a real hall server: a call made through the API
appears on the page, the page reconnects after the server went away and shows what it missed."""

from __future__ import annotations

import json
import urllib.request
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from PIL import Image

from devtools.ports import free_port
from hall.server import Hall
from hall.tokens import Role, create_token
from tests.support.chromium import CHROMIUM, Browser
from tests.support.clocks import FrozenClock
from tests.support.hall import SHANGHAI, open_hall, served, sqlite_url

SHOTS = Path(__file__).resolve().parents[2] / "build" / "screenshots"


@pytest.fixture
def hall(tmp_path: Path) -> Iterator[Hall]:
    """The page does not depend on the database: SQLite only, unlike the rest of tests/hall."""
    with open_hall(sqlite_url(tmp_path)) as built:
        yield built


def post(base_url: str, path: str, token: str, body: dict[str, object] | None = None) -> dict[str, object]:
    request = urllib.request.Request(
        base_url + path,
        data=json.dumps(body or {}).encode(),
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=10) as answer:
        return dict(json.loads(answer.read()))


def test_the_page_is_public_and_holds_no_queue_data(hall: Hall) -> None:
    hall.queue.take_number("A", "kiosk")
    hall.queue.call_next(2)
    with TestClient(hall.app) as client:
        page = client.get("/display")
        assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
        assert "A001" not in page.text and "示例市" not in page.text  # the script fetches those with its token
        assert "script-src 'sha256-" in page.headers["content-security-policy"]
        assert client.get("/api/v1/display/info").status_code == 401
        token = create_token(hall.sessions, "tv", Role.DISPLAY)
        info = client.get("/api/v1/display/info", headers={"Authorization": f"Bearer {token}"}).json()
        assert info["hall"] == "示例市政务服务中心" and "请留意叫号" in info["notice"]


@pytest.fixture
def browser_profile(tmp_path: Path) -> Path:
    if not CHROMIUM.exists():
        pytest.fail("Debian's chromium is not installed: `make test` installs it (scripts/bootstrap.sh --test)")
    return tmp_path / "profile"


HERO = "document.getElementById('hero-number').textContent"
WINDOWS = "document.getElementById('windows').innerText"
WAITING = "document.getElementById('waiting').innerText"


def test_a_call_through_the_api_appears_on_the_display(hall: Hall, browser_profile: Path) -> None:
    display = create_token(hall.sessions, "hall-tv", Role.DISPLAY)
    staff = create_token(hall.sessions, "window-staff", Role.STAFF)
    for category in "AAABBV":
        hall.queue.take_number(category, "kiosk")
    first = hall.queue.call_next(1)
    assert first is not None and first.number == "A001"
    with served(hall.app) as base_url:
        browser = Browser(f"{base_url}/display?notice=今日办理不动产登记请带好身份证#token={display}", browser_profile)
        try:
            # Given the display has the queue: window 1 serves A001, two more A numbers wait,
            browser.wait_for(f"{WINDOWS}.includes('A001') && {WAITING}.includes('社保医保')")
            assert browser.evaluate("document.getElementById('hall').textContent") == "示例市政务服务中心"
            assert "今日办理不动产登记" in browser.evaluate("document.getElementById('notice').textContent")
            # when window 2 calls the next number through the API,
            called = post(base_url, "/api/v1/windows/2/call-next", staff)
            number = called["ticket"]["number"]  # type: ignore[index]
            assert number == "A002"
            # then the page shows it big, blinking, at the top of the recent calls and beside window 2,
            browser.wait_for(f"{HERO} === 'A002'")
            assert "请到 2 号窗口办理" in browser.evaluate("document.getElementById('hero-window').innerText")
            assert browser.evaluate("document.getElementById('hero').classList.contains('fresh')")
            assert browser.evaluate("document.querySelector('#recent li.first .num').textContent") == "A002"
            rows = browser.evaluate("[...document.querySelectorAll('#windows tr')].map(r => r.innerText)")
            assert [row.split() for row in rows] == [["1号窗口", "A001"], ["2号窗口", "A002"], ["3号窗口", "—"]]
            counts = browser.evaluate("[...document.querySelectorAll('#waiting li')].map(r => r.innerText)")
            assert [c.split() for c in counts][:2] == [["A", "社保医保", "1人"], ["B", "不动产登记", "2人"]]
            assert browser.evaluate("document.getElementById('link').textContent") == "实时 · Live"
            # and a recall is marked as one.
            post(base_url, "/api/v1/windows/2/recall", staff)
            browser.wait_for("!document.getElementById('hero-recall').hidden")
            SHOTS.mkdir(parents=True, exist_ok=True)
            shot = browser.screenshot(SHOTS / "hall-display.png")
        finally:
            browser.close()
    with Image.open(shot) as image:
        assert image.size == (1920, 1080)


def test_the_display_reconnects_and_shows_what_it_missed(hall: Hall, browser_profile: Path) -> None:
    display = create_token(hall.sessions, "hall-tv", Role.DISPLAY)
    hall.queue.take_number("A", "kiosk")
    hall.queue.take_number("A", "kiosk")
    port = free_port()
    with served(hall.app, port) as base_url:
        browser = Browser(f"{base_url}/display#token={display}", browser_profile)
        browser.wait_for(f"{WAITING}.includes('社保医保')")
    try:
        # The server is gone: the page says so, and a call is made meanwhile.
        browser.wait_for("document.getElementById('link').textContent.includes('Reconnecting')")
        hall.queue.call_next(2)
        with served(hall.app, port):
            # Back again: the page resumes after the last event it saw and shows the call it missed.
            browser.wait_for(f"{HERO} === 'A001'", timeout=40)
            assert browser.evaluate("document.getElementById('link').textContent") == "实时 · Live"
    finally:
        browser.close()


def test_without_a_valid_token_the_page_says_so(hall: Hall, browser_profile: Path) -> None:
    with served(hall.app) as base_url:
        browser = Browser(f"{base_url}/display#token=not-a-token", browser_profile)
        try:
            assert "显示令牌无效" in browser.wait_for(
                "!document.getElementById('problem').hidden && document.getElementById('problem').textContent"
            )
        finally:
            browser.close()
        browser = Browser(f"{base_url}/display", browser_profile)
        try:
            assert "请用显示令牌打开本页" in browser.wait_for("document.getElementById('problem').textContent")
        finally:
            browser.close()


def test_a_display_loaded_after_a_call_shows_that_call_in_its_big_box(hall: Hall, browser_profile: Path) -> None:
    display = create_token(hall.sessions, "hall-tv", Role.DISPLAY)
    for category in "AAB":
        hall.queue.take_number(category, "kiosk")
    hall.queue.call_next(1)  # A001 to window 1
    hall.queue.call_next(3)  # B001 to window 3: the latest call
    with served(hall.app) as base_url:
        browser = Browser(f"{base_url}/display#token={display}", browser_profile)
        try:
            # Opened (or reloaded) after the calls: the big box shows the latest, not the greeting.
            browser.wait_for(f"{HERO} === 'B001'")
            assert not browser.evaluate("document.getElementById('hero').classList.contains('idle')")
            assert "请到 3 号窗口办理" in browser.evaluate("document.getElementById('hero-window').innerText")
            recent = browser.evaluate("[...document.querySelectorAll('#recent li .num')].map(n => n.textContent)")
            assert recent == ["B001", "A001"]
            SHOTS.mkdir(parents=True, exist_ok=True)
            browser.screenshot(SHOTS / "hall-display-reloaded.png")
            # A call recalled while the display was away is the latest once it reloads.
            hall.queue.recall(1)
            browser.call("Page.reload")
            browser.wait_for(f"{HERO} === 'A001'")
            assert not browser.evaluate("document.getElementById('hero-recall').hidden")
            # Past midnight, numbers still at their windows are still the latest calls (a 24-hour hall) ...
            clock = hall.queue.clock
            assert isinstance(clock, FrozenClock)
            clock.advance(days=1)
            browser.call("Page.reload")
            browser.wait_for(f"{HERO} === 'A001' && {WINDOWS}.includes('B001')")
            # ... and once they are done, the new day's display greets until its first call.
            hall.queue.complete(1)
            hall.queue.complete(3)
            browser.call("Page.reload")
            browser.wait_for(f"{WAITING}.includes('社保医保')")  # the snapshot is in
            assert browser.evaluate(HERO) == "欢迎光临"
            assert browser.evaluate("document.getElementById('hero').classList.contains('idle')")
            assert browser.evaluate("document.getElementById('recent').children.length") == 0
            assert "A001" not in browser.evaluate(WINDOWS) and "B001" not in browser.evaluate(WINDOWS)
        finally:
            browser.close()


def test_the_clock_shows_the_hall_s_time_in_a_browser_of_another_zone(hall: Hall, browser_profile: Path) -> None:
    display = create_token(hall.sessions, "hall-tv", Role.DISPLAY)
    utc = {"TZ": "UTC"}  # the TV's zone; the hall is in Asia/Shanghai (UTC+8)
    with served(hall.app) as base_url:
        # Before it has the hall's info (here: no token at all), the page already keeps the hall's zone.
        browser = Browser(f"{base_url}/display", browser_profile, env=utc)
        try:
            assert browser.evaluate("new Date().getTimezoneOffset()") == 0  # the browser really is in UTC
            shown = browser.wait_for("document.getElementById('time').textContent")
            shanghai = [datetime.now(SHANGHAI) + timedelta(seconds=s) for s in (-60, 0, 60)]
            assert shown[:5] in {f"{t:%H:%M}" for t in shanghai}, shown
        finally:
            browser.close()
        # With its token it takes the hall server's time too: Monday 10:00 in Shanghai, 02:00 in UTC.
        browser = Browser(f"{base_url}/display#token={display}", browser_profile, env=utc)
        try:
            browser.wait_for("document.getElementById('time').textContent.startsWith('10:0')")
            assert browser.evaluate("document.getElementById('date').textContent") == "2026年11月23日 星期一"
        finally:
            browser.close()
