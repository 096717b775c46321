"""Security headers on every answer of the hall, filled in where a route did not set them.

Every response gets ``X-Content-Type-Options: nosniff``. Every HTML page also gets ``X-Frame-Options: DENY``,
``Referrer-Policy: no-referrer`` and a Content-Security-Policy with ``frame-ancestors 'none'``: no other site may
frame a hall page (a rating form under someone else's buttons), and no page leaks its link (a rating or upload
token) to another site. A page that sets its own policy keeps it (hall/pages.py hashes the display's and device
page's script and style; the phone upload page uses a nonce); one without ``frame-ancestors`` gets it added. A page
with no policy gets a strict one built from its own inline ``<style>`` and ``<script>`` blocks, each allowed by its
SHA-256 hash: nothing else runs and nothing is loaded from elsewhere.
"""

from __future__ import annotations

import base64
import hashlib
import re

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

_INLINE = re.compile(rb"<(style|script)>(.*?)</\1>", re.DOTALL | re.IGNORECASE)
EVERY_PAGE = {
    "x-frame-options": "DENY",
    "referrer-policy": "no-referrer",
}


def _hash(block: bytes) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(block).digest()).decode() + "'"


def page_policy(html: bytes) -> str:
    """The policy of a page that set none: its inline style and script by hash, forms back to the hall, images
    from the hall only, no frames."""
    found: dict[bytes, list[str]] = {b"style": [], b"script": []}
    for kind, block in _INLINE.findall(html):
        found[kind.lower()].append(_hash(block))
    parts = ["default-src 'none'"]
    if found[b"style"]:
        parts.append("style-src " + " ".join(dict.fromkeys(found[b"style"])))
    if found[b"script"]:
        parts.append("script-src " + " ".join(dict.fromkeys(found[b"script"])))
        parts.append("connect-src 'self'")  # a live page's EventSource("/web/events") and its fetch of a fragment
    parts += ["img-src 'self' data:", "form-action 'self'", "base-uri 'none'", "frame-ancestors 'none'"]
    return "; ".join(parts)


class SecurityHeaders:
    """The middleware. An HTML page without a policy is held until its body is complete (hall pages are a few KB)
    so that its policy can name its inline blocks; every other answer passes through as it is sent."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        held: list[Message] = []

        async def send_with_headers(message: Message) -> None:
            if held:  # an HTML page without a policy: hold its body until the last part
                held.append(message)
                if message["type"] == "http.response.body" and not message.get("more_body", False):
                    await _send_held(held, send)
                return
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers.setdefault("x-content-type-options", "nosniff")
                if headers.get("content-type", "").startswith("text/html"):
                    for name, value in EVERY_PAGE.items():
                        headers.setdefault(name, value)
                    policy = headers.get("content-security-policy")
                    if policy is None:
                        held.append(message)
                        return
                    if "frame-ancestors" not in policy:
                        headers["content-security-policy"] = policy.rstrip("; ") + "; frame-ancestors 'none'"
            await send(message)

        await self.app(scope, receive, send_with_headers)


async def _send_held(held: list[Message], send: Send) -> None:
    start, *bodies = held
    html = b"".join(part.get("body", b"") for part in bodies)
    MutableHeaders(scope=start)["content-security-policy"] = page_policy(html)
    await send(start)
    await send({"type": "http.response.body", "body": html, "more_body": False})
