"""systemd notifications reach a real datagram socket; the watchdog is fed only while every worker thread beats."""

from __future__ import annotations

import logging
import threading

import pytest

from common.heartbeats import Heartbeats
from common.sdnotify import Notifier, WatchdogPinger
from tests.support.clocks import SteppedClock
from tests.support.notify import NotifySocket


def test_outside_systemd_every_notification_is_a_no_op() -> None:
    notifier = Notifier({})
    assert not notifier.enabled
    assert not notifier.ready("up")
    assert not notifier.watchdog()
    assert notifier.watchdog_interval_s() is None


def test_ready_status_and_stopping_reach_a_socket_on_a_path() -> None:
    with NotifySocket() as systemd:
        notifier = Notifier({"NOTIFY_SOCKET": systemd.env_value})
        assert notifier.ready("大厅 / hall up")
        assert notifier.status("两行\n文字 / two lines")
        assert notifier.stopping()
        systemd.wait_for("STOPPING=1")
        assert systemd.messages == [
            ["READY=1", "STATUS=大厅 / hall up"],
            ["STATUS=两行 文字 / two lines"],
            ["STOPPING=1", "STATUS=正在停止 / stopping"],
        ]


def test_an_abstract_socket_written_with_an_at_sign_is_reached() -> None:
    with NotifySocket(abstract=f"kiosk-test-{threading.get_ident()}") as systemd:
        assert systemd.env_value.startswith("@")
        assert Notifier({"NOTIFY_SOCKET": systemd.env_value}).watchdog()
        systemd.wait_for("WATCHDOG=1")


def test_a_socket_nobody_listens_on_is_logged_not_raised(caplog: pytest.LogCaptureFixture) -> None:
    notifier = Notifier({"NOTIFY_SOCKET": "/nonexistent/notify"})
    with caplog.at_level(logging.WARNING):
        assert not notifier.ready()
    assert "not sent" in caplog.text


@pytest.mark.parametrize(
    ("env", "interval"),
    [
        ({"WATCHDOG_USEC": "30000000"}, 15.0),  # half of WatchdogSec, as systemd advises
        ({"WATCHDOG_USEC": "30000000", "WATCHDOG_PID": "4242"}, 15.0),  # meant for this process
        ({"WATCHDOG_USEC": "30000000", "WATCHDOG_PID": "1"}, None),  # meant for another process
        ({"WATCHDOG_USEC": "0"}, None),
        ({"WATCHDOG_USEC": "soon"}, None),
        ({}, None),
    ],
)
def test_the_ping_interval_comes_from_watchdog_usec_for_this_process_only(
    env: dict[str, str], interval: float | None
) -> None:
    notifier = Notifier({"NOTIFY_SOCKET": "@x", **env}, pid=4242)
    assert notifier.watchdog_interval_s() == interval


def test_the_pinger_pings_at_the_watchdogs_pace() -> None:
    clock = SteppedClock()
    with NotifySocket() as systemd:
        notifier = Notifier({"NOTIFY_SOCKET": systemd.env_value, "WATCHDOG_USEC": "2000000"})
        pinger = WatchdogPinger(notifier, Heartbeats(clock), clock=clock)
        assert pinger.tick_s == 0.25
        assert pinger.tick()  # the first tick pings
        clock.advance(0.5)
        assert not pinger.tick()  # not yet: one second between pings
        clock.advance(0.5)
        assert pinger.tick()
        assert systemd.wait_for("WATCHDOG=1") >= 1


def test_a_stuck_thread_stops_the_pings_is_named_once_and_pings_resume_when_it_beats(
    caplog: pytest.LogCaptureFixture,
) -> None:
    clock = SteppedClock()
    hearts = Heartbeats(clock)
    outbox = hearts.register("outbox-sender", allowance_s=10)
    with NotifySocket() as systemd:
        notifier = Notifier({"NOTIFY_SOCKET": systemd.env_value, "WATCHDOG_USEC": "2000000"})
        pinger = WatchdogPinger(notifier, hearts, clock=clock)
        assert pinger.tick()
        # When the outbox sender stops beating past its allowance while the main loop goes on ticking
        with caplog.at_level(logging.ERROR):
            sent = []
            for _ in range(10):
                clock.advance(1.5)
                sent.append(pinger.tick())
        # Then no ping goes out once it is late, the log says which thread once, and STATUS= names it
        assert sent[:6] == [True] * 6  # on time for 9 s: a ping each tick, 1.5 s apart
        assert sent[6:] == [False] * 4  # late at 10.5 s
        assert caplog.text.count("outbox-sender") == 1
        systemd.wait_for("STATUS=线程无响应 / thread not responding: outbox-sender")
        # When it beats again, the pings resume and the status says so
        outbox.beat()
        assert pinger.tick()
        systemd.wait_for("STATUS=运行中 / running", since=systemd.count() - 2)


def test_a_thread_that_ended_on_purpose_is_no_longer_watched() -> None:
    clock = SteppedClock()
    hearts = Heartbeats(clock)
    with hearts.register("pad-bus", allowance_s=5):
        assert hearts.names() == ["pad-bus"]
    clock.advance(60)
    assert hearts.stuck() == []


def test_a_late_heart_says_how_long_it_has_been_silent() -> None:
    clock = SteppedClock()
    hearts = Heartbeats(clock)
    hearts.register("hotline", allowance_s=30)
    hearts.register("pad-desk", allowance_s=5)
    clock.advance(20)
    assert [late.describe() for late in hearts.stuck()] == ["pad-desk (silent 20 s, allowed 5 s)"]
    with pytest.raises(ValueError, match="positive"):
        hearts.register("never", allowance_s=0)
