"""The hall's background workers (hall/workers.py): each step runs, a failing step does not stop the worker."""

from __future__ import annotations

import threading

from hall.workers import Periodic


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
