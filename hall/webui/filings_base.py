"""What the filing workbench's pages share (docs/hall-web.md, "办件工作台"): the hall's filing desk, catalog, ID-number
key and document store; the hall's working calendar and zone; the check that a filing is in the person's scope; and
the words for statuses, actions and who did them."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from fastapi import FastAPI

from common.hallapi.catalog import ServiceItem
from common.hallapi.filings import FilingStatus
from common.settings.models import HallConfig
from hall.attachments import AttachmentStore
from hall.catalog import Catalog, catalog_dir, load_catalog
from hall.deadlines import Calendar, FilingLimits, filing_limits, hall_calendar
from hall.filing_desk import FilingDesk
from hall.filing_keys import FilingKeys, key_file, load_or_create_key
from hall.filings import Filing, FilingError
from hall.web import HallContext
from hall.webui.auth import WebRefused
from hall.webui.scope import Scope, scope_of
from hall.webui.sessions import WebUser

BASE = "/web/filings"
# Status tabs of the list, in the order a day's work goes.
TABS: list[tuple[FilingStatus, str, str]] = [
    (FilingStatus.SUBMITTED, "待受理", "To accept"),
    (FilingStatus.MATERIALS_REQUESTED, "补正中", "Materials asked for"),
    (FilingStatus.ACCEPTED, "办理中", "In progress"),
    (FilingStatus.COMPLETED, "已办结", "Completed"),
    (FilingStatus.REJECTED, "不予受理", "Rejected"),
]
TAB_WORDS = {status: (zh, en) for status, zh, en in TABS}
# Each row of a filing's audit trail, as a person reads it ("已由 … 于 … 受理").
ACTION_WORDS: dict[str, tuple[str, str]] = {
    "submitted": ("在自助终端提交", "filed at a kiosk"),
    "accept": ("受理", "accepted it"),
    "request-materials": ("要求补正材料", "asked for more materials"),
    "reject": ("不予受理", "rejected it"),
    "approve": ("办结", "approved it"),
    "result": ("上传办理结果", "uploaded the result document"),
    "collect": ("打印办理结果", "printed the result"),
    "allow-reprint": ("允许再次打印", "allowed one more print"),
}
ROLE_WORDS: dict[str, tuple[str, str]] = {
    "kiosk": ("自助终端", "a kiosk"),
    "staff": ("窗口人员", "staff"),
    "supervisor": ("主管", "a supervisor"),
}


def filing_id_of(text: str) -> uuid.UUID:
    """A filing's id from an address; a 404 page for anything that is not one."""
    try:
        return uuid.UUID(text)
    except ValueError:
        raise WebRefused(404, "没有这份申报", "No such filing") from None


def action_words(action: str) -> tuple[str, str]:
    return ACTION_WORDS.get(action, (action, action))


def who_words(actor: str | None, role: str) -> tuple[str, str]:
    """The person by token name where known, else the role (rows from before names were kept, kiosks)."""
    if actor:
        return actor, actor
    return ROLE_WORDS.get(role, (role, role))


@dataclass
class Workbench:
    config: HallConfig
    desk: FilingDesk
    catalog: Catalog
    keys: FilingKeys
    store: AttachmentStore
    calendar: Calendar
    zone: ZoneInfo
    hall: HallContext

    @classmethod
    def of(cls, app: FastAPI, hall: HallContext) -> Workbench:
        config = hall.queue.config
        catalog: Catalog = getattr(app.state, "catalog", None) or load_catalog(catalog_dir(config))
        return cls(
            config=config,
            desk=FilingDesk(hall.sessions, hall.queue.readers, hall.queue.clock),
            catalog=catalog,
            keys=FilingKeys(load_or_create_key(key_file(config))),
            store=hall.attachments,
            calendar=hall_calendar(config.ratings.holidays, config.ratings.makeup_workdays),
            zone=ZoneInfo(config.hall.timezone),
            hall=hall,
        )

    @property
    def max_result_bytes(self) -> int:
        return self.config.filings.max_attachment_mb * 1024 * 1024

    def now(self) -> datetime:
        return self.hall.queue.clock()

    def today(self) -> date:
        return self.now().astimezone(self.zone).date()

    def local_day(self, moment: datetime) -> date:
        return moment.astimezone(self.zone).date()

    def scope(self, user: WebUser) -> Scope:
        return scope_of(user, self.config)

    def item(self, code: str) -> ServiceItem | None:
        return self.catalog.get(code)

    def item_name(self, code: str) -> str:
        item = self.item(code)
        return item.name if item is not None else code

    def limits(self, filing: Filing, accepted_at: datetime | None) -> FilingLimits | None:
        """Both time limits of ``filing``; None for an item no longer in the catalog (no days to count)."""
        item = self.item(filing.item_code)
        if item is None:
            return None
        return filing_limits(
            status=filing.status,
            received=self.local_day(filing.received_at),
            accepted=self.local_day(accepted_at) if accepted_at is not None else None,
            promised_days=item.promised_days,
            statutory_days=item.statutory_days,
            today=self.today(),
            calendar=self.calendar,
        )

    def visible(self, user: WebUser, filing_id: uuid.UUID) -> Filing:
        """The filing, if the person's scope covers its item; a 404 page otherwise (as for a filing that is not
        there: a staff member learns nothing of filings outside their windows)."""
        try:
            filing = self.desk.get(filing_id)
        except FilingError:
            filing = None
        if filing is None or not self.scope(user).sees_item(filing.item_code):
            raise WebRefused(404, "没有这份申报，或不在您的办理范围内", "No such filing, or not one of your items")
        return filing
