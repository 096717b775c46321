"""The progress screen driven by a scan and by taps: a receipt's QR code, the ID card (consent first), the list of a
person's filings, the status in words, the materials staff asked for, and the result printed once."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from common.hallapi.filings import FilingStatus
from kiosk.flows.progress import NOT_A_RECEIPT, NOT_SYNCED, RESULT_PRINTED, ProgressFlow, ProgressStep
from kiosk.station.filing_ports import ALREADY_COLLECTED
from tests.kiosk.flows.filing_fakes import FakeFiling, progress
from tests.ui.conftest import find_button, settle, tap, visible_texts
from ui.app import KioskUi


def query(kiosk_ui: KioskUi) -> ProgressFlow:
    flow = kiosk_ui.kiosk.flow
    assert isinstance(flow, ProgressFlow)
    return flow


def at(qtbot: QtBot, kiosk_ui: KioskUi, step: ProgressStep) -> ProgressFlow:
    settle(qtbot, kiosk_ui, lambda: query(kiosk_ui).step is step)
    return query(kiosk_ui)


def open_progress(qtbot: QtBot, kiosk_ui: KioskUi) -> ProgressFlow:
    """办件查询 is behind 更多服务 on home (docs/ui.md, "Home shows the most used services first")."""
    tap(qtbot, find_button(kiosk_ui.window, "更多服务"))
    settle(qtbot, kiosk_ui)
    tap(qtbot, find_button(kiosk_ui.window, "办件查询"))
    return at(qtbot, kiosk_ui, ProgressStep.CHOOSE)


def scan(qtbot: QtBot, kiosk_ui: KioskUi, code: str) -> None:
    kiosk_ui.bridge.scanned.emit(code)  # the way a scanner's code reaches the screens
    settle(qtbot, kiosk_ui)


def test_a_receipt_scanned_shows_the_result_and_prints_it_once(
    qtbot: QtBot, filing_ui: KioskUi, filing: FakeFiling
) -> None:
    ready = progress(FilingStatus.COMPLETED, result_ready=True, delivery="kiosk")
    code = filing.add(ready)
    open_progress(qtbot, filing_ui)
    window = filing_ui.window
    scan(qtbot, filing_ui, "https://example.com/not-a-receipt")
    assert NOT_A_RECEIPT.zh in visible_texts(window)
    scan(qtbot, filing_ui, code)
    at(qtbot, filing_ui, ProgressStep.DETAIL)
    texts = visible_texts(window)
    assert "办理状态：已办结" in texts and "受理号 K01-20261205-0001" in texts and "社会保障卡补领" in texts
    assert any("办理结果已出，可以在本机打印" in text for text in texts), texts
    tap(qtbot, find_button(window, "打印办理结果"))
    settle(qtbot, filing_ui, lambda: RESULT_PRINTED.zh in visible_texts(window))
    assert len(filing.results) == 1 and filing.results[0].filing_number == ready.number
    tap(qtbot, find_button(window, "打印办理结果"))  # a second print: refused in words, nothing printed
    settle(qtbot, filing_ui, lambda: ALREADY_COLLECTED.zh in visible_texts(window))
    assert len(filing.results) == 1

    tap(qtbot, find_button(window, "完成"))  # another visit, the same receipt: the hall refuses a second print
    settle(qtbot, filing_ui, lambda: filing_ui.kiosk.screen == "home")
    open_progress(qtbot, filing_ui)
    scan(qtbot, filing_ui, code)
    at(qtbot, filing_ui, ProgressStep.DETAIL)
    tap(qtbot, find_button(window, "打印办理结果"))
    settle(qtbot, filing_ui, lambda: ALREADY_COLLECTED.zh in visible_texts(window))
    assert len(filing.results) == 1


def test_by_id_card_lists_the_filings_with_what_staff_asked_for(
    qtbot: QtBot, filing_ui: KioskUi, filing: FakeFiling
) -> None:
    asked = progress(
        FilingStatus.MATERIALS_REQUESTED, number="K01-20261205-0002", missing_materials=("户口簿",),
        note="户口簿首页和本人页都要拍",
    )  # fmt: skip
    waiting = progress(FilingStatus.SUBMITTED, number="K01-20261205-0003", synced=False)
    filing.add(asked)
    filing.add(waiting)
    open_progress(qtbot, filing_ui)
    window = filing_ui.window
    tap(qtbot, find_button(window, "刷身份证查询"))
    at(qtbot, filing_ui, ProgressStep.CONSENT)
    tap(qtbot, find_button(window, "同意并读卡"))
    flow = at(qtbot, filing_ui, ProgressStep.LIST)
    assert "找到 2 件申报，请选择要查看的一件" in visible_texts(window)
    assert filing_ui.kiosk.session.identity is None  # the number served the one lookup
    tap(qtbot, find_button(window, "社会保障卡补领\nK01-20261205-0002  ·  需要补正材料  ·  2026-12-06 10:00"))
    at(qtbot, filing_ui, ProgressStep.DETAIL)
    texts = visible_texts(window)
    assert "办理状态：需要补正材料" in texts
    assert any("请补充以下材料：户口簿" in text for text in texts), texts
    assert "工作人员说明：户口簿首页和本人页都要拍" in texts
    assert not find_button_or_none(filing_ui, "打印办理结果")
    tap(qtbot, find_button(window, "返回"))
    at(qtbot, filing_ui, ProgressStep.LIST)
    tap(qtbot, find_button(window, "社会保障卡补领\nK01-20261205-0003  ·  已提交，等待受理  ·  2026-12-06 10:00"))
    at(qtbot, filing_ui, ProgressStep.DETAIL)
    assert any(NOT_SYNCED.zh in text for text in visible_texts(window))
    assert flow.progress is not None and flow.progress.number == "K01-20261205-0003"


def test_in_english_the_status_and_the_words_are_english(qtbot: QtBot, filing_ui: KioskUi, filing: FakeFiling) -> None:
    code = filing.add(progress(FilingStatus.ACCEPTED))
    filing_ui.kiosk.set_language("en")
    tap(qtbot, find_button(filing_ui.window, "More services"))
    settle(qtbot, filing_ui)
    tap(qtbot, find_button(filing_ui.window, "Check progress"))
    at(qtbot, filing_ui, ProgressStep.CHOOSE)
    assert "Scan the QR code on your receipt" in visible_texts(filing_ui.window)
    scan(qtbot, filing_ui, code)
    at(qtbot, filing_ui, ProgressStep.DETAIL)
    assert "Status: Accepted, in progress" in visible_texts(filing_ui.window)


def find_button_or_none(kiosk_ui: KioskUi, text: str) -> bool:
    try:
        find_button(kiosk_ui.window, text)
    except AssertionError:
        return False
    return True
