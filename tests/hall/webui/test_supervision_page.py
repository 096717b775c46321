"""电子监察's page over HTTP: red first, then yellow, the payment alerts beside them, each linked to its subject;
acknowledging with a note (CSRF, a note too long told beside the field, an unknown alert a 404 page); supervisors
only; the live fragment; markup in an alert shows as text."""

from __future__ import annotations

import re
from datetime import datetime

from fastapi.testclient import TestClient
from sqlalchemy import select

from devices.words import Words
from hall.alerts import Alert, Alerts
from hall.models import AuditEntry
from hall.server import Hall
from tests.hall.test_supervision import sweep
from tests.support.browser import signed_in_client
from tests.support.clocks import FrozenClock
from tests.support.filings import filing_api
from tests.support.hall import SHANGHAI


def warned(hall: Hall, clock: FrozenClock) -> dict[str, str]:
    """An overdue filing (red), a long pause (yellow) and a payment alert with markup in it."""
    with filing_api(hall) as api:
        filing = api.filed(1)
    Alerts(hall.sessions, clock).raise_alert(
        "payment.reconcile", "critical", "<b>2026-11-22</b>", Words("对账差异 <script>x()</script>", "differ <i>")
    )
    clock.moment = datetime(2026, 11, 25, 10, 0, tzinfo=SHANGHAI)  # Wednesday: the promised day has passed
    hall.queue.pause(2, True)
    clock.advance(minutes=20)
    sweep(hall)
    return filing


def test_the_page_lists_red_then_yellow_then_payment_alerts_each_linked(
    hall: Hall, clock: FrozenClock, supervisor_token: str
) -> None:
    filing = warned(hall, clock)
    with TestClient(hall.app) as client:
        signed_in_client(client, supervisor_token)
        page = client.get("/web/supervision")
        assert page.status_code == 200
        text = page.text
        red, yellow, other = text.index("红色预警"), text.index("黄色预警"), text.index("其他提醒")
        assert red < text.index(filing["number"]) < yellow < text.index("2号窗口已暂停超过 15 分钟") < other
        assert f'href="/web/filings/{filing["id"]}"' in text and 'href="/web/queue"' in text
        assert "<script>x()" not in text and "&lt;script&gt;x()&lt;/script&gt;" in text
        assert 'href="/web/supervision" class="here"' in text  # in the navigation
        fragment = client.get("/web/supervision/panel")
        assert fragment.status_code == 200 and "<html" not in fragment.text and filing["number"] in fragment.text


def test_acknowledging_takes_a_note_and_is_audited(hall: Hall, clock: FrozenClock, supervisor_token: str) -> None:
    filing = warned(hall, clock)
    with hall.sessions() as session:
        alert_id = session.scalars(select(Alert.id).where(Alert.subject == filing["number"])).first()
    with TestClient(hall.app) as client:
        csrf = signed_in_client(client, supervisor_token)
        path = f"/web/supervision/{alert_id}/acknowledge"
        forged = client.post(path, data={"csrf": "nope", "note": "x"})
        assert forged.status_code == 403 and "页面已过期" in forged.text
        long = client.post(path, data={"csrf": csrf, "note": "长" * 201})
        assert long.status_code == 422 and "备注最多 200 个字" in long.text and 'class="error"' in long.text
        assert client.post("/web/supervision/999999/acknowledge", data={"csrf": csrf}).status_code == 404
        assert client.post("/web/supervision/abc/acknowledge", data={"csrf": csrf}).status_code == 404
        done = client.post(path, data={"csrf": csrf, "note": "已催办 <b>窗口</b>"}, follow_redirects=False)
        assert done.status_code == 303 and done.headers["location"] == f"/web/supervision?done={alert_id}"
        page = client.get(done.headers["location"]).text
        assert "已确认" in page and "已催办 &lt;b&gt;窗口&lt;/b&gt;" in page
        section = page[page.index("已确认、仍在持续") :]
        assert filing["number"] in section  # acknowledged, but the filing is still overdue
    with hall.sessions() as session:
        alert = session.get(Alert, alert_id)
        assert alert is not None and alert.acknowledged_by == "supervisor-zhang" and alert.note.startswith("已催办")
    with hall.sessions() as session:
        query = select(AuditEntry).where(AuditEntry.action == "alert.acknowledge")
        entries = [(e.actor, e.target, e.outcome) for e in session.scalars(query)]
    assert ("supervisor-zhang", f"alert_id={alert_id}", 303) in entries


def test_staff_are_refused_and_strangers_sent_to_sign_in(hall: Hall, staff_token: str) -> None:
    with TestClient(hall.app) as client:
        stranger = client.get("/web/supervision/panel", follow_redirects=False)
        assert stranger.status_code == 303 and "sign-in" in stranger.headers["location"]
        signed_in_client(client, staff_token)
        refused = client.get("/web/supervision")
        assert refused.status_code == 403 and "此页面仅限主管使用" in refused.text
        assert not re.search(r'href="/web/supervision"', client.get("/web").text)
