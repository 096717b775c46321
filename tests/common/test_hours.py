"""Opening hours worded for the home screen from the hall's category config."""

from __future__ import annotations

from common.settings.hours import describe_hours
from common.settings.models import CategorySection

SPLIT = ["09:00-12:00", "13:30-17:00"]


def test_equal_consecutive_days_are_joined_and_others_listed() -> None:
    weekdays = dict.fromkeys(("mon", "tue", "wed", "thu", "fri"), SPLIT)
    category = CategorySection(
        prefix="B", name_zh="不动产", name_en="Real estate", hours={**weekdays, "sat": ["09:00-12:00"]}
    )
    assert describe_hours(category) == (
        "周一至周五 09:00-12:00 13:30-17:00，周六 09:00-12:00",
        "Mon-Fri 09:00-12:00 13:30-17:00, Sat 09:00-12:00",
    )


def test_a_gap_day_splits_the_run_and_always_open_is_24_hours() -> None:
    gap = CategorySection(prefix="C", name_zh="C", name_en="C", hours={"mon": SPLIT, "wed": SPLIT})
    assert describe_hours(gap)[0] == "周一 09:00-12:00 13:30-17:00，周三 09:00-12:00 13:30-17:00"
    assert describe_hours(CategorySection(prefix="S", name_zh="S", name_en="S", always_open=True)) == (
        "24小时",
        "24 hours",
    )
    assert describe_hours(CategorySection(prefix="X", name_zh="X", name_en="X")) == ("", "")
