"""好差评 statistics on both databases: satisfaction rate as GB/T 39734 counts it, voided ratings left out, and
days, weeks and months that are the hall's local ones (also in a zone with summer time)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from hall.rating_stats import Group, StatsQuery, check_range, rating_stats
from hall.server import Hall
from tests.support.ratings import add_rating

SHANGHAI = ZoneInfo("Asia/Shanghai")
NOV = (date(2026, 11, 1), date(2026, 11, 30))


def at(day: int, hour: int = 10, minute: int = 0, month: int = 11) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=SHANGHAI)


def by_key(hall: Hall, group: Group, span: tuple[date, date] = NOV, windows: frozenset[int] | None = None,
           zone: ZoneInfo = SHANGHAI) -> dict[object, tuple[int, ...]]:  # fmt: skip
    stats = rating_stats(hall.sessions, zone, StatsQuery(group, span[0], span[1], windows))
    return {row.key: row.levels for row in stats.rows}


def test_rates_and_counts_per_window_leave_voided_ratings_out(hall: Hall) -> None:
    for level in (5, 4, 3, 1):
        add_rating(hall.sessions, at(10), level, window=1)
    for level in (5, 5):
        add_rating(hall.sessions, at(11), level, window=2, staff="1002", channel="kiosk")
    add_rating(hall.sessions, at(11), 1, window=2, voided=True)
    add_rating(hall.sessions, at(11, month=12), 1, window=2)  # outside the range
    stats = rating_stats(hall.sessions, SHANGHAI, StatsQuery(Group.WINDOW, *NOV))
    rows = {row.key: row for row in stats.rows}
    assert set(rows) == {1, 2}
    assert rows[1].levels == (1, 0, 1, 1, 1) and rows[1].count == 4 and rows[1].bad == 1
    assert rows[1].rate == pytest.approx(0.5)
    assert rows[2].levels == (0, 0, 0, 0, 2) and rows[2].rate == 1.0 and rows[2].bad == 0
    assert stats.total.count == 6 and stats.total.rate == pytest.approx(4 / 6)
    assert by_key(hall, Group.CHANNEL) == {"pad": (1, 0, 1, 1, 1), "kiosk": (0, 0, 0, 0, 2)}
    assert by_key(hall, Group.STAFF) == {"1001": (1, 0, 1, 1, 1), "1002": (0, 0, 0, 0, 2)}
    assert by_key(hall, Group.ITEM) == {"339900-002-GG-00101-002": (1, 0, 1, 1, 3)}
    assert by_key(hall, Group.WINDOW, windows=frozenset({2})) == {2: (0, 0, 0, 0, 2)}
    assert by_key(hall, Group.WINDOW, windows=frozenset()) == {}


def test_days_weeks_and_months_are_the_halls_local_ones(hall: Hall) -> None:
    add_rating(hall.sessions, at(22, 23, 59), 5)  # Sunday 23:59 local: 15:59 UTC
    add_rating(hall.sessions, at(23, 0, 0), 1)  # Monday 00:00 local: still the 22nd in UTC
    add_rating(hall.sessions, at(29, 23, 30), 4)  # Sunday: the week of Monday the 23rd
    add_rating(hall.sessions, at(30, 8), 3)  # Monday: a new week
    add_rating(hall.sessions, at(1, 0, 30, month=12), 2)  # 16:30 UTC on 30 November
    days = by_key(hall, Group.DAY, (date(2026, 11, 22), date(2026, 12, 1)))
    assert days == {
        date(2026, 11, 22): (0, 0, 0, 0, 1),
        date(2026, 11, 23): (1, 0, 0, 0, 0),
        date(2026, 11, 29): (0, 0, 0, 1, 0),
        date(2026, 11, 30): (0, 0, 1, 0, 0),
        date(2026, 12, 1): (0, 1, 0, 0, 0),
    }
    weeks = by_key(hall, Group.WEEK, (date(2026, 11, 16), date(2026, 12, 6)))
    assert weeks == {
        date(2026, 11, 16): (0, 0, 0, 0, 1),
        date(2026, 11, 23): (1, 0, 0, 1, 0),
        date(2026, 11, 30): (0, 1, 1, 0, 0),
    }
    months = by_key(hall, Group.MONTH, (date(2026, 11, 1), date(2026, 12, 31)))
    assert months == {date(2026, 11, 1): (1, 0, 1, 1, 1), date(2026, 12, 1): (0, 1, 0, 0, 0)}
    # the range's edges are local midnights: the 23rd alone holds only the rating at 00:00
    assert by_key(hall, Group.DAY, (date(2026, 11, 23), date(2026, 11, 23))) == {date(2026, 11, 23): (1, 0, 0, 0, 0)}


def test_a_zone_with_summer_time_counts_each_rating_on_its_local_day(hall: Hall) -> None:
    new_york = ZoneInfo("America/New_York")  # summer time ends at 02:00 on Sunday 1 November 2026
    add_rating(hall.sessions, datetime(2026, 11, 1, 4, 30, tzinfo=UTC), 5)  # 00:30 EDT, 1 November
    add_rating(hall.sessions, datetime(2026, 11, 2, 4, 30, tzinfo=UTC), 4)  # 23:30 EST, 1 November
    add_rating(hall.sessions, datetime(2026, 11, 2, 5, 0, tzinfo=UTC), 1)  # 00:00 EST, 2 November
    add_rating(hall.sessions, datetime(2026, 10, 31, 3, 59, tzinfo=UTC), 2)  # 23:59 EDT, 30 October
    days = by_key(hall, Group.DAY, (date(2026, 10, 30), date(2026, 11, 3)), zone=new_york)
    assert days == {
        date(2026, 10, 30): (0, 1, 0, 0, 0),
        date(2026, 11, 1): (0, 0, 0, 1, 1),
        date(2026, 11, 2): (1, 0, 0, 0, 0),
    }


def test_a_range_is_checked() -> None:
    assert check_range(date(2026, 11, 2), date(2026, 11, 1)) is not None
    assert check_range(date(2023, 1, 1), date(2026, 11, 1)) is not None
    assert check_range(date(2026, 1, 1), date(2026, 12, 31)) is None
