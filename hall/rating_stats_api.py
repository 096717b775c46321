"""``GET /api/v1/stats/ratings``: the 好差评 statistics (hall/rating_stats.py) for a supervisor token, or for a staff
token the ratings given at its windows (``[[web.staff]]``)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Annotated

from fastapi import FastAPI, Query, Request
from starlette.concurrency import run_in_threadpool

from common.hallapi.rating_stats import RatingStatsOut, RatingStatsRow, StatsGroup
from common.settings import HallConfig
from hall.calendar import service_day
from hall.rating_stats import Group, Stats, StatsQuery, StatsRow, check_range, rating_stats
from hall.tokens import Role
from hall.web import ERRORS, ApiError, HallContext, bearer, caller

DEFAULT_DAYS = 30


def staff_windows(config: HallConfig, role: Role, name: str) -> frozenset[int] | None:
    """The windows whose ratings a token sees: None (all) for a supervisor; a staff token's [[web.staff]] windows,
    none when it is not listed there."""
    if role is Role.SUPERVISOR:
        return None
    access = next((a for a in config.web.staff if a.token == name), None)
    return frozenset(access.windows) if access else frozenset()


def row_out(row: StatsRow) -> RatingStatsRow:
    key = None if row.key is None else str(row.key)
    return RatingStatsRow(
        key=key, count=row.count, levels=list(row.levels), satisfied=row.satisfied, bad=row.bad, rate=row.rate
    )


def stats_out(stats: Stats, timezone: str) -> RatingStatsOut:
    query = stats.query
    return RatingStatsOut(
        group=query.group.value,
        from_date=query.start,
        to_date=query.end,
        timezone=timezone,
        windows=sorted(query.windows) if query.windows is not None else None,
        total=row_out(stats.total),
        rows=[row_out(r) for r in stats.rows],
    )


def add_rating_stats_routes(app: FastAPI, hall: HallContext) -> None:
    readers = bearer(hall.sessions, Role.SUPERVISOR, Role.STAFF)
    config = hall.queue.config

    @app.get("/api/v1/stats/ratings", response_model=RatingStatsOut, responses=ERRORS)
    async def stats(
        request: Request,
        group: StatsGroup = "window",
        from_date: Annotated[date | None, Query(alias="from", description="First local date (YYYY-MM-DD)")] = None,
        to_date: Annotated[date | None, Query(alias="to", description="Last local date, included")] = None,
        _role: Role = readers,
    ) -> RatingStatsOut:
        """Counts per level, bad count and satisfaction rate per group over local dates (default: the last 30
        days up to today); voided ratings are not counted."""
        who = caller(request)
        end = to_date or service_day(hall.queue.clock(), hall.queue.zone)
        start = from_date or end - timedelta(days=DEFAULT_DAYS - 1)
        if (wrong := check_range(start, end)) is not None:
            raise ApiError(422, "bad_range", wrong)
        query = StatsQuery(Group(group), start, end, staff_windows(config, who.role, who.name))
        found = await run_in_threadpool(rating_stats, hall.sessions, hall.queue.zone, query)
        return stats_out(found, config.hall.timezone)
