"""好差评 statistics of the hall API (``GET /api/v1/stats/ratings``): per group, the counts of each level, the bad
count and the satisfaction rate (levels 4-5 among the ratings counted, GB/T 39734); voided ratings left out."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, Field

StatsGroup = Literal["window", "staff", "item", "channel", "day", "week", "month"]


class RatingStatsRow(BaseModel):
    key: str | None = Field(
        description="The group: a window number, staff number, item code or channel; the first local date of a day, "
        "week (Monday) or month; null for ratings without one (a rating given with no window, staff or item)"
    )
    count: int = Field(description="Ratings counted (voided ones are not)")
    levels: list[int] = Field(description="How many of each level, 1 (非常不满意) to 5 (非常满意), in that order")
    satisfied: int = Field(description="Levels 4 and 5")
    bad: int = Field(description="Levels 1 and 2 (差评)")
    rate: float | None = Field(description="Satisfaction rate, satisfied / count, 0 to 1; null when count is 0")


class RatingStatsOut(BaseModel):
    group: StatsGroup
    from_date: date = Field(serialization_alias="from", description="First local date counted")
    to_date: date = Field(serialization_alias="to", description="Last local date counted (included)")
    timezone: str = Field(description="The hall's zone the dates are in")
    windows: list[int] | None = Field(description="The windows counted for a staff token; null: all (supervisor)")
    total: RatingStatsRow
    rows: list[RatingStatsRow]
