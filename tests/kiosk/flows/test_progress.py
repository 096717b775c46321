"""Progress at the kiosk: by the receipt's QR code or the ID card, the status in plain words, the materials asked
for, and the result printed once; a second print is refused with words."""

from __future__ import annotations

import uuid

from common.hallapi.filings import FilingStatus
from devices.identity import CardResult, Rejection
from devices.state import DeviceState
from devices.words import Words
from kiosk.flows.machine import Kiosk
from kiosk.flows.navigation import HOME
from kiosk.flows.offers import MISSING, Need
from kiosk.flows.progress import (
    NONE_FOUND,
    NOT_A_RECEIPT,
    NOT_OFFERED,
    NOT_SYNCED,
    PROGRESS_SCREEN,
    RESULT_PRINTED,
    RESULT_READY,
    ProgressFlow,
    ProgressStep,
    receipt_token,
)
from kiosk.station.filing_ports import ALREADY_COLLECTED
from tests.kiosk.flows.conftest import CARD, FakeDevices, FakeHall, refresh_offers, run
from tests.kiosk.flows.filing_fakes import FakeFiling, progress, receipt_code
from tests.support.clocks import SteppedClock


def open_progress(kiosk: Kiosk) -> ProgressFlow:
    run(kiosk, kiosk.go(PROGRESS_SCREEN))
    assert isinstance(kiosk.flow, ProgressFlow)
    return kiosk.flow


def by_card(kiosk: Kiosk) -> ProgressFlow:
    flow = open_progress(kiosk)
    flow.use_id_card()
    assert flow.step is ProgressStep.CONSENT
    run(kiosk, kiosk.track(flow.agree()))
    return flow


def test_only_a_receipts_code_is_taken() -> None:
    code = receipt_code(uuid.uuid4())
    assert receipt_token(code) is not None and receipt_token(code + "?x=1") is not None
    for other in ("https://hall.example.gov.cn/q/3f1c2a4e-0000-4000-8000-000000000000", "/f/forged", "A017", ""):
        assert receipt_token(other) is None


def test_the_receipts_code_shows_the_status_in_plain_words(filing_kiosk: Kiosk, filing: FakeFiling) -> None:
    code = filing.add(progress(FilingStatus.ACCEPTED))
    flow = open_progress(filing_kiosk)
    assert flow.on_scan("A017") is None and flow.message == NOT_A_RECEIPT
    run(filing_kiosk, filing_kiosk.scanned(code))
    shown = flow.progress
    assert flow.step is ProgressStep.DETAIL and shown is not None
    assert shown.status_words == Words("已受理，正在办理", "Accepted, in progress")
    assert flow.notes(shown) == [] and not flow.can_print_result and flow.print_result() is None


def test_an_unknown_receipt_and_an_unreachable_hall_are_told(filing_kiosk: Kiosk, filing: FakeFiling) -> None:
    flow = open_progress(filing_kiosk)
    run(filing_kiosk, filing_kiosk.scanned(receipt_code(uuid.uuid4())))
    assert flow.step is ProgressStep.CHOOSE and flow.message == Words(
        "未找到这张回执的申报", "no filing for this receipt"
    )
    filing.online = False
    code = filing.add(progress(FilingStatus.SUBMITTED))
    run(filing_kiosk, filing_kiosk.scanned(code))
    assert flow.step is ProgressStep.CHOOSE and flow.message is not None and "无法连接" in flow.message.zh


def test_materials_asked_for_are_listed(filing_kiosk: Kiosk, filing: FakeFiling) -> None:
    asked = progress(
        FilingStatus.MATERIALS_REQUESTED, missing_materials=("户口簿复印件", "近期照片"), note="照片不清楚"
    )
    flow = open_progress(filing_kiosk)
    run(filing_kiosk, filing_kiosk.scanned(filing.add(asked)))
    shown = flow.progress
    assert shown is not None and shown.status_words.zh == "需要补正材料" and shown.note == "照片不清楚"
    [missing] = flow.notes(shown)
    assert "户口簿复印件、近期照片" in missing.zh and "户口簿复印件, 近期照片" in missing.en


def test_a_filing_still_on_this_kiosk_says_it_will_be_sent(filing_kiosk: Kiosk, filing: FakeFiling) -> None:
    flow = open_progress(filing_kiosk)
    run(filing_kiosk, filing_kiosk.scanned(filing.add(progress(FilingStatus.SUBMITTED, synced=False))))
    assert flow.progress is not None and flow.notes(flow.progress) == [NOT_SYNCED]


def test_the_result_prints_once_then_a_window_is_needed(filing_kiosk: Kiosk, filing: FakeFiling) -> None:
    ready = progress(FilingStatus.COMPLETED, result_ready=True, delivery="kiosk", note="新卡已制作完成")
    code = filing.add(ready)
    flow = open_progress(filing_kiosk)
    run(filing_kiosk, filing_kiosk.scanned(code))
    assert flow.progress is not None and RESULT_READY in flow.notes(flow.progress) and flow.can_print_result
    job = filing_kiosk.track(flow.print_result())
    assert job is not None and flow.print_result() is None, "a double tap prints once"
    run(filing_kiosk, job)
    assert flow.step is ProgressStep.DETAIL and flow.message == RESULT_PRINTED
    [slip] = filing.results
    assert slip.printed_once and slip.qr_payload == code and slip.note == "新卡已制作完成"
    assert slip.filing_number == ready.number and slip.completed_at == ready.updated_at
    assert flow.print_result() is None and flow.message == ALREADY_COLLECTED
    assert "窗口" in ALREADY_COLLECTED.zh and filing.events == ["result"], "the second print never reaches the port"
    assert flow.progress is not None and ALREADY_COLLECTED in flow.notes(flow.progress)


def test_a_result_printed_at_another_visit_is_refused_by_the_port(filing_kiosk: Kiosk, filing: FakeFiling) -> None:
    ready = progress(FilingStatus.COMPLETED, result_ready=True)
    code = filing.add(ready)
    flow = open_progress(filing_kiosk)
    run(filing_kiosk, filing_kiosk.scanned(code))
    filing.filings[ready.id] = progress(FilingStatus.COMPLETED, result_ready=True, collected=True)  # elsewhere
    run(filing_kiosk, filing_kiosk.track(flow.print_result()))
    assert flow.message == ALREADY_COLLECTED and filing.results == []
    assert flow.progress is not None and flow.progress.collected


def test_a_printer_fault_leaves_the_result_to_print_again(filing_kiosk: Kiosk, filing: FakeFiling) -> None:
    ready = progress(FilingStatus.COMPLETED, result_ready=True)
    flow = open_progress(filing_kiosk)
    run(filing_kiosk, filing_kiosk.scanned(filing.add(ready)))
    filing.printer_ok = False
    run(filing_kiosk, filing_kiosk.track(flow.print_result()))
    assert flow.message == Words("缺纸", "out of paper") and flow.progress is not None
    assert not flow.progress.collected
    filing.printer_ok = True
    run(filing_kiosk, filing_kiosk.track(flow.print_result()))
    assert flow.message == RESULT_PRINTED and len(filing.results) == 1


def test_by_id_card_after_consent_several_filings_are_listed(filing_kiosk: Kiosk, filing: FakeFiling) -> None:
    first, second = progress(FilingStatus.SUBMITTED), progress(FilingStatus.REJECTED, note="材料不全")
    filing.add(first)
    filing.add(second)
    flow = by_card(filing_kiosk)
    assert flow.step is ProgressStep.LIST and [p.id for p in flow.found] == [first.id, second.id]
    assert filing_kiosk.session.identity is None and not filing_kiosk.session.consent, "the ID served one lookup"
    flow.open(second.id)
    assert flow.step is ProgressStep.DETAIL and flow.progress == second
    assert second.status_words == Words("不予受理", "Not accepted")
    filing_kiosk.back()
    assert flow.step is ProgressStep.LIST
    filing_kiosk.back()
    assert flow.step is ProgressStep.CHOOSE and filing_kiosk.session.progress == []
    assert filing_kiosk.back() is not None and filing_kiosk.screen == HOME


def test_by_id_card_one_filing_opens_it_and_none_says_so(filing_kiosk: Kiosk, filing: FakeFiling) -> None:
    flow = by_card(filing_kiosk)
    assert flow.step is ProgressStep.CHOOSE and flow.message == NONE_FOUND
    only = progress(FilingStatus.ACCEPTED)
    filing.add(only)
    flow.use_id_card()
    run(filing_kiosk, filing_kiosk.track(flow.agree()))
    assert flow.step is ProgressStep.DETAIL and flow.progress == only
    assert CARD.id_number in filing.by_card


def test_a_card_that_cannot_be_read_can_be_placed_again_or_given_up(filing_kiosk: Kiosk, devices: FakeDevices) -> None:
    devices.card = CardResult.rejected(Rejection.UNREADABLE)
    flow = by_card(filing_kiosk)
    assert flow.step is ProgressStep.READ_FAILED and flow.message is not None
    filing_kiosk.back()
    assert flow.step is ProgressStep.CHOOSE and not filing_kiosk.session.consent


def test_without_the_filing_port_progress_is_not_offered(kiosk: Kiosk) -> None:
    flow = ProgressFlow(kiosk.context)
    flow.start()
    assert flow.message == NOT_OFFERED
    assert flow.on_scan(receipt_code(uuid.uuid4())) is None


def test_walking_away_clears_what_was_found(filing_kiosk: Kiosk, filing: FakeFiling, clock: SteppedClock) -> None:
    filing.add(progress(FilingStatus.SUBMITTED))
    by_card(filing_kiosk)
    assert filing_kiosk.session.progress and filing_kiosk.session.holds_data
    clock.advance(61)
    run(filing_kiosk, filing_kiosk.tick())
    assert filing_kiosk.screen == HOME and filing_kiosk.session.progress == []


def test_without_a_printer_the_result_waits(
    filing_kiosk: Kiosk, filing: FakeFiling, hall: FakeHall, devices: FakeDevices
) -> None:
    flow = open_progress(filing_kiosk)
    run(filing_kiosk, filing_kiosk.scanned(filing.add(progress(FilingStatus.COMPLETED, result_ready=True))))
    devices.printer = DeviceState.FAULT
    refresh_offers(filing_kiosk, hall, devices)
    assert not flow.can_print_result and flow.print_result() is None
    assert flow.message == MISSING[Need.PRINTER] and filing.events == []
