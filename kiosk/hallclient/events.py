"""Following the hall's live event stream (``GET /api/v1/events``, server-sent events) on a background thread.

The follower reconnects after any failure with ``Last-Event-ID``, so it misses nothing the hall stored; each
event reaches ``on_event`` once, in the hall's order. A fresh connection starts with a ``snapshot`` event.
``on_state`` hears True when a stream is open and False when it is lost, for "hall unreachable" banners.
"""

from __future__ import annotations

import contextlib
import json
import logging
import socket
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import httpx

from common import heartbeats
from kiosk.hallclient.base import HallClient

log = logging.getLogger(__name__)

RETRY_FIRST_S = 0.5
RETRY_MAX_S = 15.0
# The hall sends a comment every 15 s on an idle stream; silence longer than this means the link is dead.
READ_TIMEOUT_S = 40.0


@dataclass(frozen=True)
class HallEvent:
    id: int | None
    kind: str
    data: dict[str, Any]


def parse_sse(lines: Iterator[str]) -> Iterator[HallEvent]:
    """Server-sent events from text lines; comments and malformed data are skipped."""
    kind, event_id = "message", None
    data: list[str] = []
    for line in lines:
        if not line:
            if data:
                try:
                    body = json.loads("\n".join(data))
                except ValueError:
                    log.warning("hall event %s with data that is not JSON skipped", kind)
                else:
                    yield HallEvent(event_id, kind, body if isinstance(body, dict) else {"value": body})
            kind, data, event_id = "message", [], None
            continue
        if line.startswith(":"):
            continue
        field, _, value = line.partition(":")
        value = value.removeprefix(" ")
        if field == "event":
            kind = value
        elif field == "data":
            data.append(value)
        elif field == "id":
            event_id = int(value) if value.isdigit() else None


def _shut_down(response: httpx.Response) -> None:
    stream = response.extensions.get("network_stream")
    sock = stream.get_extra_info("socket") if stream is not None else None
    if isinstance(sock, socket.socket):
        with contextlib.suppress(OSError):
            sock.shutdown(socket.SHUT_RDWR)


class EventFollower:
    def __init__(
        self,
        client: HallClient,
        on_event: Callable[[HallEvent], None],
        *,
        on_state: Callable[[bool], None] | None = None,
        after: int | None = None,
        name: str = "hall-events",
    ) -> None:
        self._client = client
        self._on_event = on_event
        self._on_state = on_state or (lambda _connected: None)
        self.last_id = after
        self.connected = False
        self._stop = threading.Event()
        self._response: httpx.Response | None = None
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)
        self._heart: heartbeats.Heart | None = None

    def start(self) -> EventFollower:
        self._thread.start()
        return self

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        with self._lock:
            response = self._response
        if response is not None:
            _shut_down(response)  # a read blocked in another thread wakes when its socket is shut down, not closed
            response.close()
        if self._thread.is_alive():
            self._thread.join(timeout)

    def _run(self) -> None:
        delay = RETRY_FIRST_S
        # A line (an event or the hall's keep-alive) arrives within READ_TIMEOUT_S, or the stream is retried
        with heartbeats.register(self._thread.name, READ_TIMEOUT_S + RETRY_MAX_S + heartbeats.MARGIN_S) as heart:
            self._heart = heart
            while not self._stop.is_set():
                heart.beat()
                try:
                    self._follow()
                    delay = RETRY_FIRST_S
                except Exception as error:
                    if not self._stop.is_set():
                        log.info("hall event stream lost (%s); retrying in %.1f s", type(error).__name__, delay)
                self._set_connected(False)
                if self._stop.wait(delay):
                    break
                delay = min(delay * 2, RETRY_MAX_S)

    def _follow(self) -> None:
        headers = {"Last-Event-ID": str(self.last_id)} if self.last_id is not None else {}
        timeout = httpx.Timeout(self._client.timeout_s, read=READ_TIMEOUT_S)
        with self._client.http.stream("GET", "/api/v1/events", headers=headers, timeout=timeout) as response:
            if response.status_code != 200:
                raise RuntimeError(f"event stream answered HTTP {response.status_code}")
            with self._lock:
                self._response = response
            try:
                self._set_connected(True)
                for event in parse_sse(self._beating(response.iter_lines())):
                    if self._stop.is_set():
                        return
                    if event.id is not None:
                        self.last_id = event.id
                    try:
                        self._on_event(event)
                    except Exception:
                        log.exception("handling hall event %s failed", event.kind)
            finally:
                with self._lock:
                    self._response = None

    def _beating(self, lines: Iterator[str]) -> Iterator[str]:
        for line in lines:
            if self._heart is not None:
                self._heart.beat()
            yield line

    def _set_connected(self, connected: bool) -> None:
        if connected != self.connected:
            self.connected = connected
            try:
                self._on_state(connected)
            except Exception:
                log.exception("hall link state listener failed")
