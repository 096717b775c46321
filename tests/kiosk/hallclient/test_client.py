"""The hall client against a real hall over HTTP: answers, refusals, an unreachable hall, the event follower."""

from __future__ import annotations

import queue

import pytest

from devices.words import Words
from devtools.ports import free_port
from hall.server import Hall
from hall.tokens import Role, create_token
from kiosk.hallclient import EventFollower, HallClient, HallEvent, HallRefused, HallUnreachable
from kiosk.hallclient.events import parse_sse
from tests.support.hall import served


def test_answers_and_refusals_are_told_apart(hall: Hall) -> None:
    token = create_token(hall.sessions, "kiosk-01", Role.KIOSK)
    with served(hall.app) as url, HallClient(url, token) as client:
        assert client.health()
        ticket = client.post("/api/v1/tickets", {"category": "A", "channel": "kiosk"})
        assert ticket is not None and ticket["number"] == "A001"
        with pytest.raises(HallRefused) as refused:
            client.post("/api/v1/tickets", {"category": "Q", "channel": "kiosk"})
        assert refused.value.status == 422 and refused.value.code == "unknown_category"
        assert refused.value.message == Words("没有这个业务类别", "unknown category 'Q'")
        with pytest.raises(HallRefused) as forbidden:
            client.post("/api/v1/windows/1/call-next")
        assert forbidden.value.status == 403
        with HallClient(url, "wrong") as stranger, pytest.raises(HallRefused) as unknown:
            stranger.get("/api/v1/queue")
        assert unknown.value.status == 401


def test_a_hall_that_is_not_there_is_unreachable() -> None:
    with HallClient(f"http://127.0.0.1:{free_port()}", "t", timeout_s=1) as client:
        assert not client.health()
        with pytest.raises(HallUnreachable) as error:
            client.get("/api/v1/queue")
    assert error.value.message.zh == "无法连接大厅服务"
    assert error.value.message.en.startswith("cannot reach the hall")


def test_the_follower_sees_each_call_once_and_resumes_after_a_restart(hall: Hall) -> None:
    kiosk = create_token(hall.sessions, "kiosk-01", Role.KIOSK)
    pads = create_token(hall.sessions, "pads", Role.PADS)
    events: queue.Queue[HallEvent] = queue.Queue()
    states: list[bool] = []
    port = free_port()

    def next_kind(kind: str) -> HallEvent:
        while True:
            event = events.get(timeout=10)
            if event.kind == kind:
                return event

    with HallClient(f"http://127.0.0.1:{port}", pads, timeout_s=2) as pads_client:
        follower = EventFollower(pads_client, events.put, on_state=states.append)
        with served(hall.app, port) as url, HallClient(url, kiosk) as client:
            follower.start()
            assert next_kind("snapshot").data["categories"]
            client.post("/api/v1/tickets", {"category": "A", "channel": "kiosk"})
            assert next_kind("ticket.issued").data["number"] == "A001"
        # The hall goes away; a number is taken while the follower is cut off, then the hall comes back.
        with served(hall.app, port) as url, HallClient(url, kiosk) as client:
            client.post("/api/v1/tickets", {"category": "A", "channel": "kiosk"})
            assert next_kind("ticket.issued").data["number"] == "A002"
            pads_client.post("/api/v1/windows/1/call-next")
            assert next_kind("ticket.called").data["number"] == "A001"
        follower.stop()
    assert states[0] is True and False in states


def test_sse_parsing_skips_comments_and_bad_data() -> None:
    lines = iter([": keep-alive", "", "id: 4", "event: ticket.called", 'data: {"number": "A001"}', "", "data: {", ""])
    assert list(parse_sse(lines)) == [HallEvent(4, "ticket.called", {"number": "A001"})]
