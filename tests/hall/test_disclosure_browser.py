"""政务公开 in real headless Chromium: a supervisor publishes a notice with markup in it on the supervisors' page, the
public pages show it as text (on a desktop and a phone's 390 px, never scrolling sideways), then the supervisor
withdraws it and it is gone. Screenshots go to build/screenshots for a person to look at."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from hall.server import Hall
from hall.tokens import Role, create_token
from tests.hall.test_disclosure import MARKUP_BODY, MARKUP_TITLE
from tests.support.chromium import CHROMIUM, Browser
from tests.support.clocks import FrozenClock
from tests.support.filings import filing_api
from tests.support.hall import open_hall, served, sqlite_url

SHOTS = Path(__file__).resolve().parents[2] / "build" / "screenshots"
PHONE = (390, 844)
NO_SIDEWAYS_SCROLL = "document.documentElement.scrollWidth <= window.innerWidth"


@pytest.fixture
def hall(tmp_path: Path, clock: FrozenClock) -> Iterator[Hall]:
    with open_hall(sqlite_url(tmp_path), clock) as built:
        yield built


@pytest.fixture
def profile(tmp_path: Path) -> Path:
    if not CHROMIUM.exists():
        pytest.fail("Debian's chromium is not installed: `make test` installs it (scripts/bootstrap.sh --test)")
    return tmp_path / "profile"


def go(browser: Browser, url: str, ready: str) -> None:
    browser.call("Page.navigate", url=url)
    browser.wait_for(f"location.href === {json.dumps(url)} && document.readyState === 'complete' && {ready}")


def fill(browser: Browser, field: str, value: str) -> None:
    browser.evaluate(f"document.getElementById('notice').elements[{json.dumps(field)}].value = {json.dumps(value)}")


def test_a_supervisor_publishes_on_the_page_and_the_public_sees_markup_as_text(hall: Hall, profile: Path) -> None:
    token = create_token(hall.sessions, "supervisor-web", Role.SUPERVISOR)
    with filing_api(hall) as api:  # a concluded filing for 办件公示
        done = api.filed(1)
        api.act(done["id"], "accept")
        api.act(done["id"], "approve")
    SHOTS.mkdir(parents=True, exist_ok=True)
    with served(hall.app) as base:
        browser = Browser(f"{base}/disclosure/manage#token={token}", profile, size=(1280, 1000))
        try:
            browser.wait_for("document.getElementById('rows') && document.readyState === 'complete'")
            for field, value in (
                ("title", MARKUP_TITLE),
                ("issuer", "示例市政务服务中心"),
                ("number", "示例政服〔2026〕7号"),
                ("date", "2026-11-20"),
                ("body", MARKUP_BODY),
            ):
                fill(browser, field, value)
            browser.evaluate("document.getElementById('submit').click()")
            browser.wait_for("document.querySelectorAll('#rows tr').length === 1")
            row = browser.evaluate("document.querySelector('#rows tr td').textContent")
            assert MARKUP_TITLE in row
            assert browser.evaluate("document.querySelector('#rows b, #rows script') === null")
            assert "已发布" in browser.evaluate("document.getElementById('done').textContent")
            browser.screenshot(SHOTS / "disclosure-manage.png")

            go(browser, f"{base}/disclosure", "!!document.querySelector('ul.notices a')")
            link = browser.evaluate("document.querySelector('ul.notices a').textContent")
            assert link == MARKUP_TITLE
            browser.screenshot(SHOTS / "disclosure-public-list.png")
            browser.evaluate("document.querySelector('ul.notices a').click()")
            browser.wait_for("!!document.querySelector('article h1')")
            assert browser.evaluate("document.querySelector('article h1').textContent") == MARKUP_TITLE
            assert browser.evaluate("document.querySelector('article b, article script') === null")
            assert (
                browser.evaluate("document.querySelectorAll('article p').length") == 5
            )  # number, issuer, 3 paragraphs
            browser.screenshot(SHOTS / "disclosure-public-notice.png")

            for shot in ("fees", "staff", "filings"):
                go(browser, f"{base}/disclosure/{shot}", "!!document.querySelector('table')")
                browser.screenshot(SHOTS / f"disclosure-public-{shot}.png")
            assert "K01-********-*001" in browser.evaluate("document.body.innerText")  # the filings page, masked

            # The supervisor withdraws it: gone from the public list.
            go(browser, f"{base}/disclosure/manage#token={token}", "document.querySelectorAll('#rows tr').length === 1")
            browser.evaluate("window.confirm = () => true")
            withdraw = "[...document.querySelectorAll('#rows button')].find(b => b.textContent.startsWith('撤回'))"
            browser.evaluate(f"{withdraw}.click()")
            browser.wait_for("document.querySelector('#rows tr.withdrawn') !== null")
            go(browser, f"{base}/disclosure", "!!document.querySelector('section')")
            assert browser.evaluate("document.querySelector('ul.notices') === null")
        finally:
            browser.close()


def test_the_public_pages_fit_a_phone(hall: Hall, profile: Path) -> None:
    with filing_api(hall) as api:
        api.client.post(
            "/api/v1/disclosure/notices",
            json={
                "kind": "notice",
                "title": "关于调整不动产登记窗口办公时间和办理流程的通知（示例）",
                "issuer": "示例市政务服务中心",
                "number": "示例政服〔2026〕8号",
                "date": "2026-11-21",
                "body": "各位市民：\n\n" + "为进一步提升服务效率，" * 20,
            },
            headers=api.supervisor,
        )
        done = api.filed(1)
        api.act(done["id"], "accept")
        api.act(done["id"], "approve")
    with served(hall.app) as base:
        browser = Browser(f"{base}/disclosure", profile, size=PHONE)
        try:
            browser.wait_for("!!document.querySelector('ul.notices a')")
            assert browser.evaluate(NO_SIDEWAYS_SCROLL)
            browser.screenshot(SHOTS / "disclosure-phone-list.png")
            go(browser, f"{base}/disclosure/notices/1", "!!document.querySelector('article')")
            assert browser.evaluate(NO_SIDEWAYS_SCROLL)
            browser.screenshot(SHOTS / "disclosure-phone-notice.png")
            go(browser, f"{base}/disclosure/staff", "!!document.querySelector('table')")
            browser.screenshot(SHOTS / "disclosure-phone-staff.png")
        finally:
            browser.close()
