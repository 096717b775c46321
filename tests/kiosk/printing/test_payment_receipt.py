"""The payment receipt (缴费凭证): what it tells the citizen in Chinese and English, laid out on both papers, printed
as real ESC/POS bytes by the virtual printer (PAYMENT_SHOTS=DIR keeps the pictures for a person to look at)."""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from devices.printer import PaperSpec
from devices.words import Words
from kiosk.printing.payment_receipt import RECEIPT_TITLE, VOUCHER_NOTE, PaymentReceipt, payment_receipt
from kiosk.station.payment_port import FeeLine, Order, OrderStatus, Payable
from kiosk.station.payments import receipt_of
from tests.kiosk.printing.test_filing_prints import PAPER_58, PAPER_80, render
from tests.kiosk.printing.test_templates import assert_prints, assert_well_formed, text

papers = pytest.mark.parametrize("paper", [PAPER_80, PAPER_58], ids=["80mm", "58mm"])
PAID = datetime(2026, 12, 5, 6, 7, tzinfo=UTC)  # 14:07 in the hall
SHOTS = os.environ.get("PAYMENT_SHOTS", "")

PAYABLE = Payable(
    kind="filing",
    ref="K01-20261205-0007",
    title=Words("不动产登记（K01-20261205-0007）", "Real estate registration (K01-20261205-0007)"),
    lines=(
        FeeLine(Words("不动产登记费（住宅）", "Real estate registration fee (housing)"), 8000),
        FeeLine(Words("证书工本费", "Certificate fee"), 1000),
    ),
    amount_fen=9000,
)
ORDER = Order(
    order_no="P20261205000123",
    payable=PAYABLE,
    status=OrderStatus.PAID,
    pay_url="",
    expires_at=PAID + timedelta(minutes=5),
    paid_at=PAID,
    transaction_id="SIM4200001234202612051234567890",
)


def receipt(language: str = "zh_CN") -> PaymentReceipt:
    return receipt_of(
        ORDER,
        hall_name="示例市政务服务中心",
        hall_phone="12345",
        time_zone=PAID.tzinfo,
        language=language,  # type: ignore[arg-type]
    )


@papers
def test_the_chinese_receipt_shows_what_was_paid_the_numbers_and_the_note(paper: PaperSpec) -> None:
    document = payment_receipt(receipt(), paper)

    assert_well_formed(document, "payment_receipt", paper, [VOUCHER_NOTE.zh])
    assert_prints(
        document,
        "示例市政务服务中心",
        RECEIPT_TITLE,
        "¥90.00",
        "缴费事项：不动产登记（K01-20261205-0007）",
        "受理号：K01-20261205-0007",
        "不动产登记费（住宅）",
        "¥80.00",
        "证书工本费",
        "¥10.00",
        "合计",
        "订单号：P20261205000123",
        "交易流水号：SIM4200001234202612051234567890",
        "支付时间：2026-12-0506:07",
        "财政电子票据",
        "咨询电话：12345",
    )


@papers
def test_the_english_receipt_keeps_its_chinese_title_for_staff(paper: PaperSpec) -> None:
    document = payment_receipt(receipt("en"), paper)

    assert_well_formed(document, "payment_receipt", paper, [VOUCHER_NOTE.en])
    assert_prints(document, "Payment Voucher", RECEIPT_TITLE, "Paid for:", "Certificate fee", "Total", "¥90.00")
    assert_prints(document, "not an official invoice")


def test_an_item_fee_names_the_item_code_and_an_id_number_never_prints() -> None:
    payable = Payable(
        kind="item",
        ref="330100-002-QT-00201-001",
        title=Words("社会保障卡补领 110101199003078816", "Social security card"),
        lines=(FeeLine(Words("工本费", "Card fee"), 2000),),
        amount_fen=2000,
    )
    order = Order("P1", payable, OrderStatus.PAID, "", PAID, paid_at=PAID, transaction_id="T1")
    document = payment_receipt(receipt_of(order, hall_name="示例", hall_phone="12345", time_zone=UTC), PAPER_80)

    assert_prints(document, "事项编码：330100-002-QT-00201-001", "¥20.00")
    assert "110101199003078816" not in text(document)


def test_an_order_not_paid_has_no_receipt() -> None:
    with pytest.raises(ValueError, match="not paid"):
        receipt_of(Order("P2", PAYABLE, OrderStatus.OPEN, "x", PAID), hall_name="示例", hall_phone="1", time_zone=UTC)


@papers
@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_the_receipt_prints_through_the_virtual_printer(paper: PaperSpec, language: str, tmp_path: Path) -> None:
    out = Path(SHOTS) if SHOTS else tmp_path
    path = render(payment_receipt(receipt(language), paper), paper, f"payment-receipt-{language}", out)

    from PIL import Image  # noqa: PLC0415

    image = Image.open(path).convert("L")
    assert image.width == paper.dots_per_line
    assert image.getextrema()[0] < 100  # ink on the paper
