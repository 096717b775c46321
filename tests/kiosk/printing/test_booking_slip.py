"""The appointment slip: what it tells the citizen in either language, laid out on both papers, printed as real
ESC/POS bytes by the virtual printer, and its QR code readable from the printed picture."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, time
from pathlib import Path

import pytest

from devices.printer import PaperSpec
from drivers.camera.decoders import decode_image_file
from kiosk.printing.booking_slip import BookingSlip, booking_slip, check_in_window, day_words, full_day_words
from tests.kiosk.printing.test_filing_prints import SHOTS, render
from tests.kiosk.printing.test_templates import assert_prints, assert_well_formed, qr_payloads, text

PAPER_80 = PaperSpec(576, 80)
PAPER_58 = PaperSpec(384, 58)
papers = pytest.mark.parametrize("paper", [PAPER_80, PAPER_58], ids=["80mm", "58mm"])
QR = "YY-20261207-0900-K7QF-3M"
SLIP = BookingSlip(
    hall_name="示例市政务服务中心",
    code="K7QF3M",
    item_name="居民身份证换领",
    day=date(2026, 12, 7),
    start=time(9, 0),
    end=time(9, 30),
    qr_text=QR,
    id_masked="990101********1237",
    phone_masked="138****5678",
    hotline="12345",
    place="一楼A区",
    check_in_before=30,
    check_in_after=15,
)


@pytest.fixture
def shots(tmp_path: Path) -> Path:
    return Path(SHOTS) if SHOTS else tmp_path


@papers
def test_the_slip_says_what_when_where_and_how_to_cancel(paper: PaperSpec) -> None:
    document = booking_slip(SLIP, paper)

    assert_well_formed(document, "booking", paper)
    assert qr_payloads(document) == [QR]
    assert_prints(document, "预约凭证", "K7QF3M", "办理事项：居民身份证换领", "2026年12月7日 星期一", "09:00-09:30")
    assert_prints(document, "签到地点：一楼A区", "08:30-09:45（提前 30 分钟至结束后 15 分钟）")
    assert_prints(document, "990101********1237", "138****5678", "扫描本凭证或刷身份证", "服务热线 12345")


def test_an_english_slip_is_english_with_its_chinese_title() -> None:
    document = booking_slip(replace(SLIP, language="en", hall_name="Example City Service Centre"), PAPER_80)

    assert_well_formed(document, "booking", PAPER_80)
    assert_prints(document, "Appointment Slip", "预约凭证", "Monday 7 Dec 2026", "Check in at: 一楼A区")
    assert_prints(document, "08:30-09:45 (30 min before to 15 min after)", "call the hotline 12345")
    assert "办理事项" not in text(document)


def test_without_the_halls_window_and_place_the_slip_states_the_rule() -> None:
    document = booking_slip(replace(SLIP, place="", check_in_before=None, check_in_after=None), PAPER_58)

    assert_prints(document, "签到地点：大厅自助终端（预约签到）", "请按预约时段准时签到")


def test_days_carry_their_weekday() -> None:
    assert day_words(date(2026, 12, 7)).zh == "12月7日 周一"
    assert day_words(date(2026, 12, 13)).en == "Sun 13 Dec"
    assert full_day_words(date(2026, 12, 8)).zh == "2026年12月8日 星期二"
    assert check_in_window(time(23, 50), time(23, 59), 30, 15).zh.startswith("23:20-00:14")


@papers
def test_the_printed_slip_carries_a_readable_code(paper: PaperSpec, shots: Path) -> None:
    for language in ("zh_CN", "en"):
        path = render(booking_slip(replace(SLIP, language=language), paper), paper, f"booking-{language}", shots)
        assert [code.text for code in decode_image_file(path)] == [QR]
