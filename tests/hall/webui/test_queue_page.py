"""The supervisors' queue overview: each category's waiting count and longest wait, each window's state, the
day's totals; the panel the page swaps in escapes what it shows; the open page follows the event stream."""

from __future__ import annotations

import re
from pathlib import Path

from fastapi.testclient import TestClient
from playwright.sync_api import Page, expect

from hall.server import Hall, build_hall
from hall.tokens import Role
from hall.webui.queue_overview import Level, WindowStateKind, queue_overview
from tests.hall.webui.conftest import token_for
from tests.support.browser import sign_in, signed_in_client
from tests.support.clocks import FrozenClock
from tests.support.hall import served
from tests.support.paths import SHIPPED_CONFIG


def _busy_morning(hall: Hall, clock: FrozenClock) -> None:
    """09:20 A001, A002; 09:35 A003, S001; 09:40 window 2 calls A001; 09:45 window 3 pauses; 09:55 window 1 calls
    and completes A002 (and calls A003); now 10:00."""
    queue = hall.queue
    clock.advance(minutes=-40)
    queue.take_number("A", "kiosk")
    queue.take_number("A", "kiosk")
    clock.advance(minutes=15)
    queue.take_number("A", "kiosk")
    queue.take_number("S", "kiosk")
    clock.advance(minutes=5)
    assert queue.call_next(2) is not None  # A001
    clock.advance(minutes=5)
    queue.pause(3, True)
    clock.advance(minutes=10)
    assert queue.call_next(1) is not None  # A002
    assert queue.call_next(1) is not None  # completes A002, calls A003
    clock.advance(minutes=5)


def test_the_figures_of_a_busy_morning(hall: Hall, clock: FrozenClock) -> None:
    _busy_morning(hall, clock)
    overview = queue_overview(hall.queue)
    categories = {c.prefix: c for c in overview.categories}
    assert (categories["A"].waiting, categories["A"].longest_minutes) == (0, 0)
    assert (categories["S"].waiting, categories["S"].longest_minutes, categories["S"].level) == (1, 25, Level.OK)
    assert categories["B"].waiting == 0 and categories["B"].oldest is None
    windows = {w.number: w for w in overview.windows}
    assert (windows[1].state, windows[1].ticket, windows[1].minutes, windows[1].served_today) == (
        WindowStateKind.SERVING,
        "A003",
        5,
        1,
    )
    assert (windows[2].state, windows[2].ticket, windows[2].minutes) == (WindowStateKind.SERVING, "A001", 20)
    assert (windows[3].state, windows[3].ticket, windows[3].minutes) == (WindowStateKind.PAUSED, None, 15)
    assert (overview.waiting, overview.serving, overview.paused, overview.completed) == (1, 2, 1, 1)
    clock.advance(minutes=5)  # 30 minutes: [supervision] ticket_wait_yellow_minutes, as electronic supervision warns
    later = {c.prefix: c for c in queue_overview(hall.queue).categories}
    assert (later["S"].longest_minutes, later["S"].level) == (30, Level.YELLOW)


def test_a_pause_counts_from_its_start_until_resumed(hall: Hall, clock: FrozenClock) -> None:
    hall.queue.pause(3, True)
    clock.advance(minutes=10)
    hall.queue.pause(3, True)  # pressed again: still the first pause
    clock.advance(minutes=50)
    line = next(w for w in queue_overview(hall.queue).windows if w.number == 3)
    assert (line.state, line.minutes) == (WindowStateKind.PAUSED, 60)
    hall.queue.pause(3, False)
    line = next(w for w in queue_overview(hall.queue).windows if w.number == 3)
    assert (line.state, line.since) == (WindowStateKind.IDLE, None)
    clock.advance(minutes=5)
    hall.queue.pause(3, True)
    clock.advance(minutes=2)
    line = next(w for w in queue_overview(hall.queue).windows if w.number == 3)
    assert line.minutes == 2


def _text_of(html: str, element_id: str) -> str:
    found = re.search(rf'id="{element_id}"[^>]*>([^<]*)<', html)
    assert found, element_id
    return found.group(1).strip()


def test_the_page_and_its_panel_show_the_figures(hall: Hall, clock: FrozenClock, supervisor_token: str) -> None:
    _busy_morning(hall, clock)
    with TestClient(hall.app) as client:
        signed_in_client(client, supervisor_token)
        page = client.get("/web/queue")
        assert page.status_code == 200
        assert "connect-src 'self'" in page.headers["content-security-policy"]  # its EventSource and fetch
        assert 'href="/web/queue" class="here"' in page.text and "new EventSource(&#34;" not in page.text
        panel = client.get("/web/queue/panel")
        assert panel.status_code == 200 and "<html" not in panel.text
        for html in (page.text, panel.text):
            assert _text_of(html, "waiting-S") == "1" and _text_of(html, "longest-S") == "25"
            assert _text_of(html, "waiting-A") == "0" and _text_of(html, "longest-A") == "–"
            assert _text_of(html, "total-waiting") == "1" and _text_of(html, "total-paused") == "1"
            assert _text_of(html, "total-completed") == "1"
            window_2 = html.split('id="window-2"')[1].split("</tr>")[0]
            assert "A001" in window_2 and "09:40" in window_2 and "办理中" in window_2
            window_3 = html.split('id="window-3"')[1].split("</tr>")[0]
            assert "暂停" in window_3 and "09:45" in window_3


def test_only_supervisors_see_it(hall: Hall, staff_token: str) -> None:
    with TestClient(hall.app) as client:
        assert client.get("/web/queue", follow_redirects=False).headers["location"].startswith("/web/sign-in")
        assert client.get("/web/queue/panel", follow_redirects=False).status_code == 303
        signed_in_client(client, staff_token)
        for path in ("/web/queue", "/web/queue/panel"):
            refused = client.get(path)
            assert refused.status_code == 403 and "仅限主管" in refused.text
        assert 'href="/web/queue"' not in client.get("/web").text


def test_the_panel_escapes_names_from_the_config(hall_db_url: str, tmp_path: Path, clock: FrozenClock) -> None:
    shipped = (SHIPPED_CONFIG / "hall.toml").read_text(encoding="utf-8")
    marked = shipped.replace('staff_name = "李明"', 'staff_name = "<i onclick=x>李明</i>"', 1)
    marked = marked.replace('name_en = "Green channel"', 'name_en = "Green <b>channel</b>"', 1)
    assert marked != shipped
    config = tmp_path / "hall.toml"
    config.write_text(marked, encoding="utf-8")
    hall = build_hall(config, hall_db_url, clock=clock)
    try:
        with TestClient(hall.app) as client:
            signed_in_client(client, token_for(hall, "lead", Role.SUPERVISOR))
            panel = client.get("/web/queue/panel").text
    finally:
        hall.close()
    assert "<i onclick" not in panel and "&lt;i onclick=x&gt;李明&lt;/i&gt;" in panel
    assert "<b>channel</b>" not in panel and "Green &lt;b&gt;channel&lt;/b&gt;" in panel


def test_the_open_page_follows_the_queue_without_reload(
    hall: Hall, clock: FrozenClock, supervisor_token: str, web_page: Page
) -> None:
    kiosk = {"Authorization": f"Bearer {token_for(hall, 'kiosk-01', Role.KIOSK)}"}
    hall.queue.take_number("A", "kiosk")  # at 10:00, as the page's clock starts
    web_page.clock.install(time=clock())
    with served(hall.app) as base:
        sign_in(web_page, base, supervisor_token, "/web/queue")
        expect(web_page.locator("#live")).to_have_class("badge on")  # the stream is open
        web_page.evaluate("() => { window.sameDocument = true; }")
        assert web_page.inner_text("#waiting-S") == "0"
        with TestClient(hall.app) as client:
            assert client.post("/api/v1/tickets", json={"category": "S", "channel": "kiosk"}, headers=kiosk).is_success
        expect(web_page.locator("#waiting-S")).to_have_text("1")
        hall.queue.pause(2, True)
        expect(web_page.locator("#total-paused")).to_have_text("1")
        assert "暂停" in web_page.inner_text("#window-2")
        assert web_page.evaluate("() => window.sameDocument") is True  # not reloaded: its panel swapped in
        assert web_page.inner_text("#longest-A") == "0"
        # Thirty minutes on (and a tick's half minute), with no event: the waits moved on by themselves.
        web_page.clock.run_for(30 * 60_000 + 30_000)
        expect(web_page.locator("#longest-A")).to_have_text("30")
        expect(web_page.locator("#longest-A")).to_have_class("wait yellow")
