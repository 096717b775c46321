"""``/web/ratings``: the 好差评 statistics with a grouping switch and a date range, a table and two charts (bars per
group, a line per day) drawn on the server, and the table as CSV or XLSX. Supervisors see the whole hall, staff
the ratings given at their windows. The bad ratings and appeals pages are added from here too."""

from __future__ import annotations

from datetime import date, timedelta

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, Response
from starlette.concurrency import run_in_threadpool

from hall.rating_stats import GROUP_NAMES, Group, Stats, StatsQuery, rate_text, rating_stats
from hall.tokens import Role
from hall.web import HallContext
from hall.webui.auth import WebRefused, web_user
from hall.webui.export import Column, Table, export_response
from hall.webui.rating_charts import BARS_MAX, SVG_POLICY, bar_chart, line_chart
from hall.webui.ratings_appeals import add_appeal_pages
from hall.webui.ratings_bad import add_bad_rating_pages
from hall.webui.ratings_common import Filters, file_format, filters_of, key_label, names, windows_seen
from hall.webui.render import NavEntry, add_nav, render
from hall.webui.sessions import WebUser

STAFF_AND_SUPERVISORS = frozenset({Role.STAFF, Role.SUPERVISOR})
LEVEL_COLUMNS = [Column(f"level_{n}", f"{n}星", f"{n} star" + ("s" if n > 1 else "")) for n in range(1, 6)]


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
    async def chart(request: Request, kind: str = "bar", user: WebUser = anyone) -> Response:
        """The statistics as a chart: ``bar`` per the page's grouping (the most rated ``BARS_MAX`` groups), ``line``
        per day, week or month of its range (per day for the other groupings)."""
        if kind not in ("bar", "line"):
            raise WebRefused(404, "没有这种图表", "No such chart")
        filters = filters_of(request, hall)
        if kind == "line":
            group = filters.group if filters.group.by_time else Group.DAY
            stats = await run_in_threadpool(stats_for, user, filters, group)
            found = {row.key: row for row in stats.rows}
            periods = periods_of(group, filters.start, filters.end)
            rows = [found.get(period) for period in periods]
            zh, en = GROUP_NAMES[group]
            svg = line_chart(
                f"每{zh}满意率与评价数 Satisfaction and ratings per {en.lower()}",
                [period.strftime("%Y-%m" if group is Group.MONTH else "%m-%d") for period in periods],
                [r.rate if r else None for r in rows],
                [r.count if r else 0 for r in rows],
            )
        else:
            stats = await run_in_threadpool(stats_for, user, filters)
            shown = stats.rows
            if len(shown) > BARS_MAX:
                most = sorted(shown, key=lambda r: -r.count)[:BARS_MAX]
                shown = [r for r in shown if r in most]
            labels = labels_of(request, Stats(stats.query, shown))
            zh, en = GROUP_NAMES[filters.group]
            top = f"（评价最多的 {BARS_MAX} 个）" if len(shown) < len(stats.rows) else ""
            svg = bar_chart(
                f"按{zh}{top}：满意率与评价数 By {en.lower()}: satisfaction and ratings",
                labels,
                [r.rate for r in shown],
                [r.count for r in shown],
            )
        headers = {"Cache-Control": "no-store", "Content-Security-Policy": SVG_POLICY}
        return Response(svg, media_type="image/svg+xml", headers=headers)

    @app.get("/web/ratings/export.{fmt}", include_in_schema=False)
    async def export(request: Request, fmt: str, user: WebUser = anyone) -> Response:
        filters = filters_of(request, hall)
        stats = await run_in_threadpool(stats_for, user, filters)
        table = stats_table(stats, labels_of(request, stats))
        return export_response(table, file_format(fmt), f"ratings-{filters.group.value}-{filters.start}-{filters.end}")

    add_bad_rating_pages(app, hall)
    add_appeal_pages(app, hall)


def percent(rate: float | None) -> float | None:
    return None if rate is None else round(rate * 100, 1)


def periods_of(group: Group, start: date, end: date) -> list[date]:
    """Every day, week (its Monday) or month (its first day) from ``start`` to ``end``, empty ones too."""
    if group is Group.DAY:
        return [start + timedelta(days=n) for n in range((end - start).days + 1)]
    if group is Group.WEEK:
        monday = start - timedelta(days=start.weekday())
        return [monday + timedelta(weeks=n) for n in range((end - monday).days // 7 + 1)]
    months = []
    month = start.replace(day=1)
    while month <= end:
        months.append(month)
        month = (month + timedelta(days=32)).replace(day=1)
    return months
