"""The hall says, with each category it lists, whether it gives numbers around the clock and, while closed, when
it next opens: the kiosk's home screen says "人工窗口 周一 09:00 开始办理" from it."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from fastapi.testclient import TestClient

from common.settings.models import CategorySection
from hall.calendar import next_opening
from hall.server import Hall
from hall.tokens import Role, create_token
from tests.support.clocks import FrozenClock

SHANGHAI = ZoneInfo("Asia/Shanghai")
SATURDAY_EARLY = datetime(2026, 11, 21, 7, 47, tzinfo=SHANGHAI)
SATURDAY_9 = datetime(2026, 11, 21, 9, 0, tzinfo=SHANGHAI)
MONDAY_9 = datetime(2026, 11, 23, 9, 0, tzinfo=SHANGHAI)


def test_the_next_opening_is_the_next_span_that_starts_later() -> None:
    section = CategorySection(
        prefix="A", name_zh="社保医保", name_en="Social insurance",
        hours={"mon": ["09:00-12:00", "13:30-17:00"], "sat": ["09:00-12:00"]},
    )  # fmt: skip
    assert next_opening(section, SATURDAY_EARLY, SHANGHAI) == SATURDAY_9
    lunch = datetime(2026, 11, 23, 12, 30, tzinfo=SHANGHAI)
    assert next_opening(section, lunch, SHANGHAI) == datetime(2026, 11, 23, 13, 30, tzinfo=SHANGHAI)
    assert next_opening(section, datetime(2026, 11, 21, 10, 0, tzinfo=SHANGHAI), SHANGHAI) is None  # open now
    assert next_opening(section, datetime(2026, 11, 21, 12, 0, tzinfo=SHANGHAI), SHANGHAI) == MONDAY_9
    assert next_opening(section, datetime(2026, 11, 23, 17, 0, tzinfo=SHANGHAI), SHANGHAI) == SATURDAY_9.replace(
        day=28
    )  # a week's only other day
    never = CategorySection(prefix="N", name_zh="无", name_en="None")
    assert next_opening(never, SATURDAY_EARLY, SHANGHAI) is None


def test_the_queue_says_when_each_closed_category_opens(hall: Hall, clock: FrozenClock) -> None:
    clock.moment = SATURDAY_EARLY
    kiosk = {"Authorization": f"Bearer {create_token(hall.sessions, 'kiosk', Role.KIOSK)}"}
    with TestClient(hall.app) as client:
        categories = {c["prefix"]: c for c in client.get("/api/v1/queue", headers=kiosk).json()["categories"]}
    assert categories["S"]["open"] and categories["S"]["always_open"] and categories["S"]["opens_at"] is None
    assert not categories["A"]["open"] and not categories["A"]["always_open"]
    assert datetime.fromisoformat(categories["A"]["opens_at"]) == MONDAY_9
    assert datetime.fromisoformat(categories["B"]["opens_at"]) == SATURDAY_9  # 不动产登记 opens on Saturdays
