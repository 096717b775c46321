"""Device fleet over HTTP: `PUT /api/v1/devices/{source}` from kiosks and controllers, `GET /api/v1/devices` and
the supervisors' page `GET /devices` (public HTML; its script reads the list with the token in the URL fragment)."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Annotated

from fastapi import FastAPI, Request
from fastapi import Path as PathParam
from fastapi.responses import HTMLResponse
from starlette.concurrency import run_in_threadpool

from common.hallapi.fleet import SOURCE, DeviceOut, FleetOut, ReportIn, ReportOut
from hall.fleet import DeviceReport, Fleet
from hall.ownership import own_source, require_own
from hall.pages import inline_page, page_response
from hall.tokens import Role
from hall.web import ERRORS, HallContext, bearer, caller

ASSETS = Path(__file__).with_name("fleet_assets")


@cache
def fleet_page() -> tuple[str, str]:
    return inline_page(ASSETS, "fleet")


def add_fleet_routes(app: FastAPI, hall: HallContext) -> None:
    fleet = Fleet(hall.sessions, hall.queue.clock)
    reporters = bearer(hall.sessions, Role.KIOSK, Role.PADS, Role.DISPLAY)
    watchers = bearer(hall.sessions, Role.STAFF, Role.SUPERVISOR)

    @app.put("/api/v1/devices/{source}", responses=ERRORS)
    async def report(
        request: Request, source: Annotated[str, PathParam(pattern=SOURCE)], body: ReportIn, _role: Role = reporters
    ) -> ReportOut:
        """Replace the device list of one kiosk or hall device controller with its current states. A token reports
        only for the source it is bound to (403 ``not_your_source``)."""
        who = caller(request)
        if who.source is None:  # a token made before binding: bound now to this source (a database write)
            await run_in_threadpool(own_source, hall.sessions, who, source)
        else:
            require_own(who, source)
        reports = [
            DeviceReport(**{**d.model_dump(), "state": d.state.value, "reasons": tuple(d.reasons)})
            for d in body.devices
        ]
        at = await run_in_threadpool(fleet.report, source, reports)
        return ReportOut(source=source, devices=len(reports), reported_at=at)

    @app.get("/api/v1/devices", responses=ERRORS)
    async def devices(_role: Role = watchers) -> FleetOut:
        """Every reported device, with whether its source has gone silent."""
        rows = await run_in_threadpool(fleet.devices)
        return FleetOut(
            devices=[
                DeviceOut(
                    source=row.source,
                    device=row.device,
                    kind=row.kind,
                    name=row.name,
                    state=row.state,
                    reasons=list(row.reasons),
                    message=row.message,
                    detail=dict(row.detail),
                    last_seen=row.last_seen,
                    reported_at=row.reported_at,
                    silent=silent,
                )
                for row, silent in rows
            ]
        )

    @app.get("/devices", response_class=HTMLResponse, include_in_schema=False)
    def page() -> HTMLResponse:
        return page_response(fleet_page())
