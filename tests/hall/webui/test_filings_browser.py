"""The filing workbench in Chromium, as window 2's staff member works it: open the filing from the list, accept
it, ask for two more materials with a note, accept it again, approve it and upload the result PDF; the markup a
citizen typed into the form shows as text and runs nothing; a change made elsewhere is announced on the page."""

from __future__ import annotations

from fastapi.testclient import TestClient
from playwright.sync_api import Dialog, Page

from hall.server import Hall
from tests.hall.webui.workbench import filed, pdf_bytes, unemployment_body
from tests.support.browser import sign_in
from tests.support.filings import FilingApi
from tests.support.hall import served

MARKUP = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def _act(page: Page, action: str, done: str) -> None:
    page.click(f"form[action$='/{action}'] button[type=submit]")
    page.wait_for_selector(f"text={done}")


def test_staff_accept_ask_for_materials_and_upload_a_result(hall: Hall, staff_token: str, web_page: Page) -> None:
    dialogs: list[str] = []

    def dismissed(dialog: Dialog) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    web_page.on("dialog", dismissed)
    with TestClient(hall.app) as client, served(hall.app) as base:
        api = FilingApi(client, hall)
        body = unemployment_body(1, "赵六")
        body["form"]["last_employer"] = MARKUP
        filing = filed(api, body)
        sign_in(web_page, base, staff_token, "/web/filings")
        web_page.click("text=K01-20261123-0001")
        web_page.wait_for_url(lambda url: url.endswith(f"/web/filings/{filing}"))
        assert MARKUP in web_page.inner_text("main")  # the citizen's markup, as the characters typed

        _act(web_page, "accept", "已受理。")
        web_page.check("input[value='本人居民身份证']")
        web_page.check("input[value='解除或者终止劳动关系的证明']")
        web_page.fill("textarea[name=note]", "请补交加盖公章的解除劳动合同证明")
        _act(web_page, "request-materials", "已通知申请人补正材料。")
        state = api.get(filing)
        assert state["status"] == "materials_requested" and len(state["missing_materials"]) == 2
        _act(web_page, "accept", "已受理。")
        _act(web_page, "approve", "已办结。")
        web_page.set_input_files(
            "#f-result", files=[{"name": "结果.pdf", "mimeType": "application/pdf", "buffer": pdf_bytes(1)}]
        )
        _act(web_page, "result", "办理结果已上传。")
        assert api.get(filing)["result_ready"] is True
        assert "staff-1002" in web_page.inner_text(".history")
        # The page follows the hall's events: a kiosk printing the result shows the page is out of date.
        assert client.post(f"/api/v1/filings/{filing}/collect", headers=api.kiosk).status_code == 200
        web_page.wait_for_selector("#live:not([hidden])")
        assert dialogs == []
