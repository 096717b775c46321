"""A command run as its own process, as a technician or systemd runs it: read without blocking, signalled, bounded.

Both output pipes are drained by threads from the start, so a chatty command can never block on a full pipe;
a test waits for a line the command prints once it is ready (never a fixed sleep) with a deadline that only
matters when something is wrong; and a stop is a real signal, then a wait with a bound.
"""

from __future__ import annotations

import os
import queue
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from types import TracebackType
from typing import IO

KIOSK = Path(sys.executable).with_name("kiosk")
READY_WITHIN_S = 120.0  # generous: a loaded two-core machine starts Qt or the hall slowly; only a failure waits it
# The commands give their clean-up 10 s (common.stopping) and exit with one line past that; the margin lets the
# test see that line instead of timing out first.
STOPPED_WITHIN_S = 40.0


class Output:
    """One pipe of a process, read line by line by a thread; every line kept, new ones waited for with a deadline."""

    def __init__(self, stream: IO[str], name: str) -> None:
        self.lines: list[str] = []
        self._new: queue.Queue[str | None] = queue.Queue()
        self._thread = threading.Thread(target=self._pump, args=(stream,), name=f"output-{name}", daemon=True)
        self._thread.start()
        self._ended = False

    def _pump(self, stream: IO[str]) -> None:
        try:
            for line in stream:
                self._new.put(line.rstrip("\n"))
        finally:
            self._new.put(None)

    def wait_for(self, text: str, timeout: float = READY_WITHIN_S) -> str:
        """The first line from now on that holds ``text``; AssertionError after ``timeout`` or at the end."""
        deadline = time.monotonic() + timeout
        while not self._ended and time.monotonic() < deadline:
            try:
                line = self._new.get(timeout=min(0.5, max(0.01, deadline - time.monotonic())))
            except queue.Empty:
                continue
            if line is None:
                self._ended = True
                break
            self.lines.append(line)
            if text in line:
                return line
        ended = "the output ended" if self._ended else f"{timeout:g} s passed"
        raise AssertionError(f"no line with {text!r} before {ended}: {self.lines}")

    def first(self, text: str, timeout: float = READY_WITHIN_S) -> str:
        """The first line with ``text``, seen already or still to come: for states, whose lines come in any order."""
        return next((line for line in self.lines if text in line), None) or self.wait_for(text, timeout)

    def rest(self, timeout: float = 10.0) -> str:
        """Everything, once the pipe has closed (the process ended)."""
        self._thread.join(timeout)
        while True:
            try:
                line = self._new.get_nowait()
            except queue.Empty:
                break
            if line is not None:
                self.lines.append(line)
        return "\n".join(self.lines)


class Running:
    """A command started as a process (``with Running([...]) as command``); killed on leaving if still there."""

    def __init__(
        self,
        argv: Sequence[str],
        *,
        env: dict[str, str] | None = None,
        cwd: Path | None = None,
        stdin: int | None = subprocess.DEVNULL,
    ) -> None:
        # PYTHONFAULTHANDLER: a process that will not stop is sent SIGABRT first, and prints every thread's stack.
        environment = {**os.environ, "PYTHONUNBUFFERED": "1", "PYTHONFAULTHANDLER": "1", **(env or {})}
        self.argv = [str(part) for part in argv]
        self.process = subprocess.Popen(
            self.argv, env=environment, cwd=cwd, stdin=stdin, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            text=True, encoding="utf-8", errors="replace",
        )  # fmt: skip
        assert self.process.stdout is not None and self.process.stderr is not None
        self.out = Output(self.process.stdout, "stdout")
        self.err = Output(self.process.stderr, "stderr")

    def __enter__(self) -> Running:
        return self

    def __exit__(
        self, _type: type[BaseException] | None, _error: BaseException | None, _tb: TracebackType | None
    ) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()
        self.out.rest()
        self.err.rest()
        if self.process.stdin is not None:
            self.process.stdin.close()

    def wait_until(self, ready: Callable[[], bool], what: str, timeout: float = READY_WITHIN_S) -> None:
        """Wait for a readiness the process shows elsewhere (a log line, a port that answers)."""
        deadline = time.monotonic() + timeout
        while not ready():
            if self.process.poll() is not None:
                raise AssertionError(f"{self.argv} ended ({self.process.returncode}) before {what}: {self.err.rest()}")
            if time.monotonic() > deadline:
                raise AssertionError(f"{self.argv}: no {what} within {timeout:g} s")
            time.sleep(0.1)

    def stop(self, *signals: signal.Signals, between_s: float = 0.2) -> Stopped:
        """Send ``signals`` in turn (a second one lands while the first stop is under way), then wait for the end
        within STOPPED_WITHIN_S; AssertionError, with what it printed, if it is still there."""
        started = time.monotonic()
        for number, sent in enumerate(signals):
            if number:
                time.sleep(between_s)
            if self.process.poll() is None:
                self.process.send_signal(sent)
        try:
            code = self.process.wait(timeout=STOPPED_WITHIN_S)
        except subprocess.TimeoutExpired:
            self.process.send_signal(signal.SIGABRT)  # its threads' stacks to stderr (PYTHONFAULTHANDLER)
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
            raise AssertionError(
                f"{self.argv} still running {STOPPED_WITHIN_S:g} s after {[s.name for s in signals]}:\n"
                f"{self.err.rest()}"
            ) from None
        return Stopped(code, time.monotonic() - started, self.out.rest(), self.err.rest())


class Stopped:
    """How a stopped process ended: its exit code, how long the stop took, what it printed."""

    def __init__(self, code: int, took_s: float, out: str, err: str) -> None:
        self.code, self.took_s, self.out, self.err = code, took_s, out, err

    def assert_clean(self, code: int = 0) -> None:
        """Exit ``code``, no traceback anywhere, and not ended by the stop watchdog."""
        printed = f"exit {self.code} after {self.took_s:.1f} s\nstdout:\n{self.out}\nstderr:\n{self.err}"
        assert "Traceback" not in self.err + self.out, printed
        assert "did not stop within" not in self.err, printed
        assert self.code == code, printed
