"""Pages of the staff's and supervisors' web: Jinja2 templates, escaped by default (whatever a citizen, a device
or a rating typed shows as the characters typed), in Chinese with the English beside it, under a navigation made
of the pages the hall has (each page module adds its entry with ``add_nav``).

Style and scripts are inline ``<style>``/``<script>`` blocks: hall/security_headers.py allows exactly those by
their hashes, so nothing else runs and nothing is loaded from elsewhere (the hall's LAN has no internet)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, StrictUndefined, pass_context, select_autoescape
from jinja2.runtime import Context
from markupsafe import Markup, escape

from hall.tokens import Role
from hall.webui.sessions import WebUser

TEMPLATES = Path(__file__).with_name("templates")


@dataclass(frozen=True)
class NavEntry:
    """One page in the navigation: its path, its name in both languages, who sees it, and its place."""

    path: str
    zh: str
    en: str
    roles: frozenset[Role]
    order: int


def words(zh: str, en: str) -> Markup:
    """Chinese with its English beside it, each escaped."""
    return Markup('{}<span class="en">{}</span>').format(escape(zh), escape(en))


@pass_context
def local_time(context: Context, moment: datetime | None, fmt: str = "%Y-%m-%d %H:%M") -> str:
    """A stored (UTC) time in the hall's zone (the page's ``hall_zone``)."""
    if moment is None:
        return ""
    return moment.astimezone(context["hall_zone"]).strftime(fmt)


ENVIRONMENT = Environment(
    loader=FileSystemLoader(TEMPLATES),
    autoescape=select_autoescape(default=True, default_for_string=True),
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)
ENVIRONMENT.globals["t"] = words
ENVIRONMENT.filters["local"] = local_time


def add_nav(app: FastAPI, entry: NavEntry) -> None:
    """Put a page in the navigation of ``app``'s pages (only pages that exist are linked)."""
    entries: list[NavEntry] | None = getattr(app.state, "web_nav", None)
    if entries is None:
        app.state.web_nav = entries = []
    entries.append(entry)
    entries.sort(key=lambda e: e.order)


def nav_of(request: Request, user: WebUser | None) -> list[NavEntry]:
    entries: list[NavEntry] = getattr(request.app.state, "web_nav", [])
    return [e for e in entries if user is not None and user.role in e.roles]


def render(
    request: Request,
    template: str,
    context: dict[str, Any] | None = None,
    *,
    user: WebUser | None,
    status: int = 200,
    headers: dict[str, str] | None = None,
) -> HTMLResponse:
    """``template`` with ``context``, the signed-in user, the navigation and the hall's name; never cached (a page
    may show personal data)."""
    hall = request.app.state.hall
    config = hall.queue.config
    page = ENVIRONMENT.get_template(template).render(
        {
            "request": request,
            "user": user,
            "nav": nav_of(request, user),
            "here": request.url.path,
            "hall_name": config.hall.name,
            "hall_name_en": config.hall.name_en,
            "hall_zone": ZoneInfo(config.hall.timezone),
            "supervisor": user is not None and user.role is Role.SUPERVISOR,
            **(context or {}),
        }
    )
    answer_headers = {"Cache-Control": "no-store", **(headers or {})}
    return HTMLResponse(page, status_code=status, headers=answer_headers)
