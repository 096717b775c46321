"""The one hall link of the station and the hall device controller: its states, its listeners, its probe."""

from __future__ import annotations

import time

import pytest

from devtools.ports import free_port
from hall.server import Hall
from kiosk.hallclient import HallClient, HallLink
from kiosk.hallclient.link import NOT_YET, STREAM_LOST
from tests.support.hall import served
from tests.support.waiting import wait_until


def test_a_new_link_is_down_until_the_hall_answers() -> None:
    link = HallLink()
    assert not link.online and link.reason == NOT_YET


def test_listeners_hear_each_change_once_whatever_told_it() -> None:
    # Given a link and a listener
    link = HallLink()
    heard: list[bool] = []
    link.subscribe(heard.append)
    # When requests, the event stream and the probe report the same state several times
    link.set(True)
    link.back()
    link.stream(True)
    link.lost("无法连接大厅服务 / cannot reach the hall")
    link.set(False)
    link.stream(False)
    # Then the listener hears each change once, and the link says why it was last found down
    assert heard == [True, False]
    assert not link.online and link.reason == STREAM_LOST


def test_a_lost_event_stream_is_its_own_reason() -> None:
    link = HallLink()
    link.back()
    link.stream(False)
    assert not link.online and link.reason == STREAM_LOST


def test_an_unsubscribed_listener_hears_nothing_more() -> None:
    link = HallLink()
    heard: list[bool] = []
    unsubscribe = link.subscribe(heard.append)
    link.back()
    unsubscribe()
    link.lost()
    assert heard == [True]


@pytest.mark.e2e
def test_the_probe_sees_the_hall_come_back_without_any_request(hall: Hall) -> None:
    # Given a link whose probe asks a hall that is not there yet
    port = free_port()
    with HallClient(f"http://127.0.0.1:{port}", "", timeout_s=1) as client:
        link = HallLink(client, probe_s=0.05)
        heard: list[bool] = []
        link.subscribe(heard.append)
        link.start()
        try:
            time.sleep(0.2)
            assert not link.online
            # When the hall starts on that port
            with served(hall.app, port):
                # Then the probe brings the link up by itself
                assert wait_until(lambda: link.online)
        finally:
            link.stop()
    assert heard == [True]


def test_a_link_without_a_client_cannot_probe() -> None:
    with pytest.raises(ValueError):
        HallLink().start()
