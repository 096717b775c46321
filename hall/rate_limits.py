"""Rate limits per client address: on the public pages, and on failed token checks.

The public pages (``/q/`` ``/r/`` ``/m/`` ``/f/`` ``/display`` ``/devices`` ``/disclosure``, and what they post) are
open to the internet through the QR codes on tickets. Each client address has a token bucket: ``[limits] public_burst``
requests at once, refilled at ``public_per_minute``; past it the answer is 429 with ``Retry-After``.

A bearer token that the hall does not know (a guess, or a revoked one) counts as a failure of its address; after
``token_failures`` of them within ``token_failure_window_s``, every request from that address that carries a token
is refused 429 until the window has passed, whatever the token. A valid token's calls are never counted.

The counts are kept in memory, in each server process: with ``--workers N`` an address gets up to N times as many.
The client's address is the connection's peer, or, when that peer is one of ``[server] trusted_proxies``, the
address the proxy names in ``X-Forwarded-For`` (uvicorn's proxy headers, set up in hall/transport.py).
"""

from __future__ import annotations

import html
import math
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

from fastapi.responses import HTMLResponse, JSONResponse, Response
from starlette.requests import Request
from starlette.types import ASGIApp, Receive, Scope, Send

from common.settings.transport import LimitsSection

PUBLIC_PREFIXES = ("/q/", "/r/", "/m/", "/f/", "/disclosure/")  # /disclosure: 政务公开, docs/disclosure.md
PUBLIC_PAGES = ("/display", "/devices", "/disclosure")
MAX_ADDRESSES = 50_000  # past this many tracked addresses, the ones with nothing to remember are forgotten

Clock = Callable[[], float]


def is_public(path: str) -> bool:
    return path.startswith(PUBLIC_PREFIXES) or path in PUBLIC_PAGES


@dataclass
class _Bucket:
    tokens: float
    at: float


class RateLimits:
    """The hall's limits, one per app (so one per server process)."""

    def __init__(self, limits: LimitsSection, clock: Clock = time.monotonic) -> None:
        self.limits, self.clock = limits, clock
        self._buckets: dict[str, _Bucket] = {}
        self._failures: dict[str, deque[float]] = {}

    # -- public pages ---------------------------------------------------------------------------------------
    def public_wait(self, address: str) -> float:
        """Take one request from ``address``'s bucket: 0 when it may go on, else the seconds until it may."""
        now, rate, burst = self.clock(), self.limits.public_per_minute / 60, float(self.limits.public_burst)
        bucket = self._buckets.get(address)
        if bucket is None:
            self._forget_some(now)
            bucket = self._buckets[address] = _Bucket(burst, now)
        bucket.tokens = min(burst, bucket.tokens + (now - bucket.at) * rate)
        bucket.at = now
        if bucket.tokens >= 1:
            bucket.tokens -= 1
            return 0.0
        return (1 - bucket.tokens) / rate

    # -- failed token checks --------------------------------------------------------------------------------
    def token_wait(self, address: str) -> float:
        """0 when ``address`` may present a token; else the seconds until its failures fall out of the window."""
        failures = self._recent_failures(address)
        if failures is None or len(failures) < self.limits.token_failures:
            return 0.0
        return failures[0] + self.limits.token_failure_window_s - self.clock()

    def token_failed(self, address: str) -> None:
        now = self.clock()
        failures = self._recent_failures(address)
        if failures is None:
            self._forget_some(now)
            failures = self._failures[address] = deque()
        failures.append(now)

    def _recent_failures(self, address: str) -> deque[float] | None:
        failures = self._failures.get(address)
        if failures is not None:
            since = self.clock() - self.limits.token_failure_window_s
            while failures and failures[0] <= since:
                failures.popleft()
        return failures

    def _forget_some(self, now: float) -> None:
        if len(self._buckets) + len(self._failures) < MAX_ADDRESSES:
            return
        rate, burst = self.limits.public_per_minute / 60, self.limits.public_burst
        self._buckets = {a: b for a, b in self._buckets.items() if b.tokens + (now - b.at) * rate < burst}
        since = now - self.limits.token_failure_window_s
        self._failures = {a: f for a, f in self._failures.items() if f and f[-1] > since}


def client_address(scope: Scope) -> str:
    client = scope.get("client")
    return str(client[0]) if client else "unknown"


def retry_after(seconds: float) -> dict[str, str]:
    return {"Retry-After": str(max(1, math.ceil(seconds)))}


ZH, EN = "请求过于频繁，请稍后再试", "Too many requests: please try again in a moment"
TITLE = {"zh-CN": "请求过于频繁", "en": "Too many requests"}


def too_many(request: Request, seconds: float) -> Response:
    """429 for a public page: a page for a browser (in the language it asked for first), JSON for a script."""
    headers = {**retry_after(seconds), "Cache-Control": "no-store"}
    if "text/html" not in request.headers.get("accept", ""):
        return JSONResponse({"error": "too_many_requests", "message": f"{ZH} / {EN}"}, 429, headers=headers)
    first, second, lang = (EN, ZH, "en") if request.query_params.get("lang") == "en" else (ZH, EN, "zh-CN")
    page = (
        f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{TITLE[lang]}</title></head>"
        f"<body><h1>{html.escape(first)}</h1><p>{html.escape(second)}</p></body></html>"
    )
    return HTMLResponse(page, 429, headers=headers)


class PublicRateLimit:
    """The middleware for the public pages; every other path passes untouched."""

    def __init__(self, app: ASGIApp, limits: RateLimits) -> None:
        self.app, self.limits = app, limits

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and is_public(scope["path"]):
            wait = self.limits.public_wait(client_address(scope))
            if wait > 0:
                await too_many(Request(scope), wait)(scope, receive, send)
                return
        await self.app(scope, receive, send)
