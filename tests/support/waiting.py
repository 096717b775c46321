"""Waiting for something another thread or process does: poll with a deadline, never a bare sleep."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any


def wait_until(condition: Callable[[], object], timeout: float = 10.0, interval: float = 0.02) -> bool:
    """Whether ``condition()`` became true within ``timeout`` seconds (it is asked once more at the deadline)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(interval)
    return bool(condition())


def wait_for(check: Callable[[], Any], what: str, timeout: float = 15.0) -> Any:
    """The first true result of ``check()``; fails the test naming ``what`` if none comes within ``timeout``."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = check()
        if result:
            return result
        time.sleep(0.02)
    raise AssertionError(f"timed out waiting for {what}")
