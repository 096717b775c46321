"""Device fleet status: each kiosk and hall device controller reports its devices; supervisors see them all.

A source (a kiosk's station id, or a controller's name) sends its whole list each time; the hall keeps the
latest list per source. A source that has not reported for ``STALE_AFTER`` is shown as silent, since a
controller that died cannot say so itself.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import JSON, String, delete, select
from sqlalchemy.orm import Mapped, Session, mapped_column, sessionmaker

from common.dbtypes import UtcDateTime
from devices.privacy import mask_id_numbers, mask_id_numbers_in
from hall.models import HallBase

STALE_AFTER = timedelta(minutes=2)


class DeviceStatusRow(HallBase):
    __tablename__ = "device_status"

    source: Mapped[str] = mapped_column(String(32), primary_key=True)
    device: Mapped[str] = mapped_column(String(40), primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    name: Mapped[str] = mapped_column(String(60))
    state: Mapped[str] = mapped_column(String(16))
    reasons: Mapped[list[Any]] = mapped_column(JSON)
    message: Mapped[str] = mapped_column(String(300))
    detail: Mapped[dict[str, Any]] = mapped_column(JSON)
    last_seen: Mapped[datetime | None] = mapped_column(UtcDateTime)
    reported_at: Mapped[datetime] = mapped_column(UtcDateTime)


@dataclass(frozen=True)
class DeviceReport:
    device: str  # unique within the source, e.g. "pad-3", "display-1", "printer"
    kind: str  # pad | display | voice | printer | id_reader | scanner | camera
    name: str  # what a supervisor reads: "1号窗口评价器 / pad at window 1"
    state: str  # devices.state.DeviceState value
    reasons: tuple[str, ...] = ()
    message: str = ""
    detail: dict[str, Any] | None = None  # counters, firmware, window ...
    last_seen: datetime | None = None


class Fleet:
    def __init__(self, sessions: sessionmaker[Session], clock: Callable[[], datetime] = lambda: datetime.now(UTC)):
        self.sessions, self.clock = sessions, clock

    def report(self, source: str, devices: Sequence[DeviceReport]) -> datetime:
        """Replace ``source``'s list with ``devices``."""
        now = self.clock()
        with self.sessions.begin() as session:
            session.execute(delete(DeviceStatusRow).where(DeviceStatusRow.source == source))
            for d in devices:
                session.add(
                    DeviceStatusRow(
                        source=source,
                        device=d.device,
                        kind=d.kind,
                        # What a device says can quote what it read (a card, a scanned code): no ID number kept.
                        name=mask_id_numbers(d.name),
                        state=d.state,
                        reasons=[mask_id_numbers_in(reason) for reason in d.reasons],
                        message=mask_id_numbers(d.message),
                        detail=mask_id_numbers_in(dict(d.detail or {})),
                        last_seen=d.last_seen,
                        reported_at=now,
                    )
                )
        return now

    def devices(self) -> list[tuple[DeviceStatusRow, bool]]:
        """Every device the hall has heard of, by source then device, with whether its source went silent."""
        now = self.clock()
        with self.sessions() as session:
            rows = session.scalars(select(DeviceStatusRow).order_by(DeviceStatusRow.source, DeviceStatusRow.device))
            return [(row, now - row.reported_at > STALE_AFTER) for row in rows]
