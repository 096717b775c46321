"""The hall's web pages in a real browser: Debian's chromium driven by Playwright (its executable path, no
browser download), and signing in as a person would."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from pathlib import Path

from fastapi.testclient import TestClient
from playwright.sync_api import Page, sync_playwright

CHROMIUM = Path("/usr/bin/chromium")
OFFICE = {"width": 1366, "height": 768}  # the office screen the pages are made for
TABLET = {"width": 800, "height": 1280}
CSRF = re.compile(r'name="csrf" value="([^"]+)"')


@contextlib.contextmanager
def browser_page(size: dict[str, int] = OFFICE) -> Iterator[Page]:
    """A fresh page (its own cookies) in headless chromium, in Chinese, at ``size``."""
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        try:
            context = browser.new_context(viewport=size, locale="zh-CN", timezone_id="Asia/Shanghai")
            page = context.new_page()
            page.set_default_timeout(15_000)
            yield page
            context.close()
        finally:
            browser.close()


def sign_in(page: Page, base: str, token: str, then: str = "/web") -> None:
    """Sign in on the sign-in page with ``token`` and land on ``then``."""
    page.goto(f"{base}/web/sign-in?next={then}")
    page.fill("input[name=token]", token)
    page.click("form[action='/web/sign-in'] button[type=submit]")
    page.wait_for_url(f"{base}{then}*")


def signed_in_client(client: TestClient, token: str) -> str:
    """Sign ``client`` in with ``token`` (its cookie kept by the client); the session's CSRF secret, for forms."""
    answer = client.post("/web/sign-in", data={"token": token, "next": "/web"}, follow_redirects=True)
    assert answer.status_code == 200, answer.text
    found = CSRF.search(answer.text)
    assert found, "the start page carries the sign-out form's CSRF secret"
    return found.group(1)
