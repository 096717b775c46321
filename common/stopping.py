"""Stopping a long-running command on SIGINT or SIGTERM: once, within a bound, without a traceback.

The first signal asks the command to stop. Its handler only records the signal and writes one byte to a pipe,
which takes no lock, so it cannot deadlock with whatever the main thread was doing; the main loop sees the
request at its next wait (``wait`` returns at once). Only where the main thread sits in a blocking read with
nothing half done (``interruptible``) does the handler also raise ``KeyboardInterrupt`` to end that read.

A second signal while stopping is ignored: it must not break the clean-up half way with a traceback.

A signal may be delivered to any thread of the process, and Python runs its handler in the main thread only
when that thread next runs Python code: a main thread blocked in one long system call (a read of stdin, a
select for an hour) would never hear a signal that landed on a simulator's or a driver's thread. So the main
thread never blocks longer than ``SLICE_S`` while it waits for a stop (``wait``, ``lines``, ``get``).

From the first signal on, a watchdog thread (started with the handlers, before any signal can arrive) gives
the clean-up ``STOP_BOUND_S`` seconds; past that it ends the process with one line on stderr, so systemd, a
technician or a test never waits on a hung stop.
"""

from __future__ import annotations

import contextlib
import os
import queue
import select
import signal
import threading
import time
from collections.abc import Callable, Iterator
from types import FrameType, TracebackType
from typing import Any, TextIO, TypeVar

Item = TypeVar("Item")

STOP_BOUND_S = 10.0
SLICE_S = 0.25  # the longest the main thread blocks in one call while a stop may come
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)
TOO_SLOW_EXIT = 1  # a stop that needed the watchdog is a fault to look into, not a clean stop


class StopSignals:
    """SIGINT and SIGTERM as a stop request for the main thread; use as a context manager around the command."""

    def __init__(self, bound_s: float = STOP_BOUND_S) -> None:
        self.bound_s = bound_s
        self.signum: int | None = None
        self._on_stop: Callable[[], None] | None = None
        self._interruptible = False
        self._read, self._write = os.pipe()
        os.set_blocking(self._write, False)
        self._done = threading.Event()
        self._watchdog = threading.Thread(target=self._watch, name="stop-watchdog", daemon=True)
        self._previous: dict[int, Any] = {}

    # -- the command's side ---------------------------------------------------------------------------------
    def __enter__(self) -> StopSignals:
        self._watchdog.start()
        if threading.current_thread() is threading.main_thread():  # Python handles signals there only
            for number in STOP_SIGNALS:
                self._previous[number] = signal.signal(number, self._on_signal)
        return self

    def __exit__(
        self, _type: type[BaseException] | None, _error: BaseException | None, _tb: TracebackType | None
    ) -> None:
        if self.signum is not None:
            # The process is ending: a late signal must not kill it half way (Python resets its own handlers to
            # the default while it exits, but leaves an ignored signal ignored), and the watchdog keeps its
            # bound over what remains (joining threads, finalizing).
            for number in self._previous:
                signal.signal(number, signal.SIG_IGN)
            return
        for number, handler in self._previous.items():
            signal.signal(number, handler)
        self._done.set()
        self._wake()
        self._watchdog.join(timeout=1)
        os.close(self._read)
        os.close(self._write)

    @property
    def requested(self) -> bool:
        return self.signum is not None

    def when_stopping(self, on_stop: Callable[[], None]) -> None:
        """Call ``on_stop`` on the first signal, from the signal handler (at once if it came already), for an
        event loop that must be told to end; it must take no lock (Qt's ``QTimer.singleShot`` qualifies)."""
        self._on_stop = on_stop
        if self.signum is not None:
            on_stop()

    @property
    def exit_code(self) -> int:
        """The shell's convention for a command ended by this signal: 130 for SIGINT, 143 for SIGTERM."""
        return 128 + (self.signum or signal.SIGINT)

    def wait(self, timeout: float) -> bool:
        """Sleep up to ``timeout`` seconds, less if a stop is asked for meanwhile; True once it is."""
        deadline = time.monotonic() + max(0.0, timeout)
        while self.signum is None:
            left = deadline - time.monotonic()
            if left <= 0:
                break
            select.select([self._read], [], [], min(left, SLICE_S))
        return self.signum is not None

    def get(self, source: queue.Queue[Item], timeout: float) -> Item:
        """The next item of ``source`` within ``timeout`` seconds (queue.Empty if none came), in slices so a stop
        is heard; inside ``interruptible`` a stop raises KeyboardInterrupt meanwhile."""
        deadline = time.monotonic() + max(0.0, timeout)
        while True:
            left = deadline - time.monotonic()
            try:
                return source.get(timeout=max(0.0, min(left, SLICE_S)))
            except queue.Empty:
                if left <= SLICE_S:
                    raise

    def lines(self, stream: TextIO) -> Iterator[str]:
        """The lines of ``stream`` as they come, until it ends or a stop is asked for. A daemon thread reads the
        stream, so the main thread never sits in a read that a signal on another thread would not end."""
        received: queue.Queue[str] = queue.Queue()

        def pump() -> None:
            with contextlib.suppress(OSError, ValueError):  # a closed or unreadable stream ends like an empty one
                for line in iter(stream.readline, ""):
                    received.put(line)
            received.put("")  # the end

        threading.Thread(target=pump, name="stdin-lines", daemon=True).start()
        while self.signum is None:
            try:
                line = self.get(received, SLICE_S)
            except queue.Empty:
                continue
            if not line:
                return
            yield line

    @contextlib.contextmanager
    def interruptible(self) -> Iterator[None]:
        """Inside, a stop request raises KeyboardInterrupt in the main thread too: for a blocking read that has
        nothing half done (stdin, a queue). Raised at once if the stop came before."""
        if self.signum is not None:
            raise KeyboardInterrupt
        self._interruptible = True
        try:
            yield
        finally:
            self._interruptible = False

    # -- the signal's side ----------------------------------------------------------------------------------
    def request(self, number: int) -> bool:
        """Record a stop asked for by signal ``number`` and start the watchdog; False if one was asked already.
        Safe in a signal handler: it takes no lock (for a server whose own handler sees the signal first)."""
        if self.signum is not None:
            return False
        self.signum = number
        self._wake()
        return True

    def _on_signal(self, number: int, _frame: FrameType | None) -> None:
        if not self.request(number):
            return  # already stopping: a second Ctrl-C must not cut the clean-up short
        if self._on_stop is not None:
            self._on_stop()
        if self._interruptible:
            self._interruptible = False
            raise KeyboardInterrupt

    def _wake(self) -> None:
        with contextlib.suppress(OSError):  # the pipe is full: it is awake already
            os.write(self._write, b"\0")

    def _watch(self) -> None:
        select.select([self._read], [], [])
        if self._done.is_set() or self._done.wait(self.bound_s):
            return
        message = (
            f"停止超时（{self.bound_s:g} 秒），强制退出 / did not stop within {self.bound_s:g} s; exiting anyway\n"
        )
        with contextlib.suppress(OSError):
            os.write(2, message.encode())
        os._exit(TOO_SLOW_EXIT)
