"""The kiosk's devices as the hall's device page wants them (sent by kiosk/hallclient/fleet.py's FleetReporter)."""

from __future__ import annotations

from common.hallapi.base import printable
from common.hallapi.fleet import DeviceIn
from kiosk.station.ports import DeviceInfo


def device_reports(infos: list[DeviceInfo]) -> list[DeviceIn]:
    """Every device of this kiosk; the hall link itself is what the report's arrival shows, so it is left out."""
    return [
        DeviceIn(
            device=info.kind,
            kind=info.kind,
            name=printable(f"{info.name_zh} / {info.name_en}")[:60],
            state=info.state,
            message=printable(str(info.message))[:300]
            if info.message
            else "",  # the hall's device page shows it joined
            detail={"simulated": info.simulated, "last_error": printable(info.last_error)[:200]},
        )
        for info in infos
        if info.kind != "hall"
    ]
