"""Every refusal is worded once: what happened, when it works again, what to do now (common/refusals.py)."""

from __future__ import annotations

from common.refusals import (
    Refusal,
    appointment_cancelled,
    appointment_not_found,
    appointment_not_today,
    appointment_too_early,
    appointment_too_late,
    appointment_used,
    card_timeout,
    card_unusable,
    category_closed,
    daily_cap_reached,
    device_fault,
    hall_offline,
)
from devices.words import Words


def test_a_closed_category_says_its_hours_and_another_way() -> None:
    words = category_closed("社保医保", "Social insurance", "周一至周五 09:00-17:00", "Mon-Fri 09:00-17:00").words()
    assert words.zh == "社保医保当前不在办理时间。办理时间 周一至周五 09:00-17:00。请选择其他业务，或到服务台咨询。"
    assert words.en == (
        "Social insurance is closed now. Hours: Mon-Fri 09:00-17:00. "
        "Please choose another service, or ask at the help desk."
    )


def test_a_category_that_never_opens_has_no_hours_line() -> None:
    assert category_closed("绿色通道", "Green channel", "", "").when is None


def test_every_refusal_names_a_next_step_in_both_languages() -> None:
    refusals: list[Refusal] = [
        category_closed("社保医保", "Social insurance", "24小时", "24 hours"),
        daily_cap_reached("社保医保", "Social insurance"),
        hall_offline(),
        device_fault(Words("打印机", "Printer"), Words("缺纸", "out of paper")),
        card_timeout(35),
        card_unusable(Words("身份证已过期", "this ID card has expired")),
        appointment_not_found(),
        appointment_too_early("09:30"),
        appointment_too_late("10:45"),
        appointment_not_today("2026-12-07"),
        appointment_cancelled(),
        appointment_used("Y003"),
    ]
    codes = [refusal.code for refusal in refusals]
    assert len(set(codes)) == len(codes)
    for refusal in refusals:
        assert refusal.now.zh.startswith("请") and refusal.now.en.startswith("Please")
        told = refusal.with_hotline("0571-12345")
        assert told.zh.endswith("请拨打服务热线 0571-12345。") and told.en.endswith("call the hotline 0571-12345.")
        assert "。。" not in told.zh and ".." not in told.en


def test_a_device_fault_says_which_device_and_why() -> None:
    words = device_fault(Words("打印机", "Printer"), Words("缺纸", "out of paper")).words()
    assert words.zh.startswith("打印机暂不可用（缺纸）。请到人工窗口办理")
    assert words.en.startswith("The printer is not available (out of paper). Please go to a staffed window")


def test_a_card_timeout_names_the_way_on_without_the_card_when_there_is_one() -> None:
    alone = card_timeout(30).words()
    assert "重新读卡" in alone.zh and alone.zh.endswith("或到服务台咨询。")
    by_qr = card_timeout(30, Words("扫描预约二维码签到", "scan your appointment QR code instead")).words()
    assert "或扫描预约二维码签到" in by_qr.zh and "or scan your appointment QR code instead" in by_qr.en


def test_a_device_without_a_known_fault_says_only_that_it_is_out() -> None:
    assert device_fault(Words("身份证阅读器", "ID card reader")).what == Words(
        "身份证阅读器暂不可用", "The ID card reader is not available"
    )
