"""The phone ticket page behind a ticket's QR code (``/q/{code}``): what it says in each state, its refresh without
JavaScript, and giving up the place (放弃排队) with the signed code as the one credential."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from hall.audit import AuditLog, Filters
from hall.models import Ticket, TicketStatus
from hall.server import Hall
from tests.support.clocks import FrozenClock
from tests.support.hall import open_hall, sqlite_url

REFRESH = '<noscript><meta http-equiv="refresh" content="30"></noscript>'


@pytest.fixture
def hall(tmp_path: Path, clock: FrozenClock) -> Iterator[Hall]:
    """The page reads the queue engine, which tests/hall/test_give_up.py runs on both backends: SQLite here."""
    with open_hall(sqlite_url(tmp_path), clock) as built:
        yield built


@pytest.fixture
def client(hall: Hall) -> Iterator[TestClient]:
    with TestClient(hall.app) as test_client:
        yield test_client


def take(hall: Hall, category: str = "A") -> tuple[Ticket, str]:
    ticket = hall.queue.take_number(category, "kiosk").ticket
    return ticket, hall.app.state.hall.codes.ticket_code(ticket.id)


def text_of(page: str) -> str:
    """What a person reads: the page without its style, script and tags."""
    page = re.sub(r"<(style|script)>.*?</\1>", "", page, flags=re.DOTALL)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page))


def test_a_waiting_ticket_shows_the_hall_the_call_its_place_and_that_it_updates(client: TestClient, hall: Hall) -> None:
    first, first_code = take(hall)
    mine, code = take(hall)
    take(hall)
    page = client.get(f"/q/{code}")
    assert page.status_code == 200 and "set-cookie" not in page.headers
    words = text_of(page.text)
    for expected in (
        "示例市政务服务中心",
        "Example City Government Service Centre",
        "社保医保",
        "Social and medical insurance",
        "A002",
        "本类业务尚未开始叫号",
        "您前面还有 1 人等候",
        "1 person is ahead of you",
        "预计等候约",
        "本页自动更新 · 更新于 10:00:00",  # the hall's time, not the server's zone
        "Updates by itself · last updated 10:00:00",
        "放弃排队",
        "需要帮助？请拨打服务热线 12345",
    ):
        assert expected in words, expected
    assert REFRESH in page.text  # without JavaScript the page reloads itself
    policy = page.headers["content-security-policy"]
    assert "script-src 'sha256-" in policy and "connect-src 'self'" in policy and "form-action 'self'" in policy
    # The first in line needs no wait: the same words as the printed ticket.
    assert "您前面没有人等候" in text_of(client.get(f"/q/{first_code}").text)
    assert "无需等候" in text_of(client.get(f"/q/{first_code}").text)
    # Once a number of the category is called, the page names it.
    hall.queue.call_next(2)
    assert "正在叫号：A001" in text_of(client.get(f"/q/{code}").text)
    assert "Now calling: A001" in text_of(client.get(f"/q/{code}").text)
    assert first.id != mine.id


def test_your_turn_names_the_window_large_and_plain(client: TestClient, hall: Hall) -> None:
    _ticket, code = take(hall)
    hall.queue.call_next(2)
    page = client.get(f"/q/{code}").text
    assert '<main id="live" class="turn"' in page  # the high-contrast state
    assert '<p class="window">请到 2 号窗口<span class="en" lang="en">Please go to window 2</span></p>' in page
    assert "轮到您了" in page and REFRESH in page  # it still updates: served comes next
    assert "<title>请到 2 号窗口 · A001</title>" in page
    assert "放弃排队" not in text_of(page)
    hall.queue.recall(2)
    assert "已再次呼叫您的号" in client.get(f"/q/{code}").text


def test_served_no_show_expired_and_given_up_are_said_plainly_and_stop_updating(
    client: TestClient, hall: Hall, clock: FrozenClock
) -> None:
    _served, served_code = take(hall)
    _missed, missed_code = take(hall)
    _left, left_code = take(hall)
    _old, old_code = take(hall, "S")
    hall.queue.call_next(2)
    hall.queue.call_next(2)  # the first served, the second at the window
    hall.queue.no_show(2)
    client.post(f"/q/{left_code}/give-up")
    states = {
        served_code: ("已办理完毕", "You have been served"),
        missed_code: ("已过号", "叫到您的号时，您不在窗口"),
        left_code: ("您已放弃排队", "You gave up your place"),
    }
    for code, expected in states.items():
        page = client.get(f"/q/{code}").text
        assert all(words in text_of(page) for words in expected), (code, text_of(page))
        assert REFRESH not in page and "状态更新于 10:00:00" in text_of(page)
    assert f'href="/r/{served_code}"' in client.get(f"/q/{served_code}").text  # served: rate it
    clock.advance(days=1)
    expired = text_of(client.get(f"/q/{old_code}").text)
    assert "此号已过期" in expired and "号票仅在取号当天（11月23日）有效" in expired and "23 Nov" in expired


def test_giving_up_asks_first_then_cancels_and_is_in_the_audit_log(client: TestClient, hall: Hall) -> None:
    ticket, code = take(hall)
    _behind, behind_code = take(hall)
    confirm = client.get(f"/q/{code}/give-up")
    assert confirm.status_code == 200 and "确定放弃 A001 的排队吗？" in text_of(confirm.text)
    assert f'<form method="post" action="/q/{code}/give-up">' in confirm.text
    assert f'href="/q/{code}"' in confirm.text  # 不放弃: back, nothing changed
    assert hall.queue.ticket(ticket.id).status == TicketStatus.WAITING  # type: ignore[union-attr]
    done = client.post(f"/q/{code}/give-up", follow_redirects=False)
    assert done.status_code == 303 and done.headers["location"] == f"/q/{code}"
    assert "set-cookie" not in done.headers and "set-cookie" not in confirm.headers
    assert hall.queue.ticket(ticket.id).status == TicketStatus.CANCELLED  # type: ignore[union-attr]
    assert "您前面没有人等候" in text_of(client.get(f"/q/{behind_code}").text)  # the queue moved on
    [entry] = AuditLog(hall.sessions).all(Filters(action="ticket.give_up"))
    assert (entry.role, entry.actor, entry.outcome) == ("citizen", "ticket A001", 303)
    assert entry.target == f"ticket_id={ticket.id}" and entry.address == "testclient"


def test_a_called_ticket_cannot_give_up_and_is_told_where_to_go(client: TestClient, hall: Hall) -> None:
    ticket, code = take(hall)
    confirm = client.get(f"/q/{code}/give-up")  # the citizen opens the confirmation ...
    hall.queue.call_next(2)  # ... and is called meanwhile
    assert confirm.status_code == 200
    refused = client.post(f"/q/{code}/give-up")
    assert refused.status_code == 409
    words = text_of(refused.text)
    assert "不能放弃排队" in words and "请到 2 号窗口办理" in words and "window 2" in words
    assert "12345" in words and f'href="/q/{code}"' in refused.text
    assert hall.queue.ticket(ticket.id).status == TicketStatus.CALLED  # type: ignore[union-attr]
    assert client.get(f"/q/{code}/give-up").status_code == 409  # the confirmation is not offered any more
    [entry] = AuditLog(hall.sessions).all(Filters(action="ticket.give_up"))
    assert entry.outcome == 409 and '"status":"called"' in entry.detail


def test_only_the_ticket_s_own_code_gives_its_place_up(client: TestClient, hall: Hall) -> None:
    mine, _code = take(hall)
    other, other_code = take(hall)
    # Another ticket's code gives up that other ticket only.
    client.post(f"/q/{other_code}/give-up")
    assert hall.queue.ticket(other.id).status == TicketStatus.CANCELLED  # type: ignore[union-attr]
    # A bare id (read from the event stream, printed on old tickets), a forged or unknown code: nothing happens.
    page = client.get(f"/q/{mine.id}")
    assert page.status_code == 200 and "A001" in page.text and "/give-up" not in page.text
    for bad in (str(mine.id), f"1.{'A' * 38}", other_code[:-1] + ("A" if other_code[-1] != "A" else "B"), "x" * 200):
        assert client.get(f"/q/{bad}/give-up").status_code == 404
        assert client.post(f"/q/{bad}/give-up").status_code == 404
    assert hall.queue.ticket(mine.id).status == TicketStatus.WAITING  # type: ignore[union-attr]
    assert AuditLog(hall.sessions).all(Filters(action="ticket.give_up")).__next__().target == f"ticket_id={other.id}"
    assert client.get(f"/q/{uuid.uuid4()}").status_code == 404
