"""The simulators' virtual serial cable: a raw pty pair, a stable link to it, and pulling it out again."""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
import threading
import tty
import uuid
from pathlib import Path
from typing import Protocol


def open_pty(link: Path | None = None) -> tuple[int, int, str]:
    """A raw pty (no echo, no newline translation: bytes pass as on a real serial line) and its path, with
    ``link`` pointed at it. The caller keeps the slave open so the port survives the driver closing it."""
    master, slave = os.openpty()
    tty.setraw(slave)
    path = os.ttyname(slave)
    if link is not None:
        with contextlib.suppress(FileNotFoundError):
            link.unlink()
        link.symlink_to(path)
    return master, slave, path


def close_pty(fds: tuple[int, int], link: Path | None = None) -> None:
    """Pull the cable: both ends closed, the device node and the link gone."""
    for fd in fds:
        with contextlib.suppress(OSError):
            os.close(fd)
    if link is not None:
        with contextlib.suppress(FileNotFoundError):
            link.unlink()


class PtySimulator(Protocol):
    def start_pty(self, link: Path | None = None) -> str: ...

    def stop(self) -> None: ...


class PtyPlug:
    """A simulator's pty at a path known before it starts: a link in a private directory. The driver is made
    on ``path``; ``start`` (from the driver's open) makes the directory and starts the simulator, ``stop`` (from
    its close) stops it and removes the directory. A replugged simulator is found again at the same path."""

    def __init__(self, simulator: PtySimulator, name: str) -> None:
        self.simulator = simulator
        self.path = Path(tempfile.gettempdir()) / f"kiosk-{name}-{uuid.uuid4().hex[:12]}" / name
        self._lock = threading.Lock()
        self._started = False

    def start(self) -> None:
        with self._lock:
            if self._started:
                return
            self.path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            self.simulator.start_pty(self.path)
            self._started = True

    def stop(self) -> None:
        with self._lock:
            self._started = False
            self.simulator.stop()
            shutil.rmtree(self.path.parent, ignore_errors=True)
