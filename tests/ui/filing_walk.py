"""Walking the filing wizard by taps, for the filing screens' tests."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from kiosk.flows.filing import FilingFlow
from kiosk.flows.filing_steps import FilingStep
from tests.kiosk.flows.conftest import CARD
from tests.ui.conftest import find_button, settle, tap
from tests.ui.filing_support import type_into, visible_field
from ui.app import KioskUi
from ui.screens.filing import FilingScreen

NEW_ADDRESS = "示例市示范区和平路1号3单元501"


def screen(kiosk_ui: KioskUi) -> FilingScreen:
    found = kiosk_ui.window.screens["filing"]
    assert isinstance(found, FilingScreen)
    return found


def wizard(kiosk_ui: KioskUi) -> FilingFlow:
    flow = kiosk_ui.kiosk.flow
    assert isinstance(flow, FilingFlow)
    return flow


def at(qtbot: QtBot, kiosk_ui: KioskUi, step: FilingStep) -> FilingFlow:
    settle(qtbot, kiosk_ui, lambda: wizard(kiosk_ui).step is step)
    return wizard(kiosk_ui)


def to_consent(qtbot: QtBot, kiosk_ui: KioskUi) -> None:
    tap(qtbot, find_button(kiosk_ui.window, "自助申报"))
    at(qtbot, kiosk_ui, FilingStep.CHOOSE)
    tap(qtbot, find_button(kiosk_ui.window, "人社局"))
    tap(qtbot, find_button(kiosk_ui.window, "社会保障卡补领"))
    at(qtbot, kiosk_ui, FilingStep.NOTICE)
    tap(qtbot, find_button(kiosk_ui.window, "开始申报"))
    at(qtbot, kiosk_ui, FilingStep.CONSENT)


def to_materials(qtbot: QtBot, kiosk_ui: KioskUi) -> None:
    to_consent(qtbot, kiosk_ui)
    tap(qtbot, find_button(kiosk_ui.window, "同意并读卡"))
    at(qtbot, kiosk_ui, FilingStep.FORM)
    window = kiosk_ui.window
    tap(qtbot, find_button(window, "下一项"))  # the address, as the card gave it
    tap(qtbot, find_button(window, "丢失"))
    tap(qtbot, find_button(window, "下一项"))
    type_into(visible_field(window), "13800138000")
    tap(qtbot, find_button(window, "下一项"))
    tap(qtbot, find_button(window, "下一步：材料"))  # the number of copies is optional
    at(qtbot, kiosk_ui, FilingStep.MATERIALS)


def to_review(qtbot: QtBot, kiosk_ui: KioskUi) -> None:
    to_materials(qtbot, kiosk_ui)
    rows = screen(kiosk_ui).materials.rows
    tap(qtbot, rows[0].camera)
    at(qtbot, kiosk_ui, FilingStep.CAPTURE)
    tap(qtbot, find_button(kiosk_ui.window, "拍摄这一页"))
    settle(qtbot, kiosk_ui, lambda: not wizard(kiosk_ui).busy)
    tap(qtbot, find_button(kiosk_ui.window, "完成本项材料"))
    at(qtbot, kiosk_ui, FilingStep.MATERIALS)
    tap(qtbot, rows[1].bring)
    tap(qtbot, find_button(kiosk_ui.window, "下一步：领取方式"))
    at(qtbot, kiosk_ui, FilingStep.DELIVERY)
    tap(qtbot, find_button(kiosk_ui.window, "邮寄到您填写的地址"))
    address = visible_field(kiosk_ui.window)
    assert address.text() == CARD.address  # prefilled from the card, editable
    type_into(address, NEW_ADDRESS)
    tap(qtbot, find_button(kiosk_ui.window, "下一步：核对信息"))
    at(qtbot, kiosk_ui, FilingStep.REVIEW)
