"""电子监察 in Chromium: a supervisor sees an overdue filing's red warning, and a new warning appears without
reloading the page (the live event stream makes the page fetch its panel again)."""

from __future__ import annotations

from datetime import datetime

from playwright.sync_api import Page

from hall.server import Hall
from hall.supervision import Supervision
from tests.support.browser import sign_in
from tests.support.clocks import FrozenClock
from tests.support.filings import filing_api
from tests.support.hall import SHANGHAI, served


def test_a_supervisor_sees_an_overdue_filing_in_red_and_a_new_warning_arrives_live(
    hall: Hall, clock: FrozenClock, supervisor_token: str, web_page: Page
) -> None:
    supervision: Supervision = hall.app.state.supervision
    with filing_api(hall) as api:
        filing = api.filed(1)
    clock.moment = datetime(2026, 11, 25, 10, 0, tzinfo=SHANGHAI)  # Wednesday: its promised day (Tuesday) is past
    supervision.sweep()
    with served(hall.app) as base:
        sign_in(web_page, base, supervisor_token, "/web/supervision")
        red = web_page.inner_text("section.red-card")
        assert filing["number"] in red and "承诺时限已逾期" in red
        web_page.wait_for_selector("#live:has-text('Live')")  # the event stream is open
        assert "3号窗口" not in web_page.inner_text("#panel")
        marker = web_page.evaluate("() => { window.notReloaded = true; return true; }")
        hall.queue.pause(3, True)
        clock.advance(minutes=31)
        supervision.sweep()
        web_page.wait_for_selector("section.red-card >> text=3号窗口已暂停超过 30 分钟")
        assert marker and web_page.evaluate("() => window.notReloaded === true")  # the same page, not reloaded
