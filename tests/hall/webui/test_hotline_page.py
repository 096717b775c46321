"""The supervisors' hotline page at HTTP level and in Chromium: the orders with their delivery, the filter, a
parked order's reason and sending it again (CSRF, audited), the export, and the refusals."""

from __future__ import annotations

import io
import uuid
from pathlib import Path

from fastapi.testclient import TestClient
from openpyxl import load_workbook
from playwright.sync_api import Page

from hall.hotline_sim import HotlineReceiver
from hall.server import Hall
from hall.tokens import Role
from tests.hall.hotline import bad_rating, hotline_hall, key_file, link_of
from tests.hall.webui.conftest import token_for
from tests.support.browser import sign_in, signed_in_client
from tests.support.clocks import FrozenClock
from tests.support.hall import served

XSS = '<img src=x onerror="alert(1)">差'


def test_the_page_lists_the_orders_escaped_and_exports_them(hall: Hall, supervisor_token: str) -> None:
    bad_rating(hall, "F-1", comment=XSS)
    bad_rating(hall, "F-2", level=2)
    link_of(hall).orders.sweep()
    with TestClient(hall.app) as client:
        signed_in_client(client, supervisor_token)
        page = client.get("/web/hotline")
        assert page.status_code == 200
        assert "未接通" in page.text and "Link off" in page.text  # no url in the shipped hall.toml
        assert "&lt;img src=x onerror=&#34;alert(1)&#34;&gt;差" in page.text and "<img src=x" not in page.text
        assert page.text.count('<tr id="order-') == 2 and "待发送" in page.text
        assert client.get("/web/hotline?state=delivered").text.count('<tr id="order-') == 0
        assert "没有这类工单" in client.get("/web/hotline?state=parked").text
        assert client.get("/web/hotline?state=bogus").status_code == 200  # shows all
        csv = client.get("/web/hotline/export?format=csv")
        assert csv.status_code == 200 and csv.content.startswith("\ufeff".encode())
        text = csv.content.decode("utf-8-sig")
        assert text.splitlines()[0].startswith("工单号 Order id,类型 Kind") and "社会保障卡补领" in text
        assert "'<img" not in text and "<img src=x" in text  # text, not a formula: kept as typed
        xlsx = client.get("/web/hotline/export?format=xlsx&state=queued")
        sheet = load_workbook(io.BytesIO(xlsx.content)).active
        assert sheet is not None and sheet.max_row == 3 and sheet["B2"].value == "差评"
        wrong = client.get("/web/hotline/export?format=pdf")
        assert wrong.status_code == 400 and "导出格式只能是 CSV 或 XLSX" in wrong.text
        assert client.get("/web/hotline?state=" + "x" * 5000).status_code == 200  # no raw error for odd input
        opened = client.get(f"/web/hotline/{uuid.uuid4()}/resend", follow_redirects=False)
        assert opened.status_code == 303 and opened.headers["location"].startswith("/web/hotline#order-")


def test_staff_and_strangers_are_refused(hall: Hall, staff_token: str) -> None:
    with TestClient(hall.app) as client:
        assert client.get("/web/hotline", follow_redirects=False).status_code == 303
        signed_in_client(client, staff_token)
        refused = client.get("/web/hotline")
        assert refused.status_code == 403 and "此页面仅限主管使用" in refused.text
        assert "/web/hotline" not in client.get("/web").text  # not in a staff member's navigation


def test_a_parked_order_shows_its_reason_and_is_sent_again(
    hall_db_url: str, clock: FrozenClock, tmp_path: Path
) -> None:
    receiver = HotlineReceiver(answer=400)
    receiver.start()
    try:
        with hotline_hall(tmp_path, hall_db_url, clock, receiver.url) as hall, TestClient(hall.app) as client:
            receiver.key = bytes.fromhex(key_file(hall).read_text())
            link = link_of(hall)
            bad_rating(hall, "F-1")
            link.step()
            [order] = link.orders.listed(None)
            assert order.state == "parked" and order.last_status == 400
            csrf = signed_in_client(client, token_for(hall, "supervisor-li", Role.SUPERVISOR))
            page = client.get("/web/hotline?state=parked")
            assert "模拟拒收：工单不符合要求" in page.text and "重新发送" in page.text
            home = client.get("/web")
            assert "热线工单" in home.text
            target = f"/web/hotline/{order.id}/resend"
            assert client.post(target, data={"csrf": "forged"}).status_code == 403
            assert client.post(f"/web/hotline/{uuid.uuid4()}/resend", data={"csrf": csrf}).status_code == 404
            assert client.post("/web/hotline/not-an-id/resend", data={"csrf": csrf}).status_code == 404
            receiver.answer = 200
            sent = client.post(target, data={"csrf": csrf, "state": "parked"}, follow_redirects=False)
            assert sent.status_code == 303 and sent.headers["location"].startswith("/web/hotline?state=parked&sent=")
            assert "已重新排队发送" in client.get(sent.headers["location"]).text
            again = client.post(target, data={"csrf": csrf})
            assert again.status_code == 409 and "不需要重新发送" in again.text
            link.step()
            assert link.orders.listed(None)[0].state == "delivered"
            assert [o["order_id"] for o in receiver.listed()] == [str(order.id)]
            actions = [e.action for e in hall.app.state.audit.all() if e.action.startswith("hotline.")]
            assert actions.count("hotline.resend") == 5 and "hotline.list" in actions
    finally:
        receiver.stop()


def test_resending_in_chromium(hall_db_url: str, clock: FrozenClock, tmp_path: Path, web_page: Page) -> None:
    receiver = HotlineReceiver(answer=400)
    receiver.start()
    try:
        with hotline_hall(tmp_path, hall_db_url, clock, receiver.url) as hall, served(hall.app) as base:
            link = link_of(hall)
            bad_rating(hall, "F-1", comment=XSS)
            link.step()
            receiver.answer = 200
            sign_in(web_page, base, token_for(hall, "supervisor-li", Role.SUPERVISOR), "/web/hotline")
            assert "被拒收" in web_page.inner_text("main") and XSS in web_page.inner_text("main")
            web_page.click("text=重新发送")
            web_page.wait_for_url(lambda url: "sent=" in url)
            assert "已重新排队发送" in web_page.inner_text("main")
    finally:
        receiver.stop()
