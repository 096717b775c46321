"""Serving the hall with uvicorn so that stopping it is quiet: open event streams end by themselves.

An event stream never ends on its own; when uvicorn stops, it waits for it and then cancels it, logging a
traceback each time. Setting the app's ``closing`` event first lets each stream finish within one poll.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable
from types import FrameType
from typing import Any

import uvicorn
from uvicorn.supervisors import Multiprocess


def closing_event(app: Any) -> threading.Event | None:
    event = getattr(getattr(app, "state", None), "closing", None)
    return event if isinstance(event, threading.Event) else None


class HallServer(uvicorn.Server):
    """uvicorn's server; asked to stop (a signal, or ``stop()``), it first tells the event streams to end."""

    def __init__(self, config: uvicorn.Config, *, on_signal: Callable[[int], object] | None = None) -> None:
        """``on_signal`` hears each stop signal first, in the signal handler (the serving command starts its
        stop watchdog there), so it must take no lock."""
        super().__init__(config)
        self._on_signal = on_signal
        event = closing_event(config.app)
        if event is not None:
            event.clear()  # the same app served again (a restarted embedded hall) streams again

    def handle_exit(self, sig: int, frame: FrameType | None) -> None:
        if self.should_exit:
            # Already stopping. uvicorn would take a second Ctrl-C as "force": it cancels the app's shutdown half
            # way, which logs a traceback; the serving command's watchdog bounds a stop that hangs instead.
            return
        if self._on_signal is not None:
            self._on_signal(sig)
        self._tell_streams()
        super().handle_exit(sig, frame)

    def stop(self) -> None:
        self._tell_streams()
        self.should_exit = True

    def _tell_streams(self) -> None:
        event = closing_event(self.config.app)
        if event is not None:
            event.set()


def serve_workers(config: uvicorn.Config) -> None:
    """Serve ``config`` (an app factory's import string, ``workers`` > 1) in worker processes, as ``uvicorn.run``
    does, but with the hall's own config (its protocol and timeouts; ``uvicorn.run`` takes only keywords)."""
    sock = config.bind_socket()
    with contextlib.suppress(KeyboardInterrupt):
        Multiprocess(config, sockets=[sock]).run()
