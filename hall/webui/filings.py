"""The filing workbench (办件工作台, docs/hall-web.md): the list of filings by status with their time limits in working
days, filtered, sorted, paged and exported; the detail, actions and documents are in the modules it adds."""

from __future__ import annotations

from typing import Literal

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, Response
from starlette.concurrency import run_in_threadpool

from common.hallapi.filings import FilingStatus
from hall.deadlines import Level
from hall.tokens import Role
from hall.web import HallContext
from hall.webui.auth import web_user
from hall.webui.export import Column, Table, export_response
from hall.webui.filings_actions import add_filing_action_routes
from hall.webui.filings_base import BASE, TABS, Workbench
from hall.webui.filings_detail import add_filing_detail_routes
from hall.webui.filings_files import add_filing_file_routes
from hall.webui.filings_query import MAX_ROWS, Row, counts, find, page_of, parse_query
from hall.webui.render import NavEntry, add_nav, render
from hall.webui.sessions import WebUser

EXPORT_COLUMNS = [
    Column("number", "受理号", "Number"),
    Column("item_code", "事项编码", "Item code"),
    Column("item", "事项", "Item"),
    Column("applicant", "申请人", "Applicant"),
    Column("received", "接收时间", "Received"),
    Column("status", "状态", "Status"),
    Column("promised_due", "承诺办结日", "Promised due"),
    Column("promised_left", "承诺剩余工作日", "Promised days left"),
    Column("statutory_due", "法定办结日", "Statutory due"),
    Column("statutory_left", "法定剩余工作日", "Statutory days left"),
    Column("level", "预警", "Warning"),
]
LEVEL_WORDS = {
    Level.RED: "逾期 overdue",
    Level.YELLOW: "临期 due soon",
    Level.OK: "正常 on time",
    Level.DONE: "已结束 done",
}


def add_filing_web_routes(app: FastAPI, hall: HallContext) -> None:
    bench = Workbench.of(app, hall)
    anyone = web_user()
    add_nav(app, NavEntry(BASE, "办件", "Filings", frozenset({Role.STAFF, Role.SUPERVISOR}), 10))

    @app.get(BASE, response_class=HTMLResponse, include_in_schema=False)
    async def filing_list(request: Request, user: WebUser = anyone) -> HTMLResponse:
        query, errors = parse_query(request.query_params)
        scope = bench.scope(user)
        found = await run_in_threadpool(find, bench, scope, query)
        tab_counts = await run_in_threadpool(counts, bench, scope)
        rows, pages = page_of(found.rows, query.page)
        items = sorted(
            (item for item in bench.catalog.items if item.fileable and scope.sees_item(item.code)),
            key=lambda item: item.code,
        )
        context = {
            "query": query,
            "errors": errors,
            "rows": rows,
            "total": len(found.rows),
            "capped": found.capped,
            "max_rows": MAX_ROWS,
            "pages": pages,
            "page": min(query.page, pages),
            "tabs": TABS,
            "counts": tab_counts,
            "all_count": sum(tab_counts.values()),
            "items": items,
            "base": BASE,
        }
        page = render(request, "filings_list.html", context, user=user, status=422 if errors else 200)
        return page

    @app.get(f"{BASE}/export", include_in_schema=False)
    async def export_list(request: Request, format: Literal["csv", "xlsx"] = "csv", user: WebUser = anyone) -> Response:
        query, _errors = parse_query(request.query_params)
        found = await run_in_threadpool(find, bench, bench.scope(user), query)
        table = Table("申报 Filings", EXPORT_COLUMNS, [_export_row(bench, row) for row in found.rows])
        return export_response(table, format, f"filings-{bench.today():%Y%m%d}")

    add_filing_file_routes(app, bench)  # before the detail's: fixed paths under a filing
    add_filing_action_routes(app, bench)
    add_filing_detail_routes(app, bench)


def _export_row(bench: Workbench, row: Row) -> list[str | int | None]:
    filing, limits = row.filing, row.limits
    words = FilingStatus(filing.status)
    received = filing.received_at.astimezone(bench.zone).strftime("%Y-%m-%d %H:%M")
    return [
        filing.number,
        filing.item_code,
        row.item_name,
        filing.applicant_name,
        received,
        f"{words.zh} {words.en}",
        limits.promised.due.isoformat() if limits else None,
        limits.promised.left if limits else None,
        limits.statutory.due.isoformat() if limits else None,
        limits.statutory.left if limits else None,
        LEVEL_WORDS[limits.level] if limits else None,
    ]
