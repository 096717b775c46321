"""The printed documents hold what a citizen needs, end with a cut, and lay nothing out wider than the paper."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from devices.printer import Cut, Document, PaperSpec, QrCode, Rule, TextLine
from devices.textwidth import display_width
from kiosk.printing.layout import field, spread
from kiosk.printing.templates import (
    GUIDE_SECTIONS,
    FilingReceipt,
    GuideMaterial,
    MaterialForm,
    ResultSlip,
    ServiceGuide,
    TicketSlip,
    filing_receipt,
    queue_ticket,
    result_slip,
    service_guide,
)
from kiosk.printing.templates import test_page as make_test_page  # the alias keeps pytest from collecting it

PAPER_80 = PaperSpec(576, 80)
PAPER_58 = PaperSpec(384, 58)
papers = pytest.mark.parametrize("paper", [PAPER_80, PAPER_58], ids=["80mm", "58mm"])

ISSUED = datetime(2026, 11, 22, 1, 41, tzinfo=UTC)  # 09:41 in the hall

TICKET = TicketSlip(
    hall_name="示例市政务服务中心",
    category_name="社保医保",
    number="A017",
    waiting_ahead=5,
    estimated_wait_minutes=40,
    issued_at=ISSUED,
    qr_payload="https://hall.example.gov.cn/q/20261122/A017?k=7f3a9c",
    help_hotline="0571-88880000",
    area="一楼A区",
)

RECEIPT = FilingReceipt(
    filing_number="ZW330102202611220123",
    item_name="社会保障卡补领（因遗失、损坏等原因）",
    item_code="11330100MB0000000X4000117001",
    applicant_name_masked="张**",
    id_number_masked="110101********123X",
    filed_at=ISSUED,
    materials=("居民身份证", "社会保障卡补领申请表", "近期一寸免冠白底彩色照片（电子照片回执）"),
    promised_days=5,
    hall_name="示例市政务服务中心",
    hall_phone="0571-88881234",
)

GUIDE = ServiceGuide(
    item_code="11330100MB0000000X3000217002",
    name="不动产登记（国有建设用地使用权及房屋所有权转移登记）",
    department="示例市自然资源和规划局",
    legal_basis=(
        "《中华人民共和国民法典》第二百零九条",
        "《不动产登记暂行条例》（国务院令第656号）第十四条、第十六条",
    ),
    conditions=("申请人持有合法有效的不动产权属证书", "转让双方已签订不动产买卖合同并完成网签备案"),
    materials=(
        GuideMaterial("不动产登记申请书", MaterialForm.ORIGINAL, 1, "可在自助终端填写并打印"),
        GuideMaterial("申请人居民身份证", MaterialForm.ORIGINAL_AND_COPY, 1),
        GuideMaterial("不动产权属证书", MaterialForm.ORIGINAL, 1),
        GuideMaterial("不动产买卖合同（网签备案版）及完税凭证", MaterialForm.COPY, 2, "加盖税务机关印章"),
    ),
    procedure=("申请：提交申请材料", "受理：窗口当场审查材料是否齐全", "审核：登记机构核查登记事项", "登簿发证"),
    statutory_days=30,
    promised_days=5,
    max_visits=1,
    apply_at="示例市政务服务中心二楼B区不动产登记窗口（周一至周六 9:00-12:00、13:30-17:00）",
    consultation_phone="0571-88882345",
    complaint_phone="12345",
    kiosk_available=False,
    fee="不动产登记费：住宅每件80元；证书工本费每本10元",
    fee_basis="《关于不动产登记收费标准等有关问题的通知》（发改价格规〔2016〕2559号）",
)

RESULT = ResultSlip(
    filing_number="ZW330102202611220123",
    item_name="居民身份证换领",
    status_text="出证",
    result_summary="您申请换领的居民身份证已制作完成，请本人携带受理回执前往领取。",
    collect_where="示例市政务服务中心一楼3号窗口",
    collect_when="工作日 9:00-12:00、13:30-17:00",
    qr_payload="https://hall.example.gov.cn/f/ZW330102202611220123",
    hall_name="示例市政务服务中心",
    hall_phone="0571-88881234",
    completed_at=ISSUED,
)


def lines(document: Document) -> list[TextLine]:
    return [block for block in document.blocks if isinstance(block, TextLine)]


def text(document: Document) -> str:
    return "\n".join(line.text for line in lines(document))


def assert_prints(document: Document, *expected: str) -> None:
    """Each expected text is printed, maybe across lines of a hanging indent."""
    flat = text(document).replace(" ", "").replace("\n", "")
    for item in expected:
        assert item.replace(" ", "") in flat


def qr_payloads(document: Document) -> list[str]:
    return [block.data for block in document.blocks if isinstance(block, QrCode)]


def overflowing(document: Document, paper: PaperSpec, paragraphs: Iterable[str] = ()) -> list[str]:
    """Lines the template laid out that are wider than the paper; free paragraphs are the driver's to wrap."""
    free = tuple(paragraphs)
    return [
        line.text
        for line in lines(document)
        if display_width(line.text) > paper.columns // line.width and not any(p in line.text for p in free)
    ]


def assert_well_formed(document: Document, kind: str, paper: PaperSpec, paragraphs: Iterable[str] = ()) -> None:
    assert document.kind == kind
    assert isinstance(document.blocks[-1], Cut)
    assert overflowing(document, paper, paragraphs) == []


@papers
def test_ticket_shows_the_number_large_with_the_wait_time_and_qr(paper: PaperSpec) -> None:
    document = queue_ticket(TICKET, paper)

    assert_well_formed(document, "ticket", paper)
    number = next(line for line in lines(document) if line.text == "A017")
    assert (number.width, number.height) == ((4, 4) if paper is PAPER_80 else (3, 3))
    assert qr_payloads(document) == [TICKET.qr_payload]
    assert_prints(
        document, "示例市政务服务中心", "社保医保", "请到一楼A区等候叫号", "您前面还有 5 人等候", "预计等候约 40 分钟"
    )
    assert_prints(
        document, "当日有效（11月22日）", "2026-11-22 09:41", "扫码查看排队进度", "请留意叫号，过号需重新取号"
    )
    assert_prints(document, "求助电话：0571-88880000")


def test_ticket_with_nobody_ahead_needs_no_wait() -> None:
    document = queue_ticket(replace(TICKET, waiting_ahead=0, estimated_wait_minutes=0), PAPER_58)

    assert_prints(document, "您前面没有人等候", "无需等候")
    assert "分钟" not in text(document)


@papers
def test_an_english_ticket_prints_in_english(paper: PaperSpec) -> None:
    english = replace(
        TICKET,
        hall_name="Example City Government Service Centre",
        category_name="Social and medical insurance",
        area="Area A, floor 1",
        language="en",
    )
    document = queue_ticket(english, paper)

    assert_well_formed(document, "ticket", paper)
    assert_prints(document, "Example City Government Service Centre", "Social and medical insurance", "A017")
    assert_prints(document, "Please wait in Area A, floor 1", "5 people are ahead of you", "About 40 minutes' wait")
    assert_prints(document, "Valid today only (22 Nov)", "Issued: 2026-11-22 09:41", "Help line: 0571-88880000")
    assert_prints(document, "Scan to see your place in the queue")
    assert not any("\u4e00" <= ch <= "\u9fff" for ch in text(document)), "no Chinese left on an English ticket"


def test_a_ticket_without_a_reachable_address_has_no_qr_and_no_promise() -> None:
    document = queue_ticket(replace(TICKET, qr_payload=""), PAPER_80)

    assert qr_payloads(document) == []
    assert "扫码" not in text(document)


def test_ticket_time_is_on_the_halls_clock_and_must_be_aware() -> None:
    late = replace(TICKET, issued_at=datetime(2026, 11, 22, 16, 5, tzinfo=UTC))
    assert "2026-11-23 00:05" in text(queue_ticket(late, PAPER_80))
    with pytest.raises(ValueError, match="timezone-aware"):
        replace(TICKET, issued_at=datetime(2026, 11, 22, 9, 41))


def test_a_long_number_shrinks_rather_than_overflowing() -> None:
    assert overflowing(queue_ticket(replace(TICKET, number="Y20261122"), PAPER_58), PAPER_58) == []


@papers
def test_receipt_carries_the_filing_number_materials_and_time_limit(paper: PaperSpec) -> None:
    document = filing_receipt(RECEIPT, paper)

    assert_well_formed(document, "receipt", paper, RECEIPT.materials)
    assert qr_payloads(document) == [RECEIPT.filing_number]
    number = next(line for line in lines(document) if line.text == RECEIPT.filing_number)
    assert number.bold and number.height == 2
    assert_prints(document, "自助申报回执", RECEIPT.item_name, RECEIPT.item_code, "张**", "110101********123X")
    assert_prints(document, "2026-11-22 09:41", "承诺时限：5 个工作日", "0571-88881234", *RECEIPT.materials)


def test_receipt_qr_can_hold_a_progress_url() -> None:
    url = "https://hall.example.gov.cn/f/ZW330102202611220123"
    assert qr_payloads(filing_receipt(replace(RECEIPT, qr_payload=url), PAPER_80)) == [url]


@papers
def test_guide_prints_every_section_and_the_full_material_list(paper: PaperSpec) -> None:
    document = service_guide(GUIDE, paper)

    free = [*GUIDE.legal_basis, *GUIDE.conditions, *GUIDE.procedure, GUIDE.apply_at, GUIDE.name]
    assert_well_formed(document, "guide", paper, free + [m.notes for m in GUIDE.materials if m.notes])
    for section in GUIDE_SECTIONS:
        assert f"【{section}】" in text(document)
    for material in GUIDE.materials:
        assert_prints(document, material.name, material.requirement, material.notes)
    assert_prints(document, "一次性告知", "原件及复印件各 1 份", GUIDE.name, GUIDE.item_code, GUIDE.department)
    assert_prints(document, *GUIDE.legal_basis, *GUIDE.conditions, *GUIDE.procedure, GUIDE.apply_at)
    assert_prints(document, "法定办结时限：30 个工作日", "承诺办结时限：5 个工作日", "最多跑 1 次", "需到窗口办理")
    assert_prints(document, "发改价格规〔2016〕2559号", "0571-88882345", "投诉电话：12345")
    assert sum(isinstance(block, Rule) for block in document.blocks) >= len(GUIDE_SECTIONS)


def test_a_free_service_says_so_and_a_kiosk_service_says_where() -> None:
    free = replace(GUIDE, fee=None, fee_basis="", kiosk_available=True, max_visits=0, statutory_days=0, promised_days=0)
    assert_prints(service_guide(free, PAPER_58), "不收费", "可在本自助终端办理", "零跑动", "即办")


def test_a_promise_longer_than_the_law_allows_is_refused() -> None:
    with pytest.raises(ValueError, match="promised"):
        replace(GUIDE, promised_days=31)


@papers
def test_result_slip_shows_status_summary_and_where_to_collect(paper: PaperSpec) -> None:
    document = result_slip(RESULT, paper)

    assert_well_formed(document, "result", paper, [RESULT.result_summary])
    assert qr_payloads(document) == [RESULT.qr_payload]
    assert next(line for line in lines(document) if line.text == "出证").bold
    assert_prints(document, RESULT.filing_number, RESULT.item_name, RESULT.result_summary, "一楼3号窗口", "13:30-17:00")


def test_a_result_with_nothing_to_collect_leaves_collection_out() -> None:
    printed = text(result_slip(replace(RESULT, collect_where="", collect_when=""), PAPER_80))
    assert "领取方式" not in printed
    assert "领取地点" not in printed


@papers
def test_test_page_shows_every_size_alignment_and_the_paper(paper: PaperSpec) -> None:
    url = "https://hall.example.gov.cn/device/kiosk-07"
    document = make_test_page(paper, url, "打印机正常，纸张充足")

    assert_well_formed(document, "test_page", paper, [url])
    assert {(line.width, line.height) for line in lines(document)} >= {(n, n) for n in range(1, 9)}
    assert {line.align for line in lines(document)} == {"left", "center", "right"}
    assert any(line.bold for line in lines(document))
    assert "（）、。“”《》" in text(document).split("\n")
    assert any(line.text.isascii() and any(c.isdigit() for c in line.text) for line in lines(document))
    assert any(display_width(line.text) == paper.columns and line.text.isdigit() for line in lines(document))
    assert qr_payloads(document) == [url]
    assert_prints(document, f"{paper.width_mm} mm", f"{paper.columns} 个半角字符", "打印机正常，纸张充足")


label = st.text(alphabet="受理号事项名称实施编码申请人", min_size=1, max_size=6)
value = st.text(alphabet="社会保障卡补领（）、。ABC0123456789-/ ", max_size=80)


@given(label, value, st.sampled_from([PAPER_80, PAPER_58]), st.integers(min_value=1, max_value=2))
def test_a_label_and_value_never_overflow(label: str, value: str, paper: PaperSpec, width: int) -> None:
    laid_out = field(label, value, paper, width=width)
    assert all(display_width(line.text) <= paper.columns // width for line in laid_out)
    assert "".join(line.text for line in laid_out).replace(" ", "") == f"{label}：{value}".replace(" ", "")


@given(value, st.text(alphabet="原件复印件各份0123456789 ", max_size=40), st.sampled_from([PAPER_80, PAPER_58]))
def test_a_right_hand_column_never_overflows(left: str, right: str, paper: PaperSpec) -> None:
    assert all(display_width(line.text) <= paper.columns for line in spread(left, right, paper))
