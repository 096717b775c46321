"""Whether the hall can be reached, for the kiosk station and the hall device controller alike.

The link is fed by what the process sees anyway: every request's outcome (an answer, even a refusal, means the
hall is there; HallUnreachable means it is not), the event stream opening and closing, and, once ``start`` runs
it, a health probe that asks the hall every ``probe_s`` seconds while it is down, so a process that makes no
requests of its own still notices the hall coming back. Listeners hear each change once, from whichever thread
made it; they must not block.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from devices.listeners import Listeners
from kiosk.hallclient.base import HallClient

log = logging.getLogger(__name__)

PROBE_S = 1.0  # how often the health check asks while the hall is unreachable
NOT_YET = "大厅服务尚未连接 / not connected to the hall yet"
PROBE_FAILED = "健康检查失败 / the hall's health check failed"
STREAM_LOST = "大厅事件流中断 / the hall's event stream was lost"
UNREACHABLE = "大厅服务无法连接 / the hall cannot be reached"


class HallLink:
    """Up or down, with the reason it is down. ``lost``, ``back`` and ``set`` may come from any thread."""

    def __init__(self, client: HallClient | None = None, *, probe_s: float = PROBE_S) -> None:
        """``client``: the one the health probe asks (needed only to ``start`` it)."""
        self._client, self._probe_s = client, probe_s
        self._online = False  # unknown until the hall answers: treated as down
        self.reason = NOT_YET
        self._lock = threading.Lock()
        self._listeners: Listeners[bool] = Listeners("hall-link")
        self._down = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    @property
    def online(self) -> bool:
        return self._online

    def subscribe(self, listener: Callable[[bool], None]) -> Callable[[], None]:
        """Hear True when the hall comes back and False when it is lost; returns the function that unsubscribes."""
        return self._listeners.add(listener)

    def lost(self, reason: str = UNREACHABLE) -> None:
        with self._lock:
            changed, self._online, self.reason = self._online, False, reason
            self._down.set()
        if changed:
            log.warning("hall unreachable: %s", reason)
            self._listeners.emit(False)

    def back(self) -> None:
        with self._lock:
            changed, self._online, self.reason = not self._online, True, ""
            self._down.clear()
        if changed:
            log.info("hall reachable again")
            self._listeners.emit(True)

    def set(self, online: bool) -> None:
        """``back`` or ``lost`` from a bare outcome (a request answered or not)."""
        if online:
            self.back()
        else:
            self.lost()

    def stream(self, connected: bool) -> None:
        """The event follower's ``on_state``: a stream open means the hall is there, a lost one that it is not."""
        if connected:
            self.back()
        else:
            self.lost(STREAM_LOST)

    # -- the health probe -----------------------------------------------------------------------------------
    def start(self) -> HallLink:
        """Run the probe: at once, then every ``probe_s`` seconds while the hall is down."""
        if self._client is None:
            raise ValueError("a HallLink needs a HallClient to probe the hall")
        self._down.set()  # the first probe runs at once
        self._thread = threading.Thread(target=self._probe, args=(self._client,), name="hall-probe", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._down.set()
        if self._thread is not None and self._thread.is_alive() and self._client is not None:
            self._thread.join(timeout=self._client.timeout_s + 2)

    def _probe(self, client: HallClient) -> None:
        while not self._stop.is_set():
            self._down.wait()
            if self._stop.is_set():
                return
            if client.health():
                self.back()
            elif self._online:
                self.lost(PROBE_FAILED)
            if self._stop.wait(self._probe_s):
                return
