"""A filing's time limits in working days (hall/deadlines.py): weekends, holidays and make-up days; the levels."""

from __future__ import annotations

from datetime import date

from hall.deadlines import Calendar, Level, filing_limits, hall_calendar

# 2026-10-01..07 National Day holidays; Saturday 2026-10-10 a make-up workday (the shape of a real year).
CAL = hall_calendar([f"2026-10-0{d}" for d in range(1, 8)], ["2026-10-10"])


def test_working_days_left_and_late() -> None:
    cal = Calendar()
    friday, monday = date(2026, 11, 27), date(2026, 11, 30)
    assert cal.left(friday, monday) == 1  # the weekend does not count
    assert cal.left(monday, monday) == 0
    assert cal.left(date(2026, 12, 1), monday) == -1
    assert cal.left(date(2026, 12, 5), monday) == -4  # Saturday after: four working days late, not five


def test_a_filing_accepted_before_the_holidays() -> None:
    limits = filing_limits(
        status="accepted",
        received=date(2026, 9, 28),
        accepted=date(2026, 9, 29),
        promised_days=3,
        statutory_days=20,
        today=date(2026, 10, 8),
        calendar=CAL,
    )
    assert limits.start == date(2026, 9, 29)
    assert limits.promised.due == date(2026, 10, 9)  # 30 Sep, 8 Oct, 9 Oct: the holidays skipped
    assert limits.promised.left == 1 and limits.promised.level is Level.YELLOW
    assert limits.statutory.level is Level.OK and limits.level is Level.YELLOW


def test_past_due_is_red_until_the_filing_is_concluded() -> None:
    late = {"received": date(2026, 11, 2), "accepted": None, "today": date(2026, 11, 10)}
    open_one = filing_limits(status="submitted", calendar=CAL, promised_days=1, statutory_days=5, **late)
    assert open_one.promised.level is Level.RED and open_one.promised.left < 0
    assert open_one.statutory.level is Level.RED and open_one.level is Level.RED
    done = filing_limits(status="completed", calendar=CAL, promised_days=1, statutory_days=5, **late)
    assert done.level is Level.DONE


def test_an_immediate_item_is_due_the_day_it_starts() -> None:
    limits = filing_limits(
        status="submitted",
        received=date(2026, 10, 10),  # the make-up Saturday: a working day
        accepted=None,
        promised_days=0,
        statutory_days=0,
        today=date(2026, 10, 10),
        calendar=CAL,
    )
    assert limits.promised.due == date(2026, 10, 10) and limits.promised.level is Level.YELLOW
