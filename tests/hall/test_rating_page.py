"""The public rating page behind a ticket's QR code, over HTTP: the ticket's signed code, one rating; no JavaScript."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from hall.ratings import FollowUp, Rating
from hall.server import Hall
from hall.tokens import Role, create_token
from tests.support.clocks import FrozenClock
from tests.support.hall import served

CHROMIUM = Path("/usr/bin/chromium")
LEVELS_ZH = ("非常满意", "满意", "基本满意", "不满意", "非常不满意")


@pytest.fixture
def client(hall: Hall) -> Iterator[TestClient]:
    with TestClient(hall.app) as test_client:
        yield test_client


def link_path(hall: Hall, *, serve: bool = True) -> str:
    """The rating path of an `A` ticket served at window 2 (or a `B` ticket still waiting): its printed code."""
    ticket = hall.queue.take_number("A" if serve else "B", "kiosk").ticket
    if serve:
        called = hall.queue.call_next(2)
        assert called is not None and called.id == ticket.id
    return f"/r/{hall.app.state.hall.codes.ticket_code(ticket.id)}"


def test_the_page_is_chinese_first_with_five_levels_and_an_english_switch(client: TestClient, hall: Hall) -> None:
    path = link_path(hall)
    page = client.get(path)
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    html = page.text
    assert [html.count(f">{name}</span>") for name in LEVELS_ZH] == [1, 1, 1, 1, 1]
    assert html.index("非常满意") < html.index("非常不满意")  # the best level first
    assert "A001" in html and "2号窗口" in html and "办理时间过长" in html and 'name="viewport"' in html
    assert f'href="{path}?lang=en">English<' in html and "<script" not in html
    english = client.get(path, params={"lang": "en"}).text
    assert 'lang="en"' in english and ">Very dissatisfied</span>" in english and "It took too long" in english
    assert f'action="{path}?lang=en"' in english and ">中文<" in english


def test_a_bad_rating_without_a_reason_is_shown_again_then_recorded_once(client: TestClient, hall: Hall) -> None:
    path = link_path(hall)
    again = client.post(path, data={"level": "1", "comment": "等太久"})
    assert again.status_code == 422 and "请至少选择一个原因" in again.text
    assert 'value="1" required class=bad checked' in again.text and ">等太久</textarea>" in again.text  # kept
    kept = client.post(path, data={"level": "2", "reasons": "其他", "comment": "x" * 201})
    assert kept.status_code == 422 and "意见最多200字" in kept.text and 'value="其他" checked' in kept.text
    assert client.post(path, data={}).text.count("请选择满意程度") == 1
    assert "请从列表中选择原因" in client.post(path, data={"level": "2", "reasons": "编造的原因"}).text
    done = client.post(path, data={"level": "1", "reasons": ["需要多次跑动", "其他"], "comment": "等太久"})
    assert done.status_code == 200 and "感谢您的评价" in done.text and "回访" in done.text
    with hall.sessions() as session:
        rating = session.scalars(select(Rating)).one()
        assert (rating.channel, rating.level, rating.reasons, rating.window) == ("qr", 1, ["需要多次跑动", "其他"], 2)
        assert (rating.comment, rating.stage) == ("等太久", "completion")
        assert session.scalars(select(FollowUp)).one().rating_id == rating.id
    used = client.get(path)
    assert used.status_code == 409 and "该服务已评价" in used.text
    assert client.post(path, data={"level": "5"}).status_code == 409
    with hall.sessions() as session:
        assert len(session.scalars(select(Rating)).all()) == 1


def test_reasons_left_ticked_under_a_good_level_are_dropped(client: TestClient, hall: Hall) -> None:
    path = link_path(hall)
    assert client.post(path, data={"level": "4", "reasons": "其他"}, params={"lang": "en"}).status_code == 200
    with hall.sessions() as session:
        assert session.scalars(select(Rating)).one().reasons == []


def test_a_tampered_link_is_a_not_found_page(client: TestClient, hall: Hall) -> None:
    path = link_path(hall)
    tampered = path[:-3] + ("AAA" if not path.endswith("AAA") else "BBB")
    for bad in (tampered, "/r/not-a-token", "/r/" + "x" * 300):
        page = client.get(bad)
        assert page.status_code == 404 and "评价链接无效" in page.text and "<html" in page.text
        assert client.post(bad, data={"level": "5"}).status_code == 404


def test_a_code_rates_for_the_hours_configured_after_service(
    client: TestClient, hall: Hall, clock: FrozenClock
) -> None:
    path = link_path(hall)
    clock.advance(hours=72)
    assert client.get(path).status_code == 200
    clock.advance(seconds=1)
    expired = client.get(path)
    assert expired.status_code == 410 and "评价链接已过期" in expired.text
    assert client.post(path, data={"level": "5"}).status_code == 410


def test_a_ticket_not_yet_served_or_already_rated_at_the_pad_cannot_be_rated(client: TestClient, hall: Hall) -> None:
    waiting = link_path(hall, serve=False)
    assert "请在办理完成后再评价" in client.get(waiting).text
    path = link_path(hall)
    ticket_id = str(hall.app.state.hall.codes.ticket_of(path.removeprefix("/r/")))
    pads = {"Authorization": f"Bearer {create_token(hall.sessions, 'pad-1', Role.PADS)}"}
    body = {"ticket_id": ticket_id, "level": 5, "channel": "pad"}
    assert client.post("/api/v1/ratings", json=body, headers=pads).status_code == 201
    rated = client.get(path, params={"lang": "en"})
    assert rated.status_code == 409 and "already been rated" in rated.text


@pytest.mark.e2e
def test_the_page_renders_in_a_headless_phone_sized_browser(hall: Hall, tmp_path: Path) -> None:
    if not CHROMIUM.exists():
        pytest.fail("Debian's chromium is not installed: `make test` installs it (scripts/bootstrap.sh --test)")
    path = link_path(hall)
    shot = tmp_path / "rating.png"
    with served(hall.app) as base_url:
        subprocess.run(
            [str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
             "--disable-component-update", "--disable-sync", "--no-first-run",
             f"--user-data-dir={tmp_path / 'profile'}", f"--screenshot={shot}", "--window-size=390,844",
             f"{base_url}{path}"],
            check=True, capture_output=True, timeout=120,
        )  # fmt: skip
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 5000
