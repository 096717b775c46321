"""The phone ticket page in real headless Chromium at a phone's 390 px: it updates after a call without a reload
(and, with JavaScript off, by its own refresh), shows "your turn" unmistakably, and never scrolls sideways, even
at 200 % text size."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from hall import ticket_view
from hall.server import Hall
from tests.support.chromium import CHROMIUM, Browser
from tests.support.clocks import FrozenClock
from tests.support.hall import open_hall, served, sqlite_url

SHOTS = Path(__file__).resolve().parents[2] / "build" / "screenshots"
PHONE = (390, 844)
NO_SIDEWAYS_SCROLL = "document.documentElement.scrollWidth <= window.innerWidth"
TEXT = "document.getElementById('live').innerText"


@pytest.fixture
def hall(tmp_path: Path, clock: FrozenClock) -> Iterator[Hall]:
    with open_hall(sqlite_url(tmp_path), clock) as built:
        yield built


@pytest.fixture
def profile(tmp_path: Path) -> Path:
    if not CHROMIUM.exists():
        pytest.fail("Debian's chromium is not installed: `make test` installs it (scripts/bootstrap.sh --test)")
    return tmp_path / "profile"


def code_of(hall: Hall, category: str = "A") -> str:
    ticket = hall.queue.take_number(category, "kiosk").ticket
    return str(hall.app.state.hall.codes.ticket_code(ticket.id))


def fits_at_double_text(browser: Browser) -> bool:
    """Whether the page, with its root font at 200 % (as a phone's largest text setting), still fits its width."""
    browser.evaluate("document.documentElement.style.fontSize = '200%'")
    fits = bool(browser.evaluate(NO_SIDEWAYS_SCROLL))
    browser.evaluate("document.documentElement.style.fontSize = ''")
    return fits


def test_the_page_updates_after_a_call_without_a_reload_and_fits_at_double_text(
    hall: Hall, clock: FrozenClock, profile: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ticket_view, "POLL_SECONDS", 1)  # the script asks every second here
    code_of(hall)
    code = code_of(hall)  # A002: one ahead
    with served(hall.app) as base:
        browser = Browser(f"{base}/q/{code}", profile, size=PHONE)
        try:
            browser.wait_for(f"{TEXT}.includes('您前面还有 1 人等候')")
            assert browser.evaluate(NO_SIDEWAYS_SCROLL) and fits_at_double_text(browser)
            SHOTS.mkdir(parents=True, exist_ok=True)
            browser.screenshot(SHOTS / "phone-ticket-waiting.png")
            browser.evaluate("window.stillTheSamePage = true")
            # A001 is called: the page says so and moves A002 up, by itself.
            clock.advance(seconds=40)
            hall.queue.call_next(2)
            browser.wait_for(f"{TEXT}.includes('正在叫号：A001') && {TEXT}.includes('无需等候')")
            assert "更新于 10:00:40" in browser.evaluate(TEXT)
            # Then A002 is called to window 1: your turn, large, black on yellow, the title says where to go.
            hall.queue.call_next(1)
            browser.wait_for("!!document.querySelector('main.turn .window')")
            assert browser.evaluate("document.querySelector('.window').innerText").startswith("请到 1 号窗口")
            assert browser.evaluate("document.title") == "请到 1 号窗口 · A002"
            assert browser.evaluate("window.stillTheSamePage") is True  # never reloaded
            assert "请到 1 号窗口" in browser.evaluate("document.getElementById('announce').textContent")  # read out
            colours = browser.evaluate(
                "(() => { const s = getComputedStyle(document.querySelector('main.turn .state'));"
                " return [s.backgroundColor, s.color]; })()"
            )
            assert colours == ["rgb(255, 212, 0)", "rgb(0, 0, 0)"]
            size = browser.evaluate("parseFloat(getComputedStyle(document.querySelector('.window')).fontSize)")
            assert size >= 40
            assert browser.evaluate(NO_SIDEWAYS_SCROLL) and fits_at_double_text(browser)
            browser.screenshot(SHOTS / "phone-ticket-turn.png")
            # The confirmation of giving up fits too (opened for another, waiting ticket).
            other = code_of(hall, "B")
            browser.call("Page.navigate", url=f"{base}/q/{other}/give-up")
            browser.wait_for("!!document.querySelector('button.danger')")
            assert fits_at_double_text(browser)
            browser.screenshot(SHOTS / "phone-ticket-give-up.png")
        finally:
            browser.close()


def test_without_javascript_the_page_refreshes_itself(
    hall: Hall, profile: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ticket_view, "REFRESH_SECONDS", 1)
    code = code_of(hall)
    with served(hall.app) as base:
        browser = Browser("about:blank", profile, size=PHONE)
        try:
            browser.call("Emulation.setScriptExecutionDisabled", value=True)
            browser.call("Page.navigate", url=f"{base}/q/{code}")
            browser.wait_for(f"{TEXT}.includes('您前面没有人等候')")
            hall.queue.call_next(2)
            browser.wait_for(f"{TEXT}.includes('请到 2 号窗口')")
        finally:
            browser.close()


def test_giving_up_in_the_browser_without_javascript(hall: Hall, profile: Path) -> None:
    code = code_of(hall, "B")
    behind = code_of(hall, "B")
    with served(hall.app) as base:
        browser = Browser("about:blank", profile, size=PHONE)
        try:
            browser.call("Emulation.setScriptExecutionDisabled", value=True)
            browser.call("Page.navigate", url=f"{base}/q/{code}")
            browser.wait_for("!!document.querySelector('.give-up button')")
            browser.evaluate("document.querySelector('.give-up button').click()")  # the GET form: confirm first
            browser.wait_for("!!document.querySelector('button.danger')")
            assert location_path(browser) == f"/q/{code}/give-up"
            browser.evaluate("document.querySelector('button.danger').click()")  # the POST, then back to the ticket
            browser.wait_for(f"{TEXT}.includes('您已放弃排队')")
            assert location_path(browser) == f"/q/{code}"
            assert browser.evaluate("document.cookie") == ""
        finally:
            browser.close()
    behind_id = hall.app.state.hall.codes.ticket_of(behind)
    assert behind_id is not None and hall.queue.position(behind_id)[0] == 0  # the one behind moved up


def location_path(browser: Browser) -> str:
    return str(browser.evaluate("location.pathname"))
