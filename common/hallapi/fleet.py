"""Device-report bodies of the hall API: what a kiosk or a hall device controller says about its devices
(``PUT /api/v1/devices/{source}``), and the device page's list."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from pydantic import BaseModel, Field, StrictBool, StrictFloat, StrictInt, model_validator

from common.hallapi.base import Body, Text, ZonedDatetime
from devices.state import DeviceState

SOURCE = r"^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$"


# One device's report: what the station and the hall device controller build for each of their devices. (A
# comment, not a docstring: a docstring would become a description in the OpenAPI spec.)
class DeviceIn(Body):
    device: str = Field(pattern=r"^[A-Za-z0-9_.-]{1,40}$", description="Unique within the source, e.g. pad-3")
    kind: str = Field(pattern=r"^[a-z_]{1,16}$", description="pad, display, voice, printer, id_reader, scanner ...")
    name: Text = Field(min_length=1, max_length=60)
    state: DeviceState
    reasons: list[Annotated[str, Field(pattern=r"^[a-z_]{1,32}$")]] = Field(default_factory=list, max_length=16)
    message: Text = Field(default="", max_length=300)
    # Strict: "1\x85" is text (refused), never read as the number 1.
    detail: dict[Text, StrictInt | StrictFloat | Text | StrictBool | None] = Field(default_factory=dict, max_length=20)
    last_seen: ZonedDatetime | None = None


# Every device of one source; the list replaces the one the hall held.
class ReportIn(Body):
    devices: list[DeviceIn] = Field(max_length=200)

    @model_validator(mode="after")
    def _each_device_once(self) -> ReportIn:
        seen: set[str] = set()
        for d in self.devices:
            if d.device in seen:
                raise ValueError(f"设备 {d.device} 重复出现 / the device {d.device} is listed twice")
            seen.add(d.device)
        return self


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
