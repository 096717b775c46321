"""Serving the hall with uvicorn so that stopping it is quiet: open event streams end by themselves.

An event stream never ends on its own; when uvicorn stops, it waits for it and then cancels it, logging a
traceback each time. Setting the app's ``closing`` event first lets each stream finish within one poll.

Under systemd (common/sdnotify.py) the server says READY=1 once it listens and STOPPING=1 when it stops, and
feeds the watchdog from uvicorn's own asyncio loop (its tick, ten times a second), so a hung event loop is
restarted; with ``--workers N`` the parent process's supervising loop feeds it instead.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable
from types import FrameType
from typing import Any

import uvicorn
from uvicorn.supervisors import Multiprocess

from common.sdnotify import WatchdogPinger


def closing_event(app: Any) -> threading.Event | None:
    event = getattr(getattr(app, "state", None), "closing", None)
    return event if isinstance(event, threading.Event) else None


class HallServer(uvicorn.Server):
    """uvicorn's server; asked to stop (a signal, or ``stop()``), it first tells the event streams to end."""

    def __init__(
        self,
        config: uvicorn.Config,
        *,
        on_signal: Callable[[int], object] | None = None,
        pinger: WatchdogPinger | None = None,
    ) -> None:
        """``on_signal`` hears each stop signal first, in the signal handler (the serving command starts its
        stop watchdog there), so it must take no lock. ``pinger`` tells systemd (common/sdnotify.py)."""
        super().__init__(config)
        self._on_signal = on_signal
        self._pinger = pinger
        self._told_ready = False
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

    async def on_tick(self, counter: int) -> bool:
        if self._pinger is not None:
            if not self._told_ready and self.started:
                self._told_ready = True
                self._pinger.ready()
            self._pinger.tick()
        return await super().on_tick(counter)

    async def shutdown(self, sockets: list[Any] | None = None) -> None:
        if self._pinger is not None:
            self._pinger.stopping()
        await super().shutdown(sockets)

    def stop(self) -> None:
        self._tell_streams()
        self.should_exit = True

    def _tell_streams(self) -> None:
        event = closing_event(self.config.app)
        if event is not None:
            event.set()


class NotifyingMultiprocess(Multiprocess):
    """uvicorn's worker supervisor, telling systemd: ready once the workers are started, the watchdog fed from
    its supervising loop (every half second), stopping before it ends them."""

    def __init__(self, config: uvicorn.Config, sockets: list[Any], pinger: WatchdogPinger) -> None:
        super().__init__(config, sockets=sockets)
        self._pinger = pinger

    def init_processes(self) -> None:
        super().init_processes()
        self._pinger.ready()

    def keep_subprocess_alive(self) -> None:
        super().keep_subprocess_alive()
        self._pinger.tick()

    def terminate_all(self) -> None:
        self._pinger.stopping()
        super().terminate_all()


def serve_workers(config: uvicorn.Config, pinger: WatchdogPinger | None = None) -> None:
    """Serve ``config`` (an app factory's import string, ``workers`` > 1) in worker processes, as ``uvicorn.run``
    does, but with the hall's own config (its protocol and timeouts; ``uvicorn.run`` takes only keywords)."""
    sock = config.bind_socket()
    with contextlib.suppress(KeyboardInterrupt):
        NotifyingMultiprocess(config, [sock], pinger or WatchdogPinger()).run()
