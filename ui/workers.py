"""Slow calls off the UI thread: a small pool of Python threads; results come back as queued Qt signals.

Python threads rather than QThreadPool: they are joined on close (tests check no thread is left running) and
a blocked ID card read is ended by ``cancel_read`` before the join.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from PySide6.QtCore import QObject, Signal

from kiosk.flows.jobs import Job
from kiosk.flows.machine import Kiosk

log = logging.getLogger(__name__)


class JobRunner(QObject):
    """Runs the kiosk's jobs on workers; ``deliver``/``fail`` happen on the UI thread, chained jobs follow."""

    _finished = Signal(object, object)  # job, result
    _failed = Signal(object, object)  # job, exception
    _called = Signal(object, object)  # done callback, result
    idle = Signal()  # no job left in flight (tests and the demo wait on it)

    def __init__(self, kiosk: Kiosk, workers: int = 4) -> None:
        super().__init__()
        self.kiosk = kiosk
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="kiosk-worker")
        self._pending = 0
        self._closed = False
        self._finished.connect(self._on_finished)
        self._failed.connect(self._on_failed)
        self._called.connect(self._on_called)

    @property
    def pending(self) -> int:
        return self._pending

    def submit(self, job: Job[Any] | None) -> None:
        if job is None or self._closed:
            return
        self.kiosk.track(job)
        self._pending += 1
        self._pool.submit(self._work, job)

    def _work(self, job: Job[Any]) -> None:
        try:
            result = job.work()
        except Exception as error:
            self._failed.emit(job, error)
        else:
            self._finished.emit(job, result)

    def _on_finished(self, job: Job[Any], result: Any) -> None:
        self._pending -= 1
        try:
            follow = self.kiosk.deliver(job, result)
        except Exception as error:
            # A bug in a flow's result handling is treated like a crashed worker: polite error, home.
            self.kiosk.fail(job, error)
            follow = None
        self.submit(follow)
        self._maybe_idle()

    def _on_failed(self, job: Job[Any], error: BaseException) -> None:
        self._pending -= 1
        self.kiosk.fail(job, error)
        self._maybe_idle()

    def call(self, work: Callable[[], Any], done: Callable[[Any], None]) -> None:
        """A call that belongs to no screen (reading the devices' state): ``done(result)`` on the UI thread."""
        if self._closed:
            return
        self._pending += 1
        future: Future[Any] = self._pool.submit(work)
        future.add_done_callback(lambda f: self._called.emit(done, f))

    def _on_called(self, done: Callable[[Any], None], future: Future[Any]) -> None:
        self._pending -= 1
        error = future.exception()
        if error is not None:
            log.error("background call failed", exc_info=error)
        else:
            done(future.result())
        self._maybe_idle()

    def _maybe_idle(self) -> None:
        if self._pending == 0:
            self.idle.emit()

    def close(self) -> None:
        """Stop taking work and wait for the workers (a card read in flight must have been cancelled)."""
        self._closed = True
        self._pool.shutdown(wait=True, cancel_futures=True)
