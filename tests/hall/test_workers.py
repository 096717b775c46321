"""The hall's background workers (hall/workers.py): each step runs, a failing step does not stop the worker."""

from __future__ import annotations

import threading

from common.heartbeats import Heartbeats
from common.sdnotify import Notifier, WatchdogPinger
from hall.workers import STEP_ALLOWANCE_S, Periodic
from tests.support.clocks import SteppedClock
from tests.support.notify import NotifySocket
from tests.support.waiting import wait_until


def test_a_failing_turn_is_logged_and_the_worker_goes_on() -> None:
    turns: list[int] = []
    done = threading.Event()

    def step() -> None:
        turns.append(len(turns))
        if len(turns) == 1:
            raise RuntimeError("the database was away")
        done.set()

    worker = Periodic("test-worker", 60, step)
    worker.start()
    worker.wake()  # the second turn now, not in a minute
    assert done.wait(5)
    worker.stop()
    assert turns[:2] == [0, 1]


def test_a_worker_whose_step_hangs_stops_the_watchdogs_pings_until_it_goes_on() -> None:
    # Given a worker thread beating a registry whose clock the test moves, and the main loop's pinger under systemd
    clock = SteppedClock()
    hearts = Heartbeats(clock)
    entered, release = threading.Event(), threading.Event()

    def step() -> None:
        entered.set()
        release.wait(30)  # hangs, as a step stuck on a lock or a dead connection would

    with NotifySocket() as systemd:
        notifier = Notifier({"NOTIFY_SOCKET": systemd.env_value, "WATCHDOG_USEC": "60000000"})
        pinger = WatchdogPinger(notifier, hearts, clock=clock)
        worker = Periodic("supervision-sweep", 60, step, hearts=hearts)
        worker.start()
        try:
            assert entered.wait(5)
            assert pinger.tick()  # in its allowance: fed
            # When the step has hung past the worker's allowance
            clock.advance(60 + STEP_ALLOWANCE_S + 1)
            # Then the watchdog is no longer fed, and systemd's status names the thread
            assert not pinger.tick()
            systemd.wait_for("STATUS=线程无响应 / thread not responding: supervision-sweep")
            # When the step returns, the worker beats again at its next turn and the pings resume
            entered.clear()
            release.set()
            worker.wake()
            assert wait_until(lambda: not hearts.stuck())
            assert pinger.tick()
        finally:
            release.set()
            worker.stop()
    assert hearts.names() == []  # a stopped worker is no longer watched
