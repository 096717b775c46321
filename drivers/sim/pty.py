"""The simulators' virtual serial cable: a raw pty pair, a stable link to it, and pulling it out again."""

from __future__ import annotations

import contextlib
import os
import tty
from pathlib import Path


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
