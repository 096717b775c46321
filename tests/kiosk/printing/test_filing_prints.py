"""The filing receipt and the result slip: what they tell the citizen, laid out on the paper, printed as real ESC/POS
bytes by the virtual printer, and their QR codes readable from the printed picture."""

from __future__ import annotations

import os
import uuid
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest

from devices.printer import Document, PaperSpec, PrinterProfile
from drivers.camera.decoders import decode_image_file
from drivers.escpos.encoder import encode
from drivers.sim.printer import VirtualPrinter
from kiosk.flows.filing_work import make_receipt
from kiosk.printing.receipt import KEEP_NOTICE, FilingReceipt, filing_receipt
from kiosk.printing.result import PRINTED_ONCE, ResultSlip, result_slip
from kiosk.station.filing_ports import DraftMaterial, FilingDraft, ResultDelivery, SavedFiling
from tests.kiosk.printing.test_templates import assert_prints, assert_well_formed, qr_payloads, text

PAPER_80 = PaperSpec(576, 80)
PAPER_58 = PaperSpec(384, 58)
papers = pytest.mark.parametrize("paper", [PAPER_80, PAPER_58], ids=["80mm", "58mm"])
FILED = datetime(2026, 12, 5, 14, 7, tzinfo=UTC)  # 22:07 in the hall
PROGRESS_QR = "https://hall.example.gov.cn/f/AAECAwQFBgcICQoLDA0ODw.qwertyuiopasdfgh"
# FILING_SHOTS=DIR keeps the rendered paper there for a person to look at; else it goes to the test's tmp dir.
SHOTS = os.environ.get("FILING_SHOTS", "")

RECEIPT = FilingReceipt(
    filing_number="K01-20261205-0007",
    item_name="社会保障卡补领",
    item_code="330100-002-QT-00201-001",
    applicant_name_masked="张*例",
    id_number_masked="990101********1237",
    filed_at=FILED,
    materials=("本人居民身份证",),
    promised_days=5,
    hall_name="示例市政务服务中心",
    hall_phone="12345",
    qr_payload=PROGRESS_QR,
    materials_to_bring=("损坏的原社会保障卡",),
    delivery="邮寄至 示例市示范区幸福路18号",
)

RESULT = ResultSlip(
    filing_number="K01-20261205-0007",
    item_name="社会保障卡补领",
    status_text="已办结",
    result_summary="办理结果文书随本通知一并打印，请妥善保管。",
    collect_where="",
    collect_when="",
    qr_payload=PROGRESS_QR,
    hall_name="示例市政务服务中心",
    hall_phone="12345",
    completed_at=FILED,
    note="新卡已制作完成",
    printed_once=True,
)


def render(document: Document, paper: PaperSpec, name: str, out: Path) -> Path:
    """The document as the printer driver sends it, printed by the virtual printer to a PNG."""
    printer = VirtualPrinter(dots_per_line=paper.dots_per_line)
    printer.receive(encode(document, PrinterProfile(paper=paper)), lambda _answer: None)
    [printed] = printer.receipts
    out.mkdir(parents=True, exist_ok=True)
    path = out / f"{name}-{paper.width_mm}mm.png"
    printed.image.save(path)
    return path


@pytest.fixture
def shots(tmp_path: Path) -> Path:
    return Path(SHOTS) if SHOTS else tmp_path


@papers
def test_the_receipt_says_what_to_bring_how_the_result_comes_and_where_to_follow_it(paper: PaperSpec) -> None:
    document = filing_receipt(RECEIPT, paper)

    assert_well_formed(document, "receipt", paper, [KEEP_NOTICE])
    assert qr_payloads(document) == [PROGRESS_QR]
    assert_prints(document, "K01-20261205-0007", "社会保障卡补领", "张*例", "990101********1237", "2026-12-05 22:07")
    assert_prints(document, "已提交材料（共 1 项）", "1. 本人居民身份证")
    assert_prints(document, "请带原件到窗口（共 1 项）", "1. 损坏的原社会保障卡")
    assert_prints(document, "结果送达：邮寄至 示例市示范区幸福路18号", "承诺时限：5 个工作日")
    assert "199003" not in text(document), "the ID number is printed masked only"


def test_a_receipt_with_nothing_to_bring_and_no_delivery_leaves_both_out() -> None:
    printed = text(filing_receipt(replace(RECEIPT, materials_to_bring=(), delivery=""), PAPER_80))
    assert "原件到窗口" not in printed
    assert "结果送达" not in printed


@papers
def test_the_result_slip_says_it_is_printed_once_with_the_staff_note(paper: PaperSpec) -> None:
    document = result_slip(RESULT, paper)

    assert_well_formed(document, "result", paper, [RESULT.result_summary])
    assert_prints(document, "已办结", "K01-20261205-0007", "说明：新卡已制作完成", PRINTED_ONCE)
    assert "需补正材料" not in text(document)


def test_a_result_slip_lists_the_materials_asked_for() -> None:
    asked = replace(RESULT, status_text="需要补正材料", missing_materials=("户口簿复印件", "近期照片"))
    assert_prints(result_slip(asked, PAPER_58), "【需补正材料】", "1. 户口簿复印件", "2. 近期照片")


def test_without_printed_once_the_slip_does_not_send_anyone_to_a_window() -> None:
    assert PRINTED_ONCE.replace(" ", "") not in text(result_slip(replace(RESULT, printed_once=False), PAPER_80))


@papers
def test_the_printed_receipt_and_result_carry_a_readable_progress_code(paper: PaperSpec, shots: Path) -> None:
    receipt = render(filing_receipt(RECEIPT, paper), paper, "filing-receipt", shots)
    result = render(result_slip(RESULT, paper), paper, "filing-result", shots)

    for path in (receipt, result):
        assert [code.text for code in decode_image_file(path)] == [PROGRESS_QR]


def test_the_receipt_the_wizard_makes_prints_with_the_signed_code(shots: Path) -> None:
    draft = FilingDraft(
        item_code="330100-002-QT-00201-001", item_name="社会保障卡补领", applicant_name="张示例",
        id_number="990101199003071237", phone="13800138000", form={"reason": "丢失"},
        attachments=(DraftMaterial("本人居民身份证", (b"jpeg",)),), materials_to_bring=("损坏的原社会保障卡",),
        delivery=ResultDelivery("kiosk"),
    )  # fmt: skip
    saved = SavedFiling(uuid.uuid4(), "K01-20261205-0008", FILED, PROGRESS_QR)
    receipt = make_receipt(draft, saved, promised_days=5, hall_name="示例市政务服务中心", hall_phone="12345")
    document = filing_receipt(receipt, PAPER_80)

    assert_prints(document, "申请人：张*例", "身份证号：990101********1237", "1. 本人居民身份证")
    assert_prints(document, "结果送达：在自助终端打印（扫描回执二维码）", "1. 损坏的原社会保障卡")
    assert "199003" not in text(document)
    path = render(document, PAPER_80, "filing-receipt-from-wizard", shots)
    assert [code.text for code in decode_image_file(path)] == [PROGRESS_QR]
