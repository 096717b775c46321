"""How the hall's connections are served: timeouts on slow or half-open connections, TLS, trusted proxies.

uvicorn closes a kept-alive connection that stays idle (``timeout_keep_alive``), but nothing else: a client that
opens a connection and sends half a request line, or headers without their end, or half a body and then nothing,
holds the connection (and a request task waiting for the body) for ever. ``HallProtocol`` adds the two missing
timeouts to uvicorn's httptools protocol:

- headers: from a connection's first byte (or a kept-alive connection's next request), the request line and
  headers must be complete within ``header_timeout_s``;
- body: while a request's body is coming, each part must follow the last within ``body_timeout_s``. A slow upload
  that keeps moving is never cut; time the hall itself holds the reading (the application is behind) does not
  count.

One timer per connection, armed only while the connection waits for the client.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from typing import Any, Literal

import uvicorn
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from common.settings.transport import TransportKeys

log = logging.getLogger(__name__)
Waiting = Literal["headers", "body"]


@dataclass(frozen=True)
class Timeouts:
    header_s: float = 10.0
    body_s: float = 30.0


class HallUvicornConfig(uvicorn.Config):
    """uvicorn's config with the hall's timeouts, which ``HallProtocol`` reads (picklable: worker processes get it)."""

    def __init__(self, app: Any, *, timeouts: Timeouts, **options: Any) -> None:
        super().__init__(app, http=HallProtocol, **options)
        self.timeouts = timeouts


class HallProtocol(HttpToolsProtocol):
    def __init__(self, config: uvicorn.Config, *args: Any, **kwargs: Any) -> None:
        super().__init__(config, *args, **kwargs)
        timeouts = getattr(config, "timeouts", None)
        self._timeouts = timeouts if isinstance(timeouts, Timeouts) else Timeouts()
        self._waiting: Waiting | None = None
        self._since = 0.0
        self._timer: asyncio.TimerHandle | None = None

    # -- the states the timer watches ----------------------------------------------------------------------
    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._expect("headers")

    def on_message_begin(self) -> None:
        super().on_message_begin()
        if self._waiting != "headers":
            self._expect("headers")

    def on_headers_complete(self) -> None:
        super().on_headers_complete()
        self._expect("body")  # a request without a body completes in the same read, before the timer looks

    def on_message_complete(self) -> None:
        super().on_message_complete()
        self._waiting = None

    def data_received(self, data: bytes) -> None:
        super().data_received(data)
        if self._waiting == "body":
            self._since = self.loop.time()  # the body moves

    def connection_lost(self, exc: Exception | None) -> None:
        super().connection_lost(exc)
        self._waiting = None
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None

    # -- the timer ------------------------------------------------------------------------------------------
    def _expect(self, waiting: Waiting) -> None:
        self._waiting, self._since = waiting, self.loop.time()
        if self._timer is None:
            self._timer = self.loop.call_later(self._limit(), self._check)

    def _limit(self) -> float:
        return self._timeouts.header_s if self._waiting == "headers" else self._timeouts.body_s

    def _check(self) -> None:
        self._timer = None
        if self._waiting is None or self.transport.is_closing():
            return
        now = self.loop.time()
        if self._waiting == "body" and self.flow.read_paused:
            self._since = now  # the hall holds the reading, not the client
        left = self._since + self._limit() - now
        if left > 0:
            self._timer = self.loop.call_later(left, self._check)
            return
        client = f"{self.client[0]}:{self.client[1]}" if self.client else "?"
        log.info("closing connection from %s: no complete %s within %.0f s", client, self._waiting, self._limit())
        self._waiting = None
        self.transport.close()


def hall_uvicorn_config(app: Any, server: TransportKeys, *, host: str, port: int, **options: Any) -> HallUvicornConfig:
    """uvicorn's config for serving the hall: its timeouts, TLS when ``tls_cert`` is set, X-Forwarded-For read from
    the trusted proxies only. ``options`` go to uvicorn as they are (``workers``, ``factory``, …)."""
    tls: dict[str, Any] = {}
    if server.tls_cert is not None and server.tls_key is not None:
        tls = {"ssl_certfile": str(server.tls_cert), "ssl_keyfile": str(server.tls_key)}
    return HallUvicornConfig(
        app,
        timeouts=Timeouts(server.header_timeout_s, server.body_timeout_s),
        host=host,
        port=port,
        timeout_keep_alive=server.keep_alive_s,
        proxy_headers=bool(server.trusted_proxies),
        forwarded_allow_ips=list(server.trusted_proxies) or None,
        log_config=None,
        access_log=False,
        **tls,
        **options,
    )
