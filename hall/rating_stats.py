"""好差评 statistics: per window, staff number, service item, channel, day, week or month over a range of the hall's
local dates, the counts of each level, the bad count and the satisfaction rate (the share of levels 4 and 5 among
the ratings counted, as GB/T 39734 counts it). Voided ratings (申诉复核) are left out.

One SQL ``GROUP BY`` per request, on SQLite and PostgreSQL alike. Days, weeks (Monday first) and months are the
hall's local ones: the stored UTC time is moved by the zone's offset inside the query; where the offset changes
within the range (a zone with summer time) the offset is a ``CASE`` on the instants it changes at, so a rating at
00:30 local time always counts on its own local day."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Date, Select, case, cast, false, func, literal, select
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.sql.elements import ColumnElement

from hall.ratings import Rating

MAX_DAYS = 1100  # three years in one request


class Group(StrEnum):
    WINDOW = "window"
    STAFF = "staff"
    ITEM = "item"
    CHANNEL = "channel"
    DAY = "day"
    WEEK = "week"
    MONTH = "month"

    @property
    def by_time(self) -> bool:
        return self in (Group.DAY, Group.WEEK, Group.MONTH)


GROUP_NAMES: dict[Group, tuple[str, str]] = {
    Group.WINDOW: ("窗口", "Window"),
    Group.STAFF: ("工号", "Staff number"),
    Group.ITEM: ("事项", "Service item"),
    Group.CHANNEL: ("渠道", "Channel"),
    Group.DAY: ("日", "Day"),
    Group.WEEK: ("周", "Week"),
    Group.MONTH: ("月", "Month"),
}
Key = int | str | date | None


@dataclass(frozen=True)
class StatsRow:
    key: Key
    levels: tuple[int, int, int, int, int]  # counts of levels 1 to 5

    @property
    def count(self) -> int:
        return sum(self.levels)

    @property
    def satisfied(self) -> int:
        return self.levels[3] + self.levels[4]

    @property
    def bad(self) -> int:
        return self.levels[0] + self.levels[1]

    @property
    def rate(self) -> float | None:
        """Satisfaction rate, 0 to 1; None with nothing counted."""
        return self.satisfied / self.count if self.count else None


@dataclass(frozen=True)
class StatsQuery:
    group: Group
    start: date  # local dates, both included
    end: date
    windows: frozenset[int] | None = None  # None: every window (a supervisor)


@dataclass(frozen=True)
class Stats:
    query: StatsQuery
    rows: list[StatsRow]

    @property
    def total(self) -> StatsRow:
        sums = [sum(r.levels[i] for r in self.rows) for i in range(5)]
        return StatsRow(None, (sums[0], sums[1], sums[2], sums[3], sums[4]))


def utc_bounds(start: date, end: date, zone: ZoneInfo) -> tuple[datetime, datetime]:
    """The instants the local dates ``start`` to ``end`` (included) begin and end at."""
    low = datetime.combine(start, time(), zone).astimezone(UTC)
    high = datetime.combine(end + timedelta(days=1), time(), zone).astimezone(UTC)
    return low, high


def offsets(low: datetime, high: datetime, zone: ZoneInfo) -> list[tuple[datetime, int]]:
    """The zone's UTC offset in seconds from each instant on: [(from, seconds)], the first from ``low``."""

    def offset(moment: datetime) -> int:
        found = moment.astimezone(zone).utcoffset()
        return int(found.total_seconds()) if found else 0

    changes = [(low, offset(low))]
    step = low
    while step < high:
        after = min(step + timedelta(hours=12), high)
        if offset(after) != changes[-1][1]:
            before = step  # the change is in (before, after]: find the first second of the new offset
            while after - before > timedelta(seconds=1):
                middle = before + (after - before) / 2
                before, after = (before, middle) if offset(middle) != changes[-1][1] else (middle, after)
            changes.append((after, offset(after)))
        step = after
    return changes


def _shift(dialect: str, changes: list[tuple[datetime, int]]) -> ColumnElement[Any]:
    """How far the zone is from UTC at the rating's time: a date modifier on SQLite, an interval on PostgreSQL."""
    column = Rating.created_at
    values: list[Any] = (
        [f"{seconds:+d} seconds" for _at, seconds in changes]
        if dialect == "sqlite"
        else [timedelta(seconds=seconds) for _at, seconds in changes]
    )
    if len(changes) == 1:
        return literal(values[0])
    whens = [(column < at, literal(value)) for (at, _s), value in zip(changes[1:], values, strict=False)]
    return case(*whens, else_=literal(values[-1]))


def _time_key(dialect: str, group: Group, shift: ColumnElement[Any]) -> ColumnElement[Any]:
    """The local day, week (its Monday) or month (its first day) of the rating, one date function per row."""
    column = Rating.created_at
    if dialect == "sqlite":
        if group is Group.DAY:
            return func.date(column, shift)
        if group is Group.WEEK:
            return func.date(column, shift, "weekday 0", "-6 days")  # the Monday of its week
        return func.date(column, shift, "start of month")
    unit = {Group.DAY: "day", Group.WEEK: "week", Group.MONTH: "month"}[group]
    return cast(func.date_trunc(unit, column + shift), Date)


def stats_statement(query: StatsQuery, zone: ZoneInfo, dialect: str) -> Select[Any]:
    """The one GROUP BY statement of ``query``: (key, level 1 count, …, level 5 count) per group."""
    low, high = utc_bounds(query.start, query.end, zone)
    key: ColumnElement[Any]
    if query.group.by_time:
        key = _time_key(dialect, query.group, _shift(dialect, offsets(low, high, zone)))
    else:
        key = {  # type: ignore[assignment]
            Group.WINDOW: Rating.window,
            Group.STAFF: Rating.staff,
            Group.ITEM: Rating.item_code,
            Group.CHANNEL: Rating.channel,
        }[query.group]
    counts = [func.sum(case((Rating.level == level, 1), else_=0)) for level in range(1, 6)]
    statement = (
        select(key.label("key"), *counts)
        .where(Rating.created_at >= low, Rating.created_at < high, Rating.voided == false())
        .group_by(key)
    )
    if query.windows is not None:
        statement = statement.where(Rating.window.in_(sorted(query.windows)))
    return statement


def _key(value: Any, group: Group) -> Key:
    if group.by_time and isinstance(value, str):
        return date.fromisoformat(value[:10])
    if isinstance(value, datetime):
        return value.date()
    return value  # type: ignore[no-any-return]


def rating_stats(sessions: sessionmaker[Session], zone: ZoneInfo, query: StatsQuery) -> Stats:
    if query.windows is not None and not query.windows:
        return Stats(query, [])
    with sessions() as session:
        dialect = session.get_bind().dialect.name
        # SQLite's date() with the two more modifiers a week needs costs a tenth more per row than a day's: on
        # SQLite weeks are the days' rows (a few hundred) added up to their Mondays here, still one GROUP BY.
        folded = dialect == "sqlite" and query.group is Group.WEEK
        asked = replace(query, group=Group.DAY) if folded else query
        found = session.execute(stats_statement(asked, zone, dialect)).all()
    rows = [StatsRow(_key(row[0], asked.group), tuple(int(c or 0) for c in row[1:])) for row in found]  # type: ignore[arg-type]
    if folded:
        rows = _weeks_of(rows)
    rows.sort(key=lambda r: (r.key is None, str(r.key) if not isinstance(r.key, int) else f"{r.key:09d}"))
    return Stats(query, rows)


def _weeks_of(days: list[StatsRow]) -> list[StatsRow]:
    """Rows per local day added up per week, each keyed by its Monday."""
    weeks: dict[date, list[int]] = {}
    for row in days:
        assert isinstance(row.key, date)
        sums = weeks.setdefault(row.key - timedelta(days=row.key.weekday()), [0] * 5)
        for index, count in enumerate(row.levels):
            sums[index] += count
    return [StatsRow(monday, (s[0], s[1], s[2], s[3], s[4])) for monday, s in weeks.items()]


def check_range(start: date, end: date) -> str | None:
    """Why a range cannot be asked for (Chinese / English), or None."""
    if end < start:
        return "结束日期早于开始日期 / the end date is before the start date"
    if (end - start).days >= MAX_DAYS:
        return f"日期范围最长 {MAX_DAYS} 天 / the range is at most {MAX_DAYS} days"
    return None


def rate_text(rate: float | None) -> str:
    return "—" if rate is None else f"{rate * 100:.1f}%"


def levels_of(rows: Sequence[StatsRow]) -> list[int]:
    return [sum(r.levels[i] for r in rows) for i in range(5)]
