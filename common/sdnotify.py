"""systemd's notification protocol (sd_notify) without a library: READY, STOPPING, STATUS and the watchdog.

Under a ``Type=notify`` unit systemd puts a datagram socket's address in ``NOTIFY_SOCKET`` (a path, or an
abstract socket written with a leading ``@``); the service sends newline-separated ``KEY=value`` lines to it.
With ``WatchdogSec=`` set, systemd also gives ``WATCHDOG_USEC`` (and ``WATCHDOG_PID``, the process meant):
``WATCHDOG=1`` must then arrive at least that often, or systemd kills and restarts the service.

``WatchdogPinger.tick`` is called from an application's MAIN LOOP (the touch UI's Qt timer, the hall server's
asyncio loop, the hall device controller's loop), so a hung main loop stops the pings. Before each ping it asks
the worker threads' heartbeats (common/heartbeats.py): while one is late no ping is sent, the stuck thread is
logged once and named in ``STATUS=``, and systemd restarts the process when the watchdog runs out.

Outside systemd (no ``NOTIFY_SOCKET``) every call is a no-op. See docs/deploy.md.
"""

from __future__ import annotations

import logging
import os
import socket
import time
from collections.abc import Callable, Mapping

from common.heartbeats import HEARTBEATS, Heartbeats

log = logging.getLogger(__name__)

MAIN_TICK_S = 1.0  # how often a main loop calls tick(), at the most: the watchdog's interval may ask for less


class Notifier:
    """Sends notifications to the socket named by the environment; without one, does nothing."""

    def __init__(self, environ: Mapping[str, str] | None = None, *, pid: int | None = None) -> None:
        env = os.environ if environ is None else environ
        self._pid = os.getpid() if pid is None else pid
        self.address = _address(env.get("NOTIFY_SOCKET", ""))
        self.watchdog_usec = _watchdog_usec(env, self._pid)

    @property
    def enabled(self) -> bool:
        return self.address is not None

    def watchdog_interval_s(self) -> float | None:
        """Half the watchdog's timeout, as systemd advises; ``None`` when no watchdog watches this process."""
        return None if self.watchdog_usec is None else self.watchdog_usec / 2_000_000

    def notify(self, *fields: str) -> bool:
        """Send ``KEY=value`` lines in one datagram; False when not under systemd or when the send failed."""
        if self.address is None:
            return False
        message = "\n".join(fields).encode("utf-8")
        try:
            with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM | socket.SOCK_CLOEXEC) as sock:
                sock.sendto(message, self.address)
        except OSError as error:
            log.warning("systemd notification %r not sent: %s", fields, error)
            return False
        return True

    def ready(self, status: str | None = None) -> bool:
        return self.notify("READY=1", *([f"STATUS={_one_line(status)}"] if status else []))

    def stopping(self) -> bool:
        return self.notify("STOPPING=1", "STATUS=正在停止 / stopping")

    def status(self, text: str) -> bool:
        return self.notify(f"STATUS={_one_line(text)}")

    def watchdog(self) -> bool:
        return self.notify("WATCHDOG=1")


def _address(value: str) -> str | bytes | None:
    if value.startswith("@"):
        return b"\0" + value[1:].encode("utf-8")  # an abstract socket: a leading NUL, no file
    if value.startswith("/"):
        return value
    return None  # unset, or a form this module does not speak (vsock): behave as outside systemd


def _watchdog_usec(env: Mapping[str, str], pid: int) -> int | None:
    try:
        usec = int(env.get("WATCHDOG_USEC", ""))
    except ValueError:
        return None
    meant = env.get("WATCHDOG_PID", "")
    if usec <= 0 or (meant and meant != str(pid)):
        return None  # no watchdog, or one meant for another process (a parent that exec'd us keeps it)
    return usec


def _one_line(text: str) -> str:
    return " ".join(text.split())


class WatchdogPinger:
    """The main loop's side: ``tick()`` as often as ``tick_s``; it pings at the watchdog's pace while every worker
    thread's heartbeat is on time."""

    def __init__(
        self,
        notifier: Notifier | None = None,
        heartbeats: Heartbeats = HEARTBEATS,
        *,
        running: str = "运行中 / running",
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.notifier = Notifier() if notifier is None else notifier
        self.heartbeats = heartbeats
        self.running = running
        self.interval_s = self.notifier.watchdog_interval_s()
        self._clock = clock
        self._last: float | None = None
        self._late: tuple[str, ...] = ()

    @property
    def tick_s(self) -> float:
        """How often the main loop should call ``tick``: a second, or a quarter of the ping interval if less."""
        return MAIN_TICK_S if self.interval_s is None else min(MAIN_TICK_S, self.interval_s / 4)

    def ready(self) -> None:
        """Start-up is over: READY=1 and the first ping."""
        self.notifier.ready(self.running)
        self.tick()

    def stopping(self) -> None:
        self.notifier.stopping()

    def tick(self) -> bool:
        """Ping if due and every heartbeat is on time; True when a ping was sent."""
        late = self.heartbeats.stuck()
        names = tuple(item.name for item in late)
        if names != self._late:
            self._late = names
            if late:
                described = ", ".join(item.describe() for item in late)
                log.error("worker thread not responding: %s; the watchdog is no longer fed", described)
                self.notifier.status(f"线程无响应 / thread not responding: {described}")
            else:
                log.warning("every worker thread responds again; the watchdog is fed")
                self.notifier.status(self.running)
        if late or self.interval_s is None:
            return False
        now = self._clock()
        if self._last is not None and now - self._last < self.interval_s:
            return False
        self._last = now
        return self.notifier.watchdog()
