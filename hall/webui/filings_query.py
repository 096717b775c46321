"""The filing list's query: filters read from the page's address (each wrong one told beside its field), the
filings that match in the person's scope, each with its time limits counted in working days, sorted and paged.

Status, item, received dates and the search are asked of the database; the deadline level and the due day depend
on the hall's calendar, so those are filtered and sorted here, over at most ``MAX_ROWS`` filings."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, Literal, TypeVarTuple

from sqlalchemy import func, or_, select
from sqlalchemy.sql import Select
from starlette.datastructures import QueryParams

from common.hallapi.filings import FilingStatus
from hall.deadlines import FilingLimits, Level
from hall.filings import Filing, FilingEvent
from hall.webui.filings_base import Workbench
from hall.webui.scope import Scope

PAGE_SIZE = 50
MAX_ROWS = 5000  # a list past this asks for narrower filters
MAX_SEARCH = 40
LEVELS = {"red": Level.RED, "yellow": Level.YELLOW, "ok": Level.OK}
Sort = Literal["received", "due"]
Ts = TypeVarTuple("Ts")


@dataclass(frozen=True)
class ListQuery:
    status: FilingStatus | None = FilingStatus.SUBMITTED  # None: every status
    item: str = ""
    received_from: date | None = None
    received_to: date | None = None
    level: Level | None = None
    q: str = ""
    sort: Sort = "received"
    descending: bool = False
    page: int = 1

    def params(self, **changes: Any) -> dict[str, str]:
        """The query as an address's parameters (for links: another page, another sort)."""
        query = replace(self, **changes)
        values = {
            "status": query.status.value if query.status is not None else "all",
            "item": query.item,
            "from": query.received_from.isoformat() if query.received_from else "",
            "to": query.received_to.isoformat() if query.received_to else "",
            "level": query.level.value if query.level is not None else "",
            "q": query.q,
            "sort": query.sort,
            "order": "desc" if query.descending else "asc",
            "page": str(query.page) if query.page > 1 else "",
        }
        return {key: value for key, value in values.items() if value}


def _day(params: QueryParams, name: str, errors: dict[str, str]) -> date | None:
    text = params.get(name, "").strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        errors[name] = "日期格式应为 年-月-日 / a date is written YYYY-MM-DD"
        return None


def parse_query(params: QueryParams) -> tuple[ListQuery, dict[str, str]]:
    """The list's query from the address; a value that cannot be read is left out and told in ``errors``."""
    errors: dict[str, str] = {}
    status_text = params.get("status", FilingStatus.SUBMITTED.value)
    status: FilingStatus | None = None
    if status_text != "all":
        try:
            status = FilingStatus(status_text)
        except ValueError:
            errors["status"] = "没有这个状态 / no such status"
    received_from, received_to = _day(params, "from", errors), _day(params, "to", errors)
    if received_from and received_to and received_from > received_to:
        errors["to"] = "截止日期早于起始日期 / the end date is before the start date"
        received_to = None
    level_text = params.get("level", "")
    if level_text and level_text not in LEVELS:
        errors["level"] = "没有这个预警等级 / no such deadline level"
    q = params.get("q", "").strip()
    if len(q) > MAX_SEARCH:
        errors["q"] = f"搜索词最多 {MAX_SEARCH} 个字 / at most {MAX_SEARCH} characters"
        q = q[:MAX_SEARCH]
    sort_text = params.get("sort", "received")
    sort: Sort = "due" if sort_text == "due" else "received"
    page_text = params.get("page", "1")
    page = int(page_text) if page_text.isdigit() and 0 < int(page_text) < 100_000 else 1
    query = ListQuery(
        status=status,
        item=params.get("item", "").strip()[:40],
        received_from=received_from,
        received_to=received_to,
        level=LEVELS.get(level_text),
        q=q,
        sort=sort,
        descending=params.get("order") == "desc",
        page=page,
    )
    return query, errors


@dataclass(frozen=True)
class Row:
    filing: Filing
    item_name: str
    accepted_at: datetime | None
    limits: FilingLimits | None

    @property
    def status(self) -> FilingStatus:
        return FilingStatus(self.filing.status)

    @property
    def level(self) -> Level | None:
        return self.limits.level if self.limits is not None else None


@dataclass(frozen=True)
class Found:
    rows: list[Row]  # every match, sorted
    capped: bool  # more than MAX_ROWS matched the database's filters: only the newest were looked at


def _in_scope(statement: Select[*Ts], scope: Scope) -> Select[*Ts]:
    if scope.items is not None:
        statement = statement.where(Filing.item_code.in_(sorted(scope.items)))
    return statement


def _start_of(day: date, bench: Workbench) -> datetime:
    return datetime.combine(day, time(), bench.zone).astimezone(UTC)


def find(bench: Workbench, scope: Scope, query: ListQuery) -> Found:
    accepted = (
        select(FilingEvent.filing_id, func.max(FilingEvent.at).label("at"))
        .where(FilingEvent.action == "accept")
        .group_by(FilingEvent.filing_id)
        .subquery()
    )
    statement = _in_scope(select(Filing, accepted.c.at).outerjoin(accepted, accepted.c.filing_id == Filing.id), scope)
    if query.status is not None:
        statement = statement.where(Filing.status == query.status.value)
    if query.item:
        statement = statement.where(Filing.item_code == query.item)
    if query.received_from:
        statement = statement.where(Filing.received_at >= _start_of(query.received_from, bench))
    if query.received_to:
        statement = statement.where(Filing.received_at < _start_of(query.received_to + timedelta(days=1), bench))
    if query.q:
        statement = statement.where(
            or_(
                Filing.number.contains(query.q, autoescape=True),
                Filing.applicant_name.contains(query.q, autoescape=True),
            )
        )
    statement = statement.order_by(Filing.received_at.desc(), Filing.id).limit(MAX_ROWS + 1)
    with bench.hall.queue.readers() as session:
        found = [(filing, at) for filing, at in session.execute(statement)]
    capped = len(found) > MAX_ROWS
    rows = [
        Row(filing, bench.item_name(filing.item_code), accepted_at, bench.limits(filing, accepted_at))
        for filing, accepted_at in found[:MAX_ROWS]
    ]
    if query.level is not None:
        rows = [row for row in rows if row.level is query.level]
    if query.sort == "due":
        far = date.max
        rows.sort(
            key=lambda r: (
                (r.limits.promised.due, r.limits.statutory.due, r.filing.number) if r.limits else (far, far, "")
            ),
            reverse=query.descending,
        )
    else:
        rows.sort(key=lambda r: (r.filing.received_at, r.filing.number), reverse=query.descending)
    return Found(rows, capped)


def counts(bench: Workbench, scope: Scope) -> dict[str, int]:
    """How many filings of each status the person's scope holds (the tabs' figures)."""
    statement = select(Filing.status, func.count()).group_by(Filing.status)
    with bench.hall.queue.readers() as session:
        return {str(status): int(count) for status, count in session.execute(_in_scope(statement, scope))}


def page_of(rows: list[Row], page: int) -> tuple[list[Row], int]:
    """The rows of ``page`` (clamped to the last) and the number of pages."""
    pages = max(1, -(-len(rows) // PAGE_SIZE))
    page = min(page, pages)
    return rows[(page - 1) * PAGE_SIZE : page * PAGE_SIZE], pages
