"""The soak's processes: each started with its output in a file of its own, waited for until it is ready (a
line in that file, or a port that answers), stopped with SIGTERM (SIGKILL only past a bound) and started again."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import IO

import httpx

READY_WITHIN_S = 120.0  # a loaded two-core machine starts the hall slowly; only a failure waits this long
STOP_WITHIN_S = 30.0
PYTHON = sys.executable
ROOT = Path(__file__).resolve().parents[2]
KIOSK = [PYTHON, "-c", "import sys; from kiosk.cli import main; sys.exit(main())"]


class PartFailed(RuntimeError):
    pass


class Part:
    """One process of the scenario; ``output`` collects its stdout and stderr across restarts."""

    def __init__(
        self,
        name: str,
        argv: Sequence[str | Path | int],
        output: Path,
        *,
        env: dict[str, str] | None = None,
        stdin: bool = False,
    ) -> None:
        self.name, self.argv, self.output = name, [str(a) for a in argv], output
        self.env = {**os.environ, "PYTHONUNBUFFERED": "1", "PYTHONPATH": str(ROOT), **(env or {})}
        self.stdin = stdin
        self.process: subprocess.Popen[str] | None = None
        self.starts = 0
        self._out: IO[str] | None = None

    @property
    def pid(self) -> int | None:
        return self.process.pid if self.process is not None and self.process.poll() is None else None

    def start(self) -> Part:
        self._out = self.output.open("a", encoding="utf-8")
        self.process = subprocess.Popen(
            self.argv, env=self.env, stdout=self._out, stderr=subprocess.STDOUT, text=True,
            stdin=subprocess.PIPE if self.stdin else subprocess.DEVNULL,
        )  # fmt: skip
        self.starts += 1
        return self

    def wait_for(self, ready: Callable[[], bool], what: str, timeout: float = READY_WITHIN_S) -> None:
        deadline = time.monotonic() + timeout
        while not ready():
            if self.process is None or self.process.poll() is not None:
                raise PartFailed(f"{self.name} ended before {what}:\n{self.tail()}")
            if time.monotonic() > deadline:
                raise PartFailed(f"{self.name}: no {what} within {timeout:g} s:\n{self.tail()}")
            time.sleep(0.1)

    def printed(self, text: str, count: int = 1) -> bool:
        return self.output.read_text(encoding="utf-8", errors="replace").count(text) >= count

    def tell(self, line: str) -> None:
        assert self.process is not None and self.process.stdin is not None
        self.process.stdin.write(line + "\n")
        self.process.stdin.flush()

    def stop(self, sent: signal.Signals = signal.SIGTERM) -> int:
        """Stop it (``sent``; SIGKILL after STOP_WITHIN_S) and answer its exit code."""
        process, self.process = self.process, None
        if process is None:
            return 0
        if process.poll() is None:
            process.send_signal(sent)
        try:
            code = process.wait(timeout=STOP_WITHIN_S)
        except subprocess.TimeoutExpired:
            process.kill()
            code = process.wait()
        if process.stdin is not None:
            process.stdin.close()
        if self._out is not None:
            self._out.close()
        return code

    def tail(self, lines: int = 40) -> str:
        text = self.output.read_text(encoding="utf-8", errors="replace") if self.output.exists() else ""
        return "\n".join(text.splitlines()[-lines:])


def answers(url: str) -> Callable[[], bool]:
    def check() -> bool:
        try:
            return httpx.get(url, timeout=2).status_code == 200
        except httpx.HTTPError:
            return False

    return check


def make_token(
    hall_config: Path, env: dict[str, str], name: str, role: str, *, output: Path, db: Sequence[str] = ()
) -> str:
    """A token made the way an operator makes one (`kiosk hall token create`)."""
    argv = [*KIOSK, "hall", "token", "create", "--config", str(hall_config), *db, "--name", name, "--role", role]
    environment = {**os.environ, "PYTHONPATH": str(ROOT), **env}
    done = subprocess.run(argv, check=False, env=environment, capture_output=True, text=True, timeout=READY_WITHIN_S)
    with output.open("a", encoding="utf-8") as log:
        log.write(done.stderr)
    if done.returncode != 0:
        raise PartFailed(f"token {name}: {done.stderr}")
    return done.stdout.strip().splitlines()[-1]
