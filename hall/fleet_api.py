"""Device fleet over HTTP: `PUT /api/v1/devices/{source}` from kiosks and controllers, `GET /api/v1/devices` and
the supervisors' page `GET /devices` (public HTML; its script reads the list with the token in the URL fragment)."""

from __future__ import annotations

from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Annotated, Any

from fastapi import FastAPI
from fastapi import Path as PathParam
from fastapi.responses import HTMLResponse
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from devices.state import DeviceState
from hall.fleet import DeviceReport, Fleet
from hall.pages import inline_page, page_response
from hall.schemas import Body
from hall.tokens import Role
from hall.web import ERRORS, HallContext, bearer

ASSETS = Path(__file__).with_name("fleet_assets")
SOURCE = r"^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$"


class DeviceIn(Body):
    device: str = Field(pattern=r"^[A-Za-z0-9_.-]{1,40}$", description="Unique within the source, e.g. pad-3")
    kind: str = Field(pattern=r"^[a-z_]{1,16}$", description="pad, display, voice, printer, id_reader, scanner ...")
    name: str = Field(min_length=1, max_length=60)
    state: DeviceState
    reasons: list[Annotated[str, Field(pattern=r"^[a-z_]{1,32}$")]] = Field(default_factory=list, max_length=16)
    message: str = Field(default="", max_length=300)
    detail: dict[str, int | float | str | bool | None] = Field(default_factory=dict, max_length=20)
    last_seen: datetime | None = None


class ReportIn(Body):
    devices: list[DeviceIn] = Field(max_length=200)


class ReportOut(BaseModel):
    source: str
    devices: int
    reported_at: datetime


class DeviceOut(BaseModel):
    source: str
    device: str
    kind: str
    name: str
    state: str
    reasons: list[str]
    message: str
    detail: dict[str, Any]
    last_seen: datetime | None
    reported_at: datetime
    silent: bool = Field(description="The source has not reported for two minutes: its state is not current")


class FleetOut(BaseModel):
    devices: list[DeviceOut]


@cache
def fleet_page() -> tuple[str, str]:
    return inline_page(ASSETS, "fleet")


def add_fleet_routes(app: FastAPI, hall: HallContext) -> None:
    fleet = Fleet(hall.sessions, hall.queue.clock)
    reporters = bearer(hall.sessions, Role.KIOSK, Role.PADS, Role.DISPLAY)
    watchers = bearer(hall.sessions, Role.STAFF, Role.SUPERVISOR)

    @app.put("/api/v1/devices/{source}", responses=ERRORS)
    async def report(
        source: Annotated[str, PathParam(pattern=SOURCE)], body: ReportIn, _role: Role = reporters
    ) -> ReportOut:
        """Replace the device list of one kiosk or hall device controller with its current states."""
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
