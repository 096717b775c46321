"""The 好差评 pages in Chromium: a supervisor sees the charts drawn (under the pages' strict CSP), exports the
statistics as XLSX through the page and opens it, and a rating comment holding markup shows as text."""

from __future__ import annotations

import io
from datetime import datetime
from zoneinfo import ZoneInfo

import openpyxl
from playwright.sync_api import Page

from hall.server import Hall
from tests.support.browser import sign_in
from tests.support.hall import served
from tests.support.ratings import add_rating

SHANGHAI = ZoneInfo("Asia/Shanghai")
MARKUP = "<img src=x onerror=\"document.title='pwned'\">态度差<b>!</b>"


def test_a_supervisor_sees_the_charts_exports_xlsx_and_comments_as_text(
    hall: Hall, supervisor_token: str, web_page: Page
) -> None:
    for day, level, window in ((16, 5, 1), (17, 4, 1), (18, 2, 2), (19, 5, 2), (20, 3, 3)):
        add_rating(hall.sessions, datetime(2026, 11, day, 10, tzinfo=SHANGHAI), level, window=window,
                   comment=MARKUP if level == 2 else None)  # fmt: skip
    with served(hall.app) as base:
        sign_in(web_page, base, supervisor_token, "/web/ratings")
        web_page.wait_for_load_state("load")
        assert "好差评统计" in web_page.inner_text("h1")
        drawn = web_page.evaluate("[...document.images].map(i => [i.id, i.complete, i.naturalWidth])")
        assert ["bar-chart", True, 640] in drawn and ["line-chart", True, 640] in drawn
        assert "60.0%" in web_page.inner_text("#rate")
        with web_page.expect_download() as download:
            web_page.click("#export-xlsx")
        sheet = openpyxl.load_workbook(io.BytesIO(download.value.path().read_bytes())).active
        assert sheet is not None
        rows = list(sheet.values)
        assert rows[0][:2] == ("窗口 Window", "评价数 Ratings")
        assert [r[0] for r in rows[1:]] == ["1号窗口", "2号窗口", "3号窗口", "合计 Total"]
        assert rows[-1][1] == 5 and rows[-1][-1] == 60.0
        web_page.click("text=差评与回访整改")
        web_page.wait_for_url(lambda url: "/web/ratings/bad" in url)
        comment = web_page.inner_text("table#bad .comment")
        assert comment == MARKUP
        assert web_page.locator("table#bad .comment img, table#bad .comment b").count() == 0
        assert web_page.title() != "pwned"
