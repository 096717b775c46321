"""``/web/ratings``: the 好差评 statistics with a grouping switch and a date range, a table and two charts (bars per
group, a line per day) drawn on the server, and the table as CSV or XLSX. Supervisors see the whole hall, staff
the ratings given at their windows. The bad ratings and appeals pages are added from here too."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Literal

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, Response
from starlette.concurrency import run_in_threadpool

from hall.rating_stats import GROUP_NAMES, Group, Stats, StatsQuery, rate_text, rating_stats
from hall.tokens import Role
from hall.web import HallContext
from hall.webui.auth import web_user
from hall.webui.export import Column, Table, export_response
from hall.webui.rating_charts import SVG_POLICY, bar_chart, line_chart
from hall.webui.ratings_appeals import add_appeal_pages
from hall.webui.ratings_bad import add_bad_rating_pages
from hall.webui.ratings_common import Filters, filters_of, key_label, names, windows_seen
from hall.webui.render import NavEntry, add_nav, render
from hall.webui.sessions import WebUser

STAFF_AND_SUPERVISORS = frozenset({Role.STAFF, Role.SUPERVISOR})
LEVEL_COLUMNS = [Column(f"level_{n}", f"{n}星", f"{n} stars") for n in range(1, 6)]


def stats_table(stats: Stats, labels: list[str]) -> Table:
    group_zh, group_en = GROUP_NAMES[stats.query.group]
    columns = [
        Column("group", group_zh, group_en),
        Column("count", "评价数", "Ratings"),
        *LEVEL_COLUMNS,
        Column("bad", "差评", "Bad"),
        Column("rate", "满意率", "Satisfaction rate"),
    ]
    rows: list[list[str | int | float | None]] = [
        [label, row.count, *row.levels, row.bad, percent(row.rate)]
        for label, row in zip([*labels, "合计 Total"], [*stats.rows, stats.total], strict=True)
    ]
    return Table(f"好差评统计 {stats.query.start}~{stats.query.end}", columns, list(rows))


def add_rating_pages(app: FastAPI, hall: HallContext) -> None:
    anyone = web_user()
    add_nav(app, NavEntry("/web/ratings", "好差评", "Ratings", STAFF_AND_SUPERVISORS, 40))

    def stats_for(user: WebUser, filters: Filters, group: Group | None = None) -> Stats:
        query = StatsQuery(group or filters.group, filters.start, filters.end, windows_seen(user, hall))
        return rating_stats(hall.sessions, hall.queue.zone, query)

    def labels_of(request: Request, stats: Stats) -> list[str]:
        items = names(request, hall)["item_names"]
        return [key_label(stats.query.group, row.key, hall, items) for row in stats.rows]

    @app.get("/web/ratings", response_class=HTMLResponse, include_in_schema=False)
    async def ratings_page(request: Request, user: WebUser = anyone) -> HTMLResponse:
        filters = filters_of(request, hall)
        stats = await run_in_threadpool(stats_for, user, filters)
        context = {
            "filters": filters,
            "stats": stats,
            "labels": labels_of(request, stats),
            "groups": [(g.value, *GROUP_NAMES[g]) for g in Group],
            "rate_text": rate_text,
            "query": filters.query_string(),
            "windows": windows_seen(user, hall),
            **names(request, hall),
        }
        return render(request, "ratings.html", context, user=user, status=422 if filters.errors else 200)

    @app.get("/web/ratings/chart.svg", include_in_schema=False)
    async def chart(request: Request, kind: Literal["bar", "line"] = "bar", user: WebUser = anyone) -> Response:
        """The statistics as a chart: ``bar`` per the page's grouping, ``line`` per day of its range."""
        filters = filters_of(request, hall)
        if kind == "line":
            stats = await run_in_threadpool(stats_for, user, filters, Group.DAY)
            by_day = {row.key: row for row in stats.rows}
            days = [filters.start + timedelta(days=n) for n in range((filters.end - filters.start).days + 1)]
            found = [by_day.get(day) for day in days]
            svg = line_chart(
                "每日满意率与评价数 Satisfaction and ratings per day",
                [_day_label(d) for d in days],
                [r.rate if r else None for r in found],
                [r.count if r else 0 for r in found],
            )
        else:
            stats = await run_in_threadpool(stats_for, user, filters)
            zh, en = GROUP_NAMES[filters.group]
            svg = bar_chart(
                f"按{zh}：满意率与评价数 By {en.lower()}: satisfaction and ratings",
                labels_of(request, stats),
                [r.rate for r in stats.rows],
                [r.count for r in stats.rows],
            )
        headers = {"Cache-Control": "no-store", "Content-Security-Policy": SVG_POLICY}
        return Response(svg, media_type="image/svg+xml", headers=headers)

    @app.get("/web/ratings/export.{fmt}", include_in_schema=False)
    async def export(request: Request, fmt: Literal["csv", "xlsx"], user: WebUser = anyone) -> Response:
        filters = filters_of(request, hall)
        stats = await run_in_threadpool(stats_for, user, filters)
        table = stats_table(stats, labels_of(request, stats))
        return export_response(table, fmt, f"ratings-{filters.group.value}-{filters.start}-{filters.end}")

    add_bad_rating_pages(app, hall)
    add_appeal_pages(app, hall)


def percent(rate: float | None) -> float | None:
    return None if rate is None else round(rate * 100, 1)


def _day_label(day: date) -> str:
    return day.strftime("%m-%d")
