"""A citizen who used the kiosk in English takes home English paper: the guide, the filing receipt and the result
slip, read back from the real ESC/POS bytes the driver sends (and printed to PNGs by the virtual printer). What the
hall publishes stays as published, with a note saying so; what staff read keeps its Chinese title."""

from __future__ import annotations

import os
import re
import uuid
from dataclasses import replace
from pathlib import Path

import pytest

from common.hallapi.filings import FilingStatus
from devices.printer import Document, PaperSpec, PrinterProfile
from devices.textwidth import display_width
from drivers.escpos.encoder import encode
from drivers.escpos.interpreter import EscPosInterpreter
from drivers.escpos.receipt import PrintedLine, ReceiptCut
from drivers.sim.printer import VirtualPrinter
from kiosk.flows.filing_work import make_receipt
from kiosk.flows.progress import result_slip_for
from kiosk.printing.templates import filing_receipt, result_slip, service_guide
from kiosk.station.filing_ports import DraftMaterial, FilingDraft, FilingProgress, ResultDelivery, SavedFiling
from tests.kiosk.printing.test_filing_prints import FILED, RECEIPT, RESULT
from tests.kiosk.printing.test_templates import GUIDE, assert_well_formed

PAPER_80 = PaperSpec(576, 80)
PAPER_58 = PaperSpec(384, 58)
papers = pytest.mark.parametrize("paper", [PAPER_80, PAPER_58], ids=["80mm", "58mm"])
SHOTS = os.environ.get("FILING_SHOTS", "")  # keep the rendered paper there for a person to look at


def printed_lines(document: Document, paper: PaperSpec) -> list[str]:
    """The text lines the printer receives, decoded from the ESC/POS bytes the driver sends."""
    events = EscPosInterpreter(paper.dots_per_line).feed(encode(document, PrinterProfile(paper=paper)))
    [cut] = [event for event in events if isinstance(event, ReceiptCut)]
    elements = cut.receipt.elements
    return ["".join(run.text for run in element.runs) for element in elements if isinstance(element, PrintedLine)]


def kiosk_chinese(lines: list[str], *published: str) -> list[str]:
    """The Chinese on the paper that is not part of the given published texts: the kiosk's own words untranslated."""
    known = "\n".join(published)
    runs = (run.strip("【】 ") for line in lines for run in re.findall(r"[^\x00-\x7f]+", line))
    return [run for run in runs if run and run not in known]


def render(document: Document, paper: PaperSpec, name: str, out: Path) -> None:
    printer = VirtualPrinter(dots_per_line=paper.dots_per_line)
    printer.receive(encode(document, PrinterProfile(paper=paper)), lambda _answer: None)
    [printed] = printer.receipts
    out.mkdir(parents=True, exist_ok=True)
    printed.image.save(out / f"{name}-{paper.width_mm}mm.png")


@pytest.fixture
def shots(tmp_path: Path) -> Path:
    return Path(SHOTS) if SHOTS else tmp_path


@papers
def test_the_english_guide_labels_everything_in_english_and_says_the_content_is_as_published(
    paper: PaperSpec, shots: Path
) -> None:
    document = service_guide(replace(GUIDE, department_en="Example City Natural Resources Bureau"), paper, "en")
    lines = printed_lines(document, paper)
    flat = " ".join(" ".join(lines).split())

    paragraphs = [GUIDE.name, GUIDE.apply_at, *GUIDE.legal_basis, *GUIDE.conditions, *GUIDE.procedure]
    assert_well_formed(document, "guide", paper, paragraphs)
    for heading in ("[Basic facts]", "[Legal basis]", "[Who can apply]", "[Required materials]", "[Steps]",
                    "[Time limit]", "[Fees]", "[Where to apply]", "[Enquiries and complaints]"):  # fmt: skip
        assert heading.replace("[", "【").replace("]", "】") in flat
    assert "Service Guide" in flat and "published in Chinese" in flat
    assert "Department: Example City Natural Resources Bureau (示例市自然资源和规划局)" in flat
    assert "Visits: at most once to the hall" in flat and "By law: 30 working days" in flat
    assert "original + copy, 1 each" in flat and "2 copies" in flat and "Promised: 5 working days" in flat
    assert GUIDE.name in "".join(lines) and GUIDE.conditions[0] in "".join(lines)  # the published content, as published
    # Every word the kiosk wrote itself is English: Chinese appears only inside the published content.
    materials = [text for m in GUIDE.materials for text in (m.name, m.notes)]
    published = (GUIDE.name, GUIDE.department, GUIDE.apply_at, GUIDE.fee or "", GUIDE.fee_basis, *materials,
                 *GUIDE.legal_basis, *GUIDE.conditions, *GUIDE.procedure)  # fmt: skip
    assert kiosk_chinese(lines, *published) == []
    render(document, paper, "guide-en", shots)


def test_the_chinese_guide_is_unchanged() -> None:
    flat = " ".join(printed_lines(service_guide(GUIDE, PAPER_80), PAPER_80))
    assert "办事指南" in flat and "【基本信息】" in flat and "Service" not in flat and "published" not in flat


@papers
def test_the_english_receipt_is_english_with_its_chinese_title_for_the_window(paper: PaperSpec, shots: Path) -> None:
    receipt = replace(
        RECEIPT,
        hall_name="Example City Government Service Centre",
        delivery="By post to 示例市幸福路18号",
        language="en",
    )
    document = filing_receipt(receipt, paper)
    lines = printed_lines(document, paper)
    flat = " ".join(" ".join(lines).split())

    assert_well_formed(document, "receipt", paper)
    assert "Self-service Filing Receipt" in flat and "自助申报回执" in flat  # staff at the window read it too
    for expected in ("Filing number", "K01-20261205-0007", "Applicant: 张*例", "ID number: 990101********1237",
                     "Filed at: 2026-12-05 22:07", "Materials submitted (1):", "Bring these originals to a window (1):",
                     "Promised within: 5 working days", "Scan to check progress", "Keep this receipt",
                     "Enquiries: 12345"):  # fmt: skip
        assert expected in flat, expected
    names = (
        RECEIPT.item_name,
        RECEIPT.applicant_name_masked,
        *RECEIPT.materials,
        *RECEIPT.materials_to_bring,
        "自助申报回执",
        "示例市幸福路18号",
    )
    assert kiosk_chinese(lines, *names) == []
    render(document, paper, "filing-receipt-en", shots)


@papers
def test_the_english_result_slip_is_english(paper: PaperSpec, shots: Path) -> None:
    slip = replace(RESULT, status_text="Completed", result_summary="The result is printed with this notice.",
                   hall_name="Example City Government Service Centre", language="en")  # fmt: skip
    document = result_slip(slip, paper)
    lines = printed_lines(document, paper)
    flat = " ".join(" ".join(lines).split())

    assert "Notice of Result" in flat and "办理结果通知" in flat
    assert "Filing number: K01-20261205-0007" in flat and "Completed at: 2026-12-05 22:07" in flat
    assert "A kiosk prints this result once only" in flat and "Enquiries: 12345" in flat
    names = (RESULT.item_name, RESULT.note, "办理结果通知")
    assert kiosk_chinese(lines, *names) == []
    render(document, paper, "filing-result-en", shots)


def test_the_filing_flow_makes_an_english_receipt_for_an_english_citizen() -> None:
    draft = FilingDraft(
        item_code="330100-002-QT-00201-001", item_name="社会保障卡补领", applicant_name="张示例",
        id_number="990101199003071237", phone=None, form={}, attachments=(DraftMaterial("本人居民身份证", (b"j",)),),
        materials_to_bring=(), delivery=ResultDelivery("hall"),
    )  # fmt: skip
    saved = SavedFiling(uuid.UUID(int=7), "K01-20261205-0009", FILED, "https://hall.example/f/x")
    receipt = make_receipt(draft, saved, promised_days=0, hall_name="Hall", hall_phone="12345", language="en")
    flat = " ".join(printed_lines(filing_receipt(receipt, PAPER_80), PAPER_80))
    assert "Result: Collect it at a window" in " ".join(flat.split()) and "same day" in flat
    assert receipt.language == "en"


def test_every_english_line_fits_the_paper() -> None:
    for paper in (PAPER_80, PAPER_58):
        for line in printed_lines(filing_receipt(replace(RECEIPT, language="en"), paper), paper):
            assert display_width(line) <= paper.columns or " " in line  # long paragraphs are the driver's to wrap


def test_the_progress_flow_makes_an_english_result_slip_for_an_english_citizen() -> None:
    progress = FilingProgress(
        id=uuid.UUID(int=8), number="K01-20261205-0007", item_code="330100-002-QT-00201-001",
        item_name="社会保障卡补领", status=FilingStatus.COMPLETED, missing_materials=(), note=None,
        result_ready=True, collected=False, updated_at=FILED,
    )  # fmt: skip
    slip = result_slip_for(progress, "https://hall.example/f/x", hall_name="Hall", hall_phone="12345", language="en")
    flat = " ".join(" ".join(printed_lines(result_slip(slip, PAPER_80), PAPER_80)).split())
    assert "Completed" in flat and "The result document is printed with this notice" in flat
    assert "已办结" not in flat
