"""The supervisors' queue overview (``/web/queue``): the page, and the panel it swaps in (``/web/queue/panel``)
whenever the live event stream says a ticket or a window changed. Without JavaScript the page is whole on each
load; with it, the waits also tick on by themselves every 30 seconds."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse
from starlette.concurrency import run_in_threadpool

from hall.tokens import Role
from hall.web import HallContext
from hall.webui.auth import PREFIX, web_user
from hall.webui.queue_overview import QueueOverview, queue_overview, wait_thresholds
from hall.webui.render import NavEntry, add_nav, render
from hall.webui.sessions import WebUser

PAGE = f"{PREFIX}/queue"


def add_queue_page_routes(app: FastAPI, hall: HallContext) -> None:
    supervisor = web_user(Role.SUPERVISOR)
    add_nav(app, NavEntry(PAGE, "排队概况", "Queue overview", frozenset({Role.SUPERVISOR}), 30))

    @app.get(PAGE, response_class=HTMLResponse, include_in_schema=False)
    async def queue_page(request: Request, user: WebUser = supervisor) -> HTMLResponse:
        overview = await run_in_threadpool(queue_overview, hall.queue)
        return render(request, "queue.html", _context(overview, wait_thresholds(hall.queue)), user=user)

    @app.get(f"{PAGE}/panel", response_class=HTMLResponse, include_in_schema=False)
    async def queue_panel(request: Request, user: WebUser = supervisor) -> HTMLResponse:
        overview = await run_in_threadpool(queue_overview, hall.queue)
        return render(request, "queue_panel.html", _context(overview, wait_thresholds(hall.queue)), user=user)


def _context(overview: QueueOverview, thresholds: tuple[int, int]) -> dict[str, object]:
    yellow, red = thresholds
    return {"q": overview, "yellow": yellow, "red": red}
