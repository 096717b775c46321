"""Booking's pure parts: the slots from hours and calendar, the days on offer, the config's checks, the slip's QR
under key rotation, and the masks."""

from __future__ import annotations

from datetime import date, datetime, time
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from common.errors import ConfigError
from common.settings import load_hall_config
from common.settings.models import HallConfig
from hall.booking_codes import BookingCodes, mask_phone
from hall.booking_schedule import Schedule, check_booking
from hall.keyring import KeyRing
from tests.support.hall import SHANGHAI
from tests.support.paths import SHIPPED_CONFIG

PENSION = "339900-002-JF-00301-001"


@pytest.fixture(scope="module")
def config() -> HallConfig:
    return load_hall_config(SHIPPED_CONFIG / "hall.toml")


def with_booking(config: HallConfig, **booking: Any) -> HallConfig:
    data = config.model_dump()
    data["booking"] = {**data["booking"], **booking}
    return HallConfig.model_validate(data, strict=False)


def test_after_the_last_slot_today_the_window_is_the_next_working_days(config: HallConfig) -> None:
    schedule = Schedule(config)
    item = schedule.item(PENSION)
    assert item is not None
    friday_evening = datetime(2026, 11, 27, 18, 0, tzinfo=SHANGHAI)
    days = schedule.days_on_offer(item, friday_evening)
    assert days[0] == date(2026, 11, 30) and len(days) == 10  # today has no slot left to offer: not counted
    assert schedule.on_offer(item, friday_evening, date(2026, 11, 27), date(2026, 11, 27)) == []
    assert schedule.slot(item, date(2026, 11, 30), time(9, 0), friday_evening) is not None
    assert schedule.slot(item, date(2026, 11, 30), time(9, 15), friday_evening) is None


def test_a_misconfigured_item_stops_the_hall_with_one_line_per_problem(config: HallConfig) -> None:
    items = [item.model_dump() for item in config.booking.items]
    items[0] = {**items[0], "category": "S", "windows": [{"number": 3, "places": 1}]}  # S: always open
    items[1] = {**items[1], "windows": [{"number": 42, "places": 1}]}
    broken = with_booking(config, items=items)
    with pytest.raises(ConfigError) as stopped:
        check_booking(broken, [item["code"] for item in items])
    assert len(stopped.value.lines()) == 3
    assert "category S has no opening hours" in stopped.value.lines()[0]
    assert check_booking(config, [PENSION]) == [i.code for i in config.booking.items if i.code != PENSION]


def test_the_section_refuses_contradictions(config: HallConfig) -> None:
    with pytest.raises(ValidationError, match="max_open_per_item must not exceed"):
        with_booking(config, max_open_per_item=4, max_open_per_id=3)
    twice = [config.booking.items[0].model_dump()] * 2
    with pytest.raises(ValidationError, match="listed twice"):
        with_booking(config, items=twice)


def test_a_qr_text_verifies_after_a_rotation_and_nothing_else_does(tmp_path: Path) -> None:
    ring = KeyRing(tmp_path / "keys")
    codes = BookingCodes(ring)
    before = codes.qr_text("X6QNGFCQ")
    ring.rotate()
    after = codes.qr_text("X6QNGFCQ")
    assert before != after and before.split("-")[1] == "1" and after.split("-")[1] == "2"
    assert codes.code_of(before) == codes.code_of(after) == "X6QNGFCQ"
    other = BookingCodes(KeyRing(tmp_path / "other-hall"))
    assert other.code_of(after) is None  # another hall's key
    assert codes.code_of(after.replace("X6QNGFCQ", "X6QNGFCR")) is None
    assert codes.code_of("X6QNGFCQ") is None and codes.code_of("X6QNGFCQ-9-AAAAAAAAAAAAAAAA") is None


def test_phones_are_masked_keeping_what_tells_them_apart() -> None:
    assert mask_phone("13800138000") == "138****8000"
    assert mask_phone("0571-88881234") == "0571-****1234"


def test_a_category_open_on_saturdays_has_saturday_slots_but_not_on_a_holiday(config: HallConfig) -> None:
    schedule = Schedule(config)
    home, pension = schedule.item("339900-005-QR-00201-001"), schedule.item(PENSION)
    assert home is not None and pension is not None
    saturday, holiday_saturday = date(2026, 11, 28), date(2026, 10, 3)
    assert [s.start for s in schedule.slots_on(home, saturday)] == [time(9, 0), time(10, 0), time(11, 0)]
    assert schedule.slots_on(pension, saturday) == [] and schedule.slots_on(home, holiday_saturday) == []
    monday_noon = datetime(2026, 11, 23, 12, 0, tzinfo=SHANGHAI)
    assert date(2026, 11, 28) in schedule.days_on_offer(home, monday_noon)
