"""The hall's script-driven pages (the calling display, the device page): one HTML file with its style and script
inlined, so a TV or a supervisor's browser loads it in one request, and a Content-Security-Policy that allows
exactly those two and requests to the hall itself."""

from __future__ import annotations

import base64
import hashlib
from pathlib import Path

from fastapi.responses import HTMLResponse


def _csp_hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def inline_page(assets: Path, name: str, *, images: bool = False) -> tuple[str, str]:
    """``name``.html with ``/*CSS*/`` and ``/*JS*/`` replaced by ``name``.css and ``name``.js; and its policy."""
    css = (assets / f"{name}.css").read_text(encoding="utf-8")
    js = (assets / f"{name}.js").read_text(encoding="utf-8")
    page = (assets / f"{name}.html").read_text(encoding="utf-8").replace("/*CSS*/", css, 1).replace("/*JS*/", js, 1)
    policy = (
        f"default-src 'none'; connect-src 'self'; script-src {_csp_hash(js)}; style-src {_csp_hash(css)}; "
        + ("img-src 'self'; " if images else "")
        + "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
    )
    return page, policy


def page_response(page: tuple[str, str]) -> HTMLResponse:
    html, policy = page
    headers = {"Content-Security-Policy": policy, "Referrer-Policy": "no-referrer", "Cache-Control": "no-cache"}
    return HTMLResponse(html, headers=headers)
