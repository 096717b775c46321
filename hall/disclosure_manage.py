"""The supervisors' 政务公开 page (``/disclosure/manage#token=…``): publish, edit, pin and withdraw notices. The page
itself is static; its script calls the hall's API with the supervisor token from the URL fragment, so every change
is checked and audited there, as the device page does (hall/fleet_api.py)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import HTMLResponse

from hall.pages import inline_page, page_response

ASSETS = Path(__file__).with_name("disclosure_assets")


@cache
def manage_page() -> tuple[str, str]:
    return inline_page(ASSETS, "manage")


def add_manage_page(app: FastAPI) -> None:
    @app.get("/disclosure/manage", response_class=HTMLResponse, include_in_schema=False)
    def manage() -> HTMLResponse:
        return page_response(manage_page())
