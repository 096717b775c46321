"""The filing wizard's inputs on screen: each text field's keyboard, a date and a yes / no field, the phone's QR
code, and a document camera that fails."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot

from common.hallapi.forms import FormField
from devices.words import Words
from kiosk.flows.filing_steps import FilingStep
from kiosk.station.filing_ports import CameraFailed, CapturedPage, FilingItem, PreviewFrame
from tests.kiosk.flows.conftest import FakeDevices, FakeHall
from tests.kiosk.flows.filing_fakes import BIRTH_PROOF, FakeFiling
from tests.ui.conftest import find_button, settle, tap, visible_texts
from tests.ui.filing_support import PictureCamera, open_ui, type_into, visible_field
from tests.ui.filing_walk import at, screen, to_materials, wizard
from ui.app import KioskUi
from ui.screens.text_input import field_mode, input_mode


def test_phone_upload_shows_the_qr_code_or_says_it_is_not_offered(
    qtbot: QtBot, filing_ui: KioskUi, filing: FakeFiling
) -> None:
    to_materials(qtbot, filing_ui)
    rows = screen(filing_ui).materials.rows
    tap(qtbot, rows[0].phone)
    settle(qtbot, filing_ui, lambda: not wizard(filing_ui).busy)
    assert any("暂不支持从手机上传" in text for text in visible_texts(filing_ui.window))
    assert not screen(filing_ui).materials.phone_card.isVisible()
    filing.phone_url = "https://hall.example.gov.cn/u/one-time-token"
    tap(qtbot, rows[0].phone)
    settle(qtbot, filing_ui, screen(filing_ui).materials.phone_card.isVisible)
    assert screen(filing_ui).materials.qr.data == filing.phone_url
    assert "等待手机上传…" in visible_texts(filing_ui.window)
    material = wizard(filing_ui).work.materials[0]  # type: ignore[union-attr]
    assert filing.phone_material == material.name
    filing.phone_waiting = [CapturedPage(jpeg=b"\xff\xd8\xffphone", thumbnail=b"\xff\xd8\xffthumb", found=True)]
    settle(qtbot, filing_ui, lambda: len(material.pages) == 1)  # the screen polled the port and the flow took it
    settle(qtbot, filing_ui, lambda: "已从手机收到 1 页" in visible_texts(filing_ui.window))
    assert not screen(filing_ui).materials.phone_card.isVisible()
    filing_ui.kiosk.home()
    assert filing.phone_closed == 1  # walking away ends the one-time link


class FailingPreview(PictureCamera):
    def __init__(self) -> None:
        super().__init__()
        self.failures = 0

    def preview(self) -> PreviewFrame | None:
        if self.failures < 2:
            self.failures += 1
            raise OSError("usb reset")
        return super().preview()


def test_the_camera_failing_is_said_and_the_preview_comes_back(qtbot: QtBot, fake_hall: FakeHall) -> None:
    camera = FailingPreview()
    made = open_ui(fake_hall, FakeDevices(), FakeFiling(), camera)
    try:
        to_materials(qtbot, made)
        tap(qtbot, screen(made).materials.rows[0].camera)
        at(qtbot, made, FilingStep.CAPTURE)
        capture = screen(made).capture
        settle(qtbot, made, lambda: capture.frames >= 1)  # two failed previews, then pictures again
        assert camera.failures == 2
        camera.failure = CameraFailed(Words("高拍仪没有响应", "The document camera does not answer"))
        tap(qtbot, find_button(made.window, "拍摄这一页"))
        settle(qtbot, made, lambda: "高拍仪没有响应" in visible_texts(made.window))
        assert not wizard(made).capture_entry().pages  # type: ignore[union-attr]
    finally:
        made.close()


def test_every_text_field_says_which_keyboard_it_needs(qtbot: QtBot, filing_ui: KioskUi) -> None:
    fields = screen(filing_ui).findChildren(QLineEdit)
    assert len(fields) == 3  # the search, the form's field, the postal address
    modes = {edit: input_mode(edit) for edit in fields}
    assert modes[screen(filing_ui).choose.search] == "chinese"
    assert modes[screen(filing_ui).delivery.address] == "chinese"


MOVE = FilingItem(
    replace(BIRTH_PROOF.guide, code="A-7", name="户口迁移登记", materials=()),
    (
        FormField(name="move_date", label="迁入日期", type="date"),
        FormField(name="with_family", label="是否随迁家属", type="bool"),
    ),
)


def test_a_date_is_typed_on_the_letters_board_and_yes_no_are_two_buttons(
    qtbot: QtBot, filing_ui: KioskUi, filing: FakeFiling
) -> None:
    filing.items_value = [MOVE]
    window = filing_ui.window
    tap(qtbot, find_button(window, "自助申报"))
    flow = at(qtbot, filing_ui, FilingStep.CHOOSE)
    tap(qtbot, find_button(window, "公安局"))
    tap(qtbot, find_button(window, "户口迁移登记"))
    tap(qtbot, find_button(window, "开始申报"))
    tap(qtbot, find_button(window, "同意并读卡"))
    at(qtbot, filing_ui, FilingStep.FORM)
    assert not screen(filing_ui).form.locked_card.isVisible()  # nothing of this form comes from the card
    date = visible_field(window)
    assert input_mode(date) == "letters" and "格式：年-月-日，例如 1990-03-07" in visible_texts(window)
    type_into(date, "2026/12/05")
    problem = flow.field_error("move_date")
    assert problem is not None and problem.zh in visible_texts(window)
    type_into(date, "2026-12-05")
    assert flow.field_error("move_date") is None
    tap(qtbot, find_button(window, "下一项"))
    yes = find_button(window, "是")
    tap(qtbot, yes)
    assert yes.isChecked() and not find_button(window, "否").isChecked()
    tap(qtbot, find_button(window, "下一步：材料"))
    at(qtbot, filing_ui, FilingStep.MATERIALS)
    work = flow.work
    assert work is not None and work.values == {"move_date": "2026-12-05", "with_family": True}


def test_the_on_screen_keyboard_types_the_search_and_the_phone(qtbot: QtBot, filing_ui: KioskUi) -> None:
    window = filing_ui.window
    keyboard = screen(filing_ui).keyboard
    tap(qtbot, find_button(window, "自助申报"))
    flow = at(qtbot, filing_ui, FilingStep.CHOOSE)
    assert not keyboard.isVisible()  # no text field on the departments
    tap(qtbot, find_button(window, "搜索"))
    assert keyboard.isVisible() and keyboard.field is screen(filing_ui).choose.search
    for letter in "shbz":
        tap(qtbot, keyboard.letters.letters[letter])
    tap(qtbot, keyboard.letters.done)  # done while composing: the letters as typed, pinyin initials
    assert screen(filing_ui).choose.search.text().lower() == "shbz"
    assert [item.code for item in flow.listed] == ["B-9"]
    tap(qtbot, keyboard.letters.done)  # done again: the keyboard steps aside
    assert not keyboard.isVisible()
    tap(qtbot, screen(filing_ui).choose.search)  # a tap on the field brings the keyboard back
    assert keyboard.isVisible()
    tap(qtbot, find_button(window, "社会保障卡补领"))
    at(qtbot, filing_ui, FilingStep.NOTICE)
    assert not keyboard.isVisible()
    tap(qtbot, find_button(window, "开始申报"))
    tap(qtbot, find_button(window, "同意并读卡"))
    at(qtbot, filing_ui, FilingStep.FORM)
    assert keyboard.isVisible() and keyboard.field is screen(filing_ui).form.edit  # the address, pinyin
    tap(qtbot, find_button(window, "下一项"))
    assert not keyboard.isVisible()  # a choice: no keyboard
    tap(qtbot, find_button(window, "丢失"))
    tap(qtbot, find_button(window, "下一项"))
    assert keyboard.isVisible() and keyboard.pad.isVisible()  # the phone: the number pad
    for digit in "13800138000":
        tap(qtbot, keyboard.pad.digits[digit])
    assert flow.work is not None and flow.work.values["phone"] == "13800138000"
    assert flow.field_error("phone") is None
    tap(qtbot, find_button(window, "上一项"))
    assert not keyboard.isVisible()  # back on the choice
    tap(qtbot, find_button(window, "首页"))
    settle(qtbot, filing_ui, lambda: filing_ui.kiosk.screen == "home")
    assert keyboard.field is None and not keyboard.isVisible()


def test_a_code_with_a_latin_pattern_is_typed_on_the_letters_board() -> None:
    code = FormField(name="certificate", label="出生医学证明编号", type="text", pattern="[A-Z][0-9]{9}")
    name = FormField(name="baby_name", label="婴儿姓名", type="text", pattern="[一-龥·]{2,20}")
    assert field_mode(code) == "letters"
    assert field_mode(name) == "chinese"
    assert field_mode(FormField(name="note", label="备注", type="text")) == "chinese"
    assert field_mode(FormField(name="id", label="身份证号码", type="id_number")) == "id_number"
