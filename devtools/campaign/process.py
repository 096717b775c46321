"""A child process whose output lines are read by a thread and kept with the moment each arrived."""

from __future__ import annotations

import os
import queue
import subprocess
import threading
import time
from collections.abc import Sequence
from pathlib import Path

READY_WITHIN_S = 120.0


class Child:
    """``argv`` started with its stdout read line by line; stderr goes to ``log``."""

    def __init__(self, argv: Sequence[str | Path], *, log: Path, env: dict[str, str] | None = None, cwd: Path) -> None:
        environment = {**os.environ, "PYTHONUNBUFFERED": "1", **(env or {})}
        self.log = log
        self._err = log.open("ab")
        self.started = time.monotonic()
        self.process = subprocess.Popen(
            [str(part) for part in argv], env=environment, cwd=cwd, stdin=subprocess.PIPE,
            stdout=subprocess.PIPE, stderr=self._err, text=True, encoding="utf-8", errors="replace",
        )  # fmt: skip
        self.lines: list[tuple[float, str]] = []
        self._new: queue.Queue[str | None] = queue.Queue()
        self._thread = threading.Thread(target=self._pump, daemon=True, name="campaign-child-out")
        self._thread.start()

    def _pump(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            stamped = (time.monotonic(), line.rstrip("\n"))
            self.lines.append(stamped)
            self._new.put(stamped[1])
        self._new.put(None)

    def wait_for(self, text: str, timeout: float = READY_WITHIN_S) -> str:
        """The first line holding ``text`` (seen already or still to come); RuntimeError at the end or deadline."""
        for _at, line in list(self.lines):
            if text in line:
                return line
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                new = self._new.get(timeout=0.2)
            except queue.Empty:
                continue
            if new is None:
                break
            if text in new:
                return new
        raise RuntimeError(f"{self.process.args!r}: no line with {text!r}; see {self.log}")

    def at(self, text: str) -> float | None:
        """When the first line holding ``text`` arrived (monotonic), None if none did."""
        return next((at for at, line in self.lines if text in line), None)

    def send(self, line: str) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write(line + "\n")
        self.process.stdin.flush()

    def kill(self) -> int:
        """SIGKILL it (if it still runs) and reap it; its exit code."""
        if self.process.poll() is None:
            self.process.kill()
        code = self.process.wait()
        self._thread.join(5)
        self._err.close()
        return code

    def wait(self, timeout: float) -> int:
        code = self.process.wait(timeout=timeout)
        self._thread.join(5)
        self._err.close()
        return code
