"""The filing wizard's screens driven by taps: a whole filing from the home tile to the rating, back steps, a bad
phone number refused as it is typed, a save that fails and keeps everything, and no tile without a filing port."""

from __future__ import annotations

from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot

from common.hallapi.filings import FilingStatus
from devices.privacy import mask_id_number
from kiosk.flows.filing_steps import FilingStep
from kiosk.flows.filing_work import MaterialWay
from kiosk.station.filing_ports import NOT_SAVED, FilingNotSaved
from tests.kiosk.flows.conftest import CARD, FakeDevices, FakeHall
from tests.kiosk.flows.filing_fakes import FakeFiling, progress
from tests.ui.conftest import find_button, settle, tap, visible_texts
from tests.ui.filing_support import PictureCamera, open_ui, type_into, visible_field
from tests.ui.filing_walk import NEW_ADDRESS, at, screen, to_consent, to_review, wizard
from ui.app import KioskUi
from ui.screens.text_input import input_mode
from ui.widgets.tile import Tile


def shown_tiles(kiosk_ui: KioskUi) -> list[str]:
    return [tile.screen_name for tile in kiosk_ui.window.findChildren(Tile) if tile.isVisible()]


def test_a_whole_filing_by_taps(
    qtbot: QtBot, filing_ui: KioskUi, filing: FakeFiling, camera: PictureCamera, fake_hall: FakeHall
) -> None:
    window = filing_ui.window
    to_consent(qtbot, filing_ui)
    tap(qtbot, find_button(window, "返回"))  # the footer's back: to the notice, nothing read
    at(qtbot, filing_ui, FilingStep.NOTICE)
    texts = visible_texts(window)
    assert any("损坏的原社会保障卡（原件 1 份）" in text for text in texts), texts
    tap(qtbot, find_button(window, "打印材料清单"))
    settle(qtbot, filing_ui, lambda: "材料清单已打印，请在出纸口取走" in visible_texts(window))
    assert fake_hall.printed_guides == ["B-9"]
    tap(qtbot, find_button(window, "开始申报"))
    at(qtbot, filing_ui, FilingStep.CONSENT)
    assert any("本机将收集" in text for text in visible_texts(window))
    tap(qtbot, find_button(window, "同意并读卡"))
    flow = at(qtbot, filing_ui, FilingStep.FORM)
    texts = visible_texts(window)
    assert f"申请人姓名：{CARD.name}\n申请人身份证号码：{mask_id_number(CARD.id_number)}" in texts  # locked
    assert CARD.id_number not in "".join(texts)
    assert "已按身份证填好，可以修改" in texts and visible_field(window).text() == CARD.address
    tap(qtbot, find_button(window, "下一项"))
    assert "补领原因" in visible_texts(window) and not [e for e in window.findChildren(QLineEdit) if e.isVisible()]
    tap(qtbot, find_button(window, "上一项"))  # back one field: the address as it was
    assert visible_field(window).text() == CARD.address and flow.field_index == 0
    tap(qtbot, find_button(window, "下一项"))
    tap(qtbot, find_button(window, "丢失"))
    tap(qtbot, find_button(window, "下一项"))
    phone = visible_field(window)
    assert input_mode(phone) == "phone"
    type_into(phone, "12345")  # a hotline, not a citizen's number: told at once
    problem = flow.field_error("phone")
    assert problem is not None and problem.zh in visible_texts(window)
    tap(qtbot, find_button(window, "下一项"))
    assert flow.current_field is not None and flow.current_field.name == "phone"  # refused: still here
    type_into(phone, "13800138000")
    assert flow.field_error("phone") is None
    tap(qtbot, find_button(window, "下一项"))
    copies = visible_field(window)
    assert copies.text() == "" and input_mode(copies) == "phone"
    tap(qtbot, find_button(window, "下一步：材料"))
    at(qtbot, filing_ui, FilingStep.MATERIALS)

    rows = screen(filing_ui).materials.rows
    tap(qtbot, find_button(window, "下一步：领取方式"))  # nothing settled yet: told which
    assert any("以下材料还没有处理" in text for text in visible_texts(window))
    tap(qtbot, rows[0].camera)
    at(qtbot, filing_ui, FilingStep.CAPTURE)
    capture = screen(filing_ui).capture
    settle(qtbot, filing_ui, lambda: capture.frames >= 2)  # the live picture, polled while the page shows
    assert capture.preview.pixmap() is not None and not capture.preview.pixmap().isNull()
    tap(qtbot, find_button(window, "拍摄这一页"))
    settle(qtbot, filing_ui, lambda: "已拍摄 1 页" in visible_texts(window))
    tap(qtbot, find_button(window, "拍摄这一页"))
    settle(qtbot, filing_ui, lambda: "已拍摄 2 页" in visible_texts(window))
    tap(qtbot, find_button(window, "删除"))  # the first page goes; the second stays
    assert "已拍摄 1 页" in visible_texts(window)
    tap(qtbot, find_button(window, "重拍"))
    settle(qtbot, filing_ui, lambda: camera.shots == 3 and not flow.busy)
    tap(qtbot, find_button(window, "完成本项材料"))
    at(qtbot, filing_ui, FilingStep.MATERIALS)
    previews = camera.previews
    settle(qtbot, filing_ui, lambda: not capture.timer.isActive())
    assert camera.previews <= previews + 1  # the polling stopped with the page
    assert "已拍摄 1 页" in visible_texts(window)
    tap(qtbot, rows[1].bring)
    assert "将携带原件到窗口" in visible_texts(window)
    tap(qtbot, find_button(window, "下一步：领取方式"))
    at(qtbot, filing_ui, FilingStep.DELIVERY)

    tap(qtbot, find_button(window, "邮寄到您填写的地址"))
    address = visible_field(window)
    assert address.text() == CARD.address
    type_into(address, "路")  # too short to be an address
    tap(qtbot, find_button(window, "下一步：核对信息"))
    assert "请填写完整的邮寄地址" in visible_texts(window)
    type_into(address, NEW_ADDRESS)
    tap(qtbot, find_button(window, "下一步：核对信息"))
    at(qtbot, filing_ui, FilingStep.REVIEW)
    review = "\n".join(visible_texts(window))
    assert mask_id_number(CARD.id_number) in review and CARD.id_number not in review
    assert "联系电话：13800138000" in review and NEW_ADDRESS in review
    assert "本人居民身份证：已拍摄 1 页" in review and "损坏的原社会保障卡：将携带原件到窗口" in review

    tap(qtbot, find_button(window, "确认提交"))
    at(qtbot, filing_ui, FilingStep.DONE)
    assert filing.events == ["save", "receipt"]
    draft = filing.saved[0]
    assert draft.delivery.method == "post" and draft.delivery.address == NEW_ADDRESS
    assert draft.materials_to_bring == ("损坏的原社会保障卡",)
    assert len(draft.attachments) == 1 and draft.attachments[0].pages[0].startswith(b"\xff\xd8")
    assert draft.form["phone"] == "13800138000"
    assert "K01-20261205-0001" in visible_texts(window)
    assert "申报已保存，受理号 K01-20261205-0001" in visible_texts(window)
    tap(qtbot, find_button(window, "非常满意"))
    at(qtbot, filing_ui, FilingStep.THANKS)
    assert filing.ratings == [("K01-20261205-0001", 5, [])]
    assert "感谢您的评价！" in visible_texts(window)
    tap(qtbot, find_button(window, "返回首页"))
    settle(qtbot, filing_ui, lambda: filing_ui.kiosk.screen == "home")
    assert all(edit.text() == "" for edit in screen(filing_ui).findChildren(QLineEdit))  # nothing typed stays


def test_a_bad_rating_asks_for_reasons(qtbot: QtBot, filing_ui: KioskUi, filing: FakeFiling) -> None:
    to_review(qtbot, filing_ui)
    tap(qtbot, find_button(filing_ui.window, "确认提交"))
    at(qtbot, filing_ui, FilingStep.DONE)
    tap(qtbot, find_button(filing_ui.window, "不满意"))
    at(qtbot, filing_ui, FilingStep.RATE_REASONS)
    tap(qtbot, find_button(filing_ui.window, "提交评价"))
    assert "请至少选择一项原因" in visible_texts(filing_ui.window)
    tap(qtbot, find_button(filing_ui.window, "等候时间长"))
    tap(qtbot, find_button(filing_ui.window, "提交评价"))
    at(qtbot, filing_ui, FilingStep.THANKS)
    assert filing.ratings == [("K01-20261205-0001", 2, ["等候时间长"])]


def test_a_save_that_fails_keeps_everything_on_the_review(qtbot: QtBot, filing_ui: KioskUi, filing: FakeFiling) -> None:
    to_review(qtbot, filing_ui)
    filing.save_error = FilingNotSaved()
    tap(qtbot, find_button(filing_ui.window, "确认提交"))
    settle(qtbot, filing_ui, lambda: not wizard(filing_ui).busy)
    flow = at(qtbot, filing_ui, FilingStep.REVIEW)
    assert NOT_SAVED.zh in visible_texts(filing_ui.window)
    assert filing.events == ["save"] and not filing.receipts  # nothing printed for a filing not saved
    assert NEW_ADDRESS in "\n".join(visible_texts(filing_ui.window))
    work = flow.work
    assert work is not None and work.entry("本人居民身份证") is not None
    assert work.materials[0].way is MaterialWay.CAMERA and work.materials[0].pages
    filing.save_error = None
    tap(qtbot, find_button(filing_ui.window, "确认提交"))
    at(qtbot, filing_ui, FilingStep.DONE)
    assert filing.events == ["save", "save", "receipt"]


def test_a_receipt_that_does_not_print_says_the_number(qtbot: QtBot, filing_ui: KioskUi, filing: FakeFiling) -> None:
    to_review(qtbot, filing_ui)
    filing.printer_ok = False
    tap(qtbot, find_button(filing_ui.window, "确认提交"))
    at(qtbot, filing_ui, FilingStep.DONE)
    texts = visible_texts(filing_ui.window)
    assert "K01-20261205-0001" in texts
    assert any("回执未能打印（缺纸）" in text for text in texts), texts


def test_no_filing_tiles_without_a_filing_port(
    qtbot: QtBot, filing_ui: KioskUi, fake_hall: FakeHall, fake_devices: FakeDevices
) -> None:
    assert shown_tiles(filing_ui) == ["take_number", "check_in", "guide", "filing", "more"]
    made = open_ui(fake_hall, fake_devices, None, None)
    try:
        settle(qtbot, made)
        assert "filing" not in shown_tiles(made) and "progress" not in shown_tiles(made)
    finally:
        made.close()


def test_back_steps_keep_what_was_done(qtbot: QtBot, filing_ui: KioskUi) -> None:
    window = filing_ui.window
    tap(qtbot, find_button(window, "自助申报"))
    at(qtbot, filing_ui, FilingStep.CHOOSE)
    tap(qtbot, find_button(window, "公安局"))
    find_button(window, "户籍证明开具")  # the department's items
    tap(qtbot, find_button(window, "返回"))  # from the list back to the departments
    assert find_button(window, "人社局") and wizard(filing_ui).step is FilingStep.CHOOSE
    tap(qtbot, find_button(window, "返回"))
    settle(qtbot, filing_ui, lambda: filing_ui.kiosk.screen == "home")
    to_review(qtbot, filing_ui)
    tap(qtbot, find_button(window, "返回修改"))
    at(qtbot, filing_ui, FilingStep.DELIVERY)
    assert visible_field(window).text() == NEW_ADDRESS  # the address as typed
    tap(qtbot, find_button(window, "返回材料"))
    flow = at(qtbot, filing_ui, FilingStep.MATERIALS)
    assert "将携带原件到窗口" in visible_texts(window) and "已拍摄 1 页" in visible_texts(window)
    tap(qtbot, find_button(window, "返回表单"))
    at(qtbot, filing_ui, FilingStep.FORM)
    assert flow.current_field is not None and flow.current_field.name == "copies"  # the last field
    tap(qtbot, find_button(window, "上一项"))
    assert visible_field(window).text() == "13800138000"  # the phone as typed
    tap(qtbot, find_button(window, "下一项"))
    tap(qtbot, find_button(window, "下一步：材料"))
    at(qtbot, filing_ui, FilingStep.MATERIALS)
    tap(qtbot, find_button(window, "下一步：领取方式"))
    at(qtbot, filing_ui, FilingStep.DELIVERY)


def test_with_the_hall_away_the_banner_says_stored_filings_will_be_sent(
    qtbot: QtBot, filing_ui: KioskUi, filing: FakeFiling, fake_hall: FakeHall
) -> None:
    window = filing_ui.window
    fake_hall.online = False
    filing.add(progress(FilingStatus.SUBMITTED, synced=False))
    filing.add(progress(FilingStatus.SUBMITTED, number="K01-20261205-0002", synced=False))
    filing_ui.bridge.refresh()
    qtbot.waitUntil(window.hall_banner.frame.isVisible, timeout=10_000)
    assert "本机已保存 2 份申报，恢复连接后将自动发送。" in window.hall_banner.text.text()
    filing_ui.kiosk.set_language("en")
    assert "2 filings are kept on this kiosk and will be sent" in window.hall_banner.text.text()
    fake_hall.online = True
    filing_ui.bridge.refresh()
    qtbot.waitUntil(lambda: not window.hall_banner.frame.isVisible(), timeout=10_000)
