"""A citizen filing in English: the chooser names departments and life events in English, and every paper the
wizard and the progress screen print (the materials notice, the receipt, the result slip) is in English."""

from __future__ import annotations

from common.hallapi.filings import FilingStatus
from devices.words import Words
from kiosk.flows.guide import BrowseBy
from kiosk.flows.machine import Kiosk
from kiosk.flows.progress import ProgressFlow
from kiosk.flows.screens import PROGRESS
from tests.kiosk.flows.conftest import FakeHall, run
from tests.kiosk.flows.filing_fakes import FakeFiling, open_filing, progress, to_review


def test_the_chooser_names_life_events_in_english_and_prints_the_notice_in_english(
    filing_kiosk: Kiosk, hall: FakeHall
) -> None:
    filing_kiosk.set_language("en")
    flow = open_filing(filing_kiosk)
    flow.browse(BrowseBy.LIFE_EVENT)
    events = flow.groups()
    assert events and all(flow.group_name(e).en != e for e in events)
    flow.open_group(events[0])
    assert flow.list_title == flow.group_name(events[0])

    flow.choose_item("B-9")
    run(filing_kiosk, filing_kiosk.track(flow.print_notice()))
    assert hall.printed_languages == ["en"]


def test_the_receipt_is_made_in_the_citizens_language(filing_kiosk: Kiosk, filing: FakeFiling) -> None:
    filing_kiosk.set_language("en")
    flow = to_review(filing_kiosk, "post")
    run(filing_kiosk, filing_kiosk.track(flow.submit()))
    [receipt] = filing.receipts
    assert receipt.language == "en" and receipt.delivery.startswith("By post to ")


def test_the_result_slip_is_made_in_the_citizens_language(filing_kiosk: Kiosk, filing: FakeFiling) -> None:
    code = filing.add(progress(FilingStatus.COMPLETED, result_ready=True, delivery="kiosk"))
    filing_kiosk.set_language("en")
    run(filing_kiosk, filing_kiosk.go(PROGRESS))
    flow = filing_kiosk.flow
    assert isinstance(flow, ProgressFlow)
    run(filing_kiosk, filing_kiosk.scanned(code))
    run(filing_kiosk, filing_kiosk.track(flow.print_result()))
    [slip] = filing.results
    assert (slip.language, slip.status_text) == ("en", "Completed")
    assert slip.result_summary == Words("", "The result document is printed with this notice. Please keep it safe.").en
