"""The payment receipt (缴费凭证) printed when a fee paid at the kiosk is confirmed, in the citizen's language: what
was paid, each fee line and the total, the hall's order number, the gateway's transaction number and the time.
It is a voucher, not the official invoice: it says where that comes from. An English receipt keeps its Chinese
title, as staff read it at the window. docs/payment.md, "At the kiosk"."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, tzinfo

from common.hallapi.payments import yuan
from devices.printer import Document, PaperSpec, Rule, TextLine
from devices.privacy import mask_id_numbers
from devices.textwidth import wrap
from devices.words import Language, Words
from kiosk.printing.layout import HALL_TIME_ZONE, centred, columns, field, finish, fitting_width, format_time, spread

RECEIPT_TITLE = "缴费凭证"
VOUCHER_NOTE = Words(
    "本凭证仅证明已缴费，不是报销凭证。正式票据（财政电子票据）请到窗口领取，或按大厅告知的方式以电子方式获取。",
    "This voucher shows the fee was paid; it is not an official invoice. Get the official receipt (财政票据) at a "
    "window, or electronically as the hall tells you.",
)
WORDS = {
    "title": Words(RECEIPT_TITLE, "Payment Voucher"),
    "amount": Words("实缴金额", "Amount paid"),
    "item": Words("缴费事项", "Paid for"),
    "filing": Words("受理号", "Filing number"),
    "code": Words("事项编码", "Item code"),
    "lines": Words("收费明细", "Fees"),
    "total": Words("合计", "Total"),
    "order": Words("订单号", "Order number"),
    "transaction": Words("交易流水号", "Transaction no."),
    "paid": Words("支付时间", "Paid at"),
    "keep": Words("请妥善保管本凭证。", "Please keep this voucher."),
    "phone": Words("咨询电话", "Enquiries"),
}


@dataclass(frozen=True)
class PaymentReceipt:
    """What a payment receipt shows: the hall's words for the fees, and the order as the hall settled it."""

    hall_name: str
    kind: str  # "filing" or "item"
    ref: str  # the filing's number, or the item's code
    title: str  # the item's name, in the receipt's language
    lines: tuple[tuple[str, int], ...]  # each fee's name and its amount in fen
    amount_fen: int
    order_no: str
    transaction_id: str
    paid_at: datetime  # aware
    hall_phone: str
    time_zone: tzinfo = HALL_TIME_ZONE
    language: Language = "zh_CN"


def payment_receipt(receipt: PaymentReceipt, paper: PaperSpec) -> Document:
    """The voucher: the amount large, what it paid, the fee lines and total, the numbers to quote, the note on
    the official invoice. Text from the hall passes through ``mask_id_numbers``: an ID number never prints."""
    language = receipt.language

    def say(key: str) -> str:
        return WORDS[key].pick(language)

    amount = yuan(receipt.amount_fen)
    title = say("title")
    chinese_title = [centred(RECEIPT_TITLE)] if language != "zh_CN" else []
    ref_label = say("filing") if receipt.kind == "filing" else say("code")
    lines = [row for name, fen in receipt.lines for row in spread(mask_id_numbers(name), yuan(fen), paper)]
    colon = "：" if language == "zh_CN" else ":"
    return Document(
        "payment_receipt",
        (
            *(centred(row, bold=True) for row in wrap(receipt.hall_name, columns(paper))),
            centred(title, width=fitting_width(title, paper, 2), height=2, bold=True),
            *chinese_title,
            Rule(),
            centred(say("amount")),
            centred(amount, width=fitting_width(amount, paper, 2), height=2, bold=True),
            Rule(),
            *field(say("item"), mask_id_numbers(receipt.title), paper),
            *field(ref_label, receipt.ref, paper),
            TextLine(say("lines") + colon, bold=True),
            *lines,
            *spread(say("total"), amount, paper, bold=True),
            Rule(),
            *field(say("order"), receipt.order_no, paper),
            *field(say("transaction"), receipt.transaction_id or "-", paper),
            *field(say("paid"), format_time(receipt.paid_at, receipt.time_zone), paper),
            Rule(),
            *(TextLine(row) for row in wrap(VOUCHER_NOTE.pick(language), columns(paper))),
            *(TextLine(row) for row in wrap(say("keep"), columns(paper))),
            Rule(),
            *(centred(row) for row in wrap(receipt.hall_name, columns(paper))),
            *field(say("phone"), receipt.hall_phone, paper),
            *finish(),
        ),
    )
