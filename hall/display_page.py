"""The main hall calling display (`GET /display`): a full-screen page for the hall's TV. The page is public and holds
no queue data; its script reads the queue and the live events with the display token in the URL fragment."""

from __future__ import annotations

import html
from functools import cache
from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import HTMLResponse

from common.hallapi.queue import DisplayInfo
from hall.pages import inline_page, page_response
from hall.tokens import Role
from hall.web import ERRORS, HallContext, bearer

ASSETS = Path(__file__).with_name("display_assets")
DEFAULT_NOTICE = (
    "请留意叫号信息，听到您的号码后请到相应窗口办理；过号请到服务台咨询。"
    "　　Please watch for your number and go to the window shown; if your number has passed, ask at the help desk."
)


@cache
def display_page() -> tuple[str, str]:
    """The page with its style and script inlined (one request for the TV), and the CSP that allows just those."""
    return inline_page(ASSETS, "display", images=True)


def add_display_page_routes(app: FastAPI, hall: HallContext) -> None:
    anyone = bearer(hall.sessions, *Role)

    zone = html.escape(hall.queue.config.hall.timezone)

    @app.get("/display", response_class=HTMLResponse, include_in_schema=False)
    def display() -> HTMLResponse:
        # The hall's zone is in the page itself, so the clock shows the hall's time before the script has a token.
        page, policy = display_page()
        return page_response((page.replace('data-timezone=""', f'data-timezone="{zone}"', 1), policy))

    @app.get("/api/v1/display/info", responses=ERRORS)
    def display_info(_role: Role = anyone) -> DisplayInfo:
        """What the calling display shows besides the queue: the hall's name, the scrolling notice, and the hall's
        time zone and time for its clock (a TV's own zone and clock are often wrong)."""
        config = hall.queue.config.hall
        return DisplayInfo(hall=config.name, notice=DEFAULT_NOTICE, timezone=config.timezone, now=hall.queue.clock())
