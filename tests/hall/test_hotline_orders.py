"""12345 work orders: the body and its signature to the byte, one order per bad rating and per overdue follow-up,
made once and delivered once when sweeps and senders race (on SQLite and PostgreSQL)."""

from __future__ import annotations

import json
import stat
import threading
import uuid
from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from common.errors import ConfigError
from common.settings import load_hall_config
from hall.hotline import HotlineOrder, HotlineOrders, OrderFacts, OrderKind, mask_phones, order_body
from hall.hotline_send import HotlineSender
from hall.hotline_sim import HotlineReceiver
from hall.hotline_wire import check, signature, signed_headers
from hall.ratings import FollowUp, Rating, RatingBook
from hall.server import Hall
from tests.hall.hotline import bad_rating, hotline_config, hotline_hall, key_file, link_of
from tests.support.clocks import FrozenClock

BODY = (
    '{"order_id":"0f0e0d0c-0b0a-4908-8706-050403020100","kind":"bad_rating","made_at":"2026-11-23T10:00:10+08:00",'
    '"hall":{"name":"示范市政务服务中心","name_en":"Demo City Service Hall"},'
    '"rating":{"id":"11111111-2222-4333-8444-555555555555","level":1,"level_name":"非常不满意",'
    '"level_name_en":"Very dissatisfied","reasons":["办理时间过长"],'
    '"comment":"<b>太慢</b> 请回电 138****5678 身份证 110101********1234","window":2,"staff":"1002",'
    '"item_code":"339900-002-GG-00101-002","item_name":"补领社会保障卡","channel":"pad","stage":"completion",'
    '"rated_at":"2026-11-23T10:00:00+08:00"},'
    '"follow_up":{"id":"66666666-7777-4888-9999-aaaaaaaaaaaa","due_date":"2026-11-30"}}'
).encode()
KEY = bytes(range(32))
# openssl dgst -sha256 -mac HMAC -macopt hexkey:000102…1f over b"1795400000." + BODY
SIGNATURE = "sha256=592ec94dea869573c84349fe7fd55dd71658499490379f59df8e539da0992ba0"


def test_the_body_and_its_signature_to_the_byte() -> None:
    rating = Rating(
        id=uuid.UUID("11111111-2222-4333-8444-555555555555"),
        filing_id="F-0001",
        stage="completion",
        level=1,
        reasons=["办理时间过长"],
        channel="pad",
        window=2,
        staff="1002",
        item_code="339900-002-GG-00101-002",
        comment="<b>太慢</b> 请回电 13812345678 身份证 110101199003071234",
        created_at=datetime(2026, 11, 23, 2, 0, tzinfo=UTC),
    )
    follow_up = FollowUp(
        id=uuid.UUID("66666666-7777-4888-9999-aaaaaaaaaaaa"), rating_id=rating.id, due_date=date(2026, 11, 30)
    )
    made = datetime(2026, 11, 23, 2, 0, 10, tzinfo=UTC)
    facts = OrderFacts(
        uuid.UUID("0f0e0d0c-0b0a-4908-8706-050403020100"),
        OrderKind.BAD_RATING,
        made,
        rating,
        follow_up,
        "补领社会保障卡",
    )
    body = order_body(facts, "示范市政务服务中心", "Demo City Service Hall", ZoneInfo("Asia/Shanghai"))
    assert body == BODY
    headers = signed_headers(KEY, str(facts.order_id), body, "1795400000")
    assert headers["X-Hotline-Signature"] == SIGNATURE == signature(KEY, "1795400000", body)
    assert headers["X-Hotline-Order"] == "0f0e0d0c-0b0a-4908-8706-050403020100"
    assert check(KEY, headers, body, now=1795400100) is None
    assert "签名不对" in (check(KEY, headers, body.replace(b'"level":1', b'"level":2'), now=1795400100) or "")
    assert "签名不对" in (check(bytes(32), headers, body, now=1795400100) or "")
    assert "时间戳过期" in (check(KEY, headers, body, now=1795400000 + 301) or "")
    assert "X-Hotline-Timestamp" in (check(KEY, {**headers, "X-Hotline-Timestamp": "x"}, body, now=0) or "")


def test_phone_numbers_in_a_comment_are_masked() -> None:
    assert mask_phones("电话13812345678，或 139-1234-5678") == "电话138****5678，或 139****5678"
    assert mask_phones("订单 2026112312345678901 与 12345") == "订单 2026112312345678901 与 12345"


def test_one_order_per_bad_rating_none_for_a_good_one(hall: Hall) -> None:
    orders = link_of(hall).orders
    comment = "<script>alert(1)</script> 身份证110101199003071234 电话13812345678"
    bad = bad_rating(hall, "F-1", comment=comment)
    bad_rating(hall, "F-2", level=4)
    assert orders.sweep() == 1
    assert orders.sweep() == 0
    [order] = orders.listed(None)
    assert order.kind == "bad_rating" and order.subject == bad.rating.id and order.state == "queued"
    body = json.loads(order.body)
    assert body["order_id"] == str(order.id) and body["rating"]["item_name"] == "社会保障卡补领"
    assert body["rating"]["comment"] == "<script>alert(1)</script> 身份证110101********1234 电话138****5678"
    assert "199003071234" not in order.body and "13812345678" not in order.body
    assert body["follow_up"]["due_date"] == "2026-11-30" and body["hall"]["name"] == hall.config.hall.name


def test_an_overdue_follow_up_gets_its_own_order_once(hall: Hall, clock: FrozenClock) -> None:
    orders = link_of(hall).orders
    open_one = bad_rating(hall, "F-1")
    closed = bad_rating(hall, "F-2")
    RatingBook(hall.queue, hall.queue.config.ratings).close_follow_up(closed.follow_up.id, "已回访")  # type: ignore[union-attr]
    assert orders.sweep() == 2
    clock.advance(days=7)  # due Monday 11-30: still due that day
    assert orders.sweep() == 0
    clock.advance(days=1)  # Tuesday 12-01: overdue
    assert orders.sweep() == 1 and orders.sweep() == 0
    overdue = [o for o in orders.listed(None) if o.kind == "follow_up_overdue"]
    assert [o.subject for o in overdue] == [open_one.follow_up.id]  # type: ignore[union-attr]


def test_two_processes_sweeping_at_once_make_each_order_once(hall: Hall) -> None:
    for n in range(30):
        bad_rating(hall, f"F-{n}")
    link = link_of(hall)
    # A second process's sweeper: its own object over the same database.
    other = HotlineOrders(hall.sessions, hall.config, hall.queue.clock, lambda _code: None)
    start = threading.Barrier(2)
    made: list[int] = []

    def sweep(orders: HotlineOrders) -> None:
        start.wait()
        made.append(orders.sweep())

    threads = [threading.Thread(target=sweep, args=(s,)) for s in (link.orders, other)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    with hall.sessions() as session:
        count = session.scalar(select(func.count()).select_from(HotlineOrder))
        subjects = session.scalar(select(func.count(func.distinct(HotlineOrder.subject))))
    assert count == subjects == 30 == sum(made)


def test_two_processes_sending_at_once_deliver_each_order_once(
    hall_db_url: str, clock: FrozenClock, tmp_path: Path
) -> None:
    receiver = HotlineReceiver()
    receiver.start()
    try:
        with hotline_hall(tmp_path, hall_db_url, clock, receiver.url) as hall:
            receiver.key = bytes.fromhex(key_file(hall).read_text())
            assert stat.S_IMODE(key_file(hall).stat().st_mode) == 0o600
            for n in range(25):
                bad_rating(hall, f"F-{n}")
            link = link_of(hall)
            assert link.orders.sweep() == 25
            other = HotlineSender(hall.sessions, hall.config.hotline, link.sender.key, hall.queue.clock)
            start = threading.Barrier(2)

            def send(sender: HotlineSender) -> None:
                start.wait()
                while sender.deliver_due(limit=3):
                    pass

            threads = [threading.Thread(target=send, args=(s,)) for s in (link.sender, other)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            assert {o.state for o in link.orders.listed(None)} == {"delivered"}
            assert all(o.attempts == 1 for o in link.orders.listed(None))
        received = receiver.listed()
        assert len(received) == 25 == receiver.posts and all(o["repeats"] == 0 for o in received)
    finally:
        receiver.stop()


def test_bad_hotline_settings_are_named_one_per_line(tmp_path: Path) -> None:
    path = hotline_config(tmp_path, "ftp://12345.example/x", key_name="Hot Line", retry_first_s=600, retry_max_s=60)
    with pytest.raises(ConfigError) as caught:
        load_hall_config(path)
    lines = caught.value.lines()
    assert any("hotline.url" in line and "must be an http(s) URL" in line for line in lines)
    assert any("hotline.key_name" in line and "a key name holds a-z" in line for line in lines)
    path = hotline_config(tmp_path, "https://12345.example/x", retry_first_s=600, retry_max_s=60)
    with pytest.raises(ConfigError) as caught:
        load_hall_config(path)
    assert any("retry_max_s must not be below retry_first_s" in line for line in caught.value.lines())


def test_a_rating_voided_on_appeal_before_its_order_gets_none(hall: Hall) -> None:
    orders = link_of(hall).orders
    voided = bad_rating(hall, "F-1")
    with hall.sessions.begin() as session:
        session.get(Rating, voided.rating.id).voided = True  # type: ignore[union-attr]
    assert orders.sweep() == 0
