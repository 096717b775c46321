"""What 政务公开 publishes besides notices (docs/disclosure.md): the fee schedules from the catalog, the public list
of concluded filings (办件公示) with the applicant and the number masked, the window staff board, and the whole
bundle a kiosk fetches with its version.

办件公示 shows only what the rules ask to be public: the item, the applicant's surname (张**), the filing number with
its middle hidden, when it was received and concluded, and the result. Never an ID number, a phone or an address:
those columns are not read."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from common.hallapi.disclosure import DisclosureOut, FeeOut, PublicFilingOut, StaffOut
from common.hallapi.filings import FilingStatus
from common.settings import HallConfig
from hall.catalog import Catalog
from hall.disclosure import NoticeBoard
from hall.filings import Filing, FilingEvent

CONCLUDED = (FilingStatus.COMPLETED.value, FilingStatus.REJECTED.value)
PUBLIC_DAYS = 90  # 办件公示 lists filings concluded in the last 90 days
PUBLIC_MAX = 200  # newest first, at most this many


def masked_applicant(name: str) -> str:
    """The surname and a star for each other character: 张三 -> 张*, 欧阳小明 -> 欧***; a Latin name its initial."""
    name = name.strip()
    if not name:
        return "*"
    return name[0] + "*" * max(1, len(name) - 1)


def masked_number(number: str) -> str:
    """The filing number with all but its first three and last three letters and digits hidden, separators kept:
    K01-20261123-0001 -> K01-********-*001."""
    positions = [i for i, char in enumerate(number) if char.isalnum()]
    hidden = set(positions[3:-3]) if len(positions) > 6 else set(positions[1:])
    return "".join("*" if i in hidden else char for i, char in enumerate(number))


def fee_schedule(catalog: Catalog) -> list[FeeOut]:
    """Every fee of every catalog item, in catalog order (an item without fees is free and not listed)."""
    return [
        FeeOut(
            item_code=item.code,
            item_name=item.name,
            department=item.department,
            name=fee.name,
            amount=fee.amount,
            basis=fee.basis,
            initials=item.initials,
        )
        for item in catalog.items
        for fee in item.fees
    ]


def staff_board(config: HallConfig) -> list[StaffOut]:
    return [
        StaffOut(
            window=window.number,
            window_name=window.name,
            window_name_en=window.name_en or f"Window {window.number}",
            staff_name=window.staff_name,
            staff_number=window.staff,
            duties=window.duties,
            duties_en=window.duties_en or window.duties,
        )
        for window in sorted(config.windows, key=lambda w: w.number)
    ]


def public_filings(
    sessions: sessionmaker[Session], catalog: Catalog, zone: ZoneInfo, now: dt.datetime
) -> list[PublicFilingOut]:
    since = now - dt.timedelta(days=PUBLIC_DAYS)
    concluded_at = (
        select(FilingEvent.filing_id, func.max(FilingEvent.at).label("at"))
        .where(FilingEvent.to_status.in_(CONCLUDED))
        .group_by(FilingEvent.filing_id)
        .subquery()
    )
    # Only the public columns are read: never the sealed ID number, the phone, the form or the delivery address.
    query = (
        select(
            Filing.number, Filing.item_code, Filing.applicant_name, Filing.received_at, Filing.status, concluded_at.c.at
        )
        .join(concluded_at, concluded_at.c.filing_id == Filing.id)
        .where(Filing.status.in_(CONCLUDED), concluded_at.c.at >= since)
        .order_by(concluded_at.c.at.desc(), Filing.number.desc())
        .limit(PUBLIC_MAX)
    )
    with sessions() as session:
        rows = session.execute(query).all()
    found = []
    for number, code, name, received, status, at in rows:
        item = catalog.get(code)
        words = FilingStatus(status)
        found.append(
            PublicFilingOut(
                number_masked=masked_number(number),
                item_code=code,
                item_name=item.name if item is not None else code,
                applicant_masked=masked_applicant(name),
                received=received.astimezone(zone).date(),
                concluded=at.astimezone(zone).date(),
                result="已办结" if words is FilingStatus.COMPLETED else words.zh,
                result_en="Completed" if words is FilingStatus.COMPLETED else words.en,
            )
        )
    return found


class Disclosure:
    """Everything 政务公开 shows, for the public pages and the kiosks."""

    def __init__(
        self, notices: NoticeBoard, catalog: Catalog, config: HallConfig, clock: Callable[[], dt.datetime]
    ) -> None:
        self.notices, self.catalog, self.config, self.clock = notices, catalog, config, clock
        self.zone = ZoneInfo(config.hall.timezone)
        self.fees = fee_schedule(catalog)  # the catalog cannot change while the hall runs
        self.staff = staff_board(config)

    def filings(self) -> list[PublicFilingOut]:
        return public_filings(self.notices.sessions, self.catalog, self.zone, self.clock())

    def bundle(self) -> DisclosureOut:
        """The kiosk's bundle; its version is a hash of its content, so an unchanged bundle keeps its ETag."""
        content = {
            "hall_name": self.config.hall.name,
            "notices": self.notices.published(),
            "fees": self.fees,
            "filings": self.filings(),
            "staff": self.staff,
        }
        draft = DisclosureOut(version="", **content)
        text = json.dumps(draft.model_dump(mode="json"), ensure_ascii=False, sort_keys=True)
        return draft.model_copy(update={"version": hashlib.sha256(text.encode()).hexdigest()[:16]})
