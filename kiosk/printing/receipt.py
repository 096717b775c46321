"""The filing receipt (受理回执) printed when a self-service filing (自助申报) has been accepted, in the language the
citizen used. Staff read it too when the citizen comes back for the result, so an English receipt keeps its
Chinese title under the English one."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, tzinfo

from devices.printer import Block, Document, PaperSpec, Rule, TextLine
from devices.textwidth import wrap
from devices.words import Language, Words
from kiosk.printing.layout import (
    HALL_TIME_ZONE,
    centred,
    columns,
    field,
    finish,
    fitting_width,
    format_time,
    qr_code,
    require_aware,
)
from kiosk.printing.wording import count_words, working_days_words

RECEIPT_TITLE = "自助申报回执"
RECEIPT_QR_CAPTION = "扫码查询办理进度、评价服务"
KEEP_NOTICE = "请妥善保管本回执，查询进度和领取结果时使用。"
DEFAULT_PROGRESS_HINT = "扫描下方二维码，或在自助终端“办件查询”中刷身份证，即可查看办理进度。"
WORDS = {
    "title": Words(RECEIPT_TITLE, "Self-service Filing Receipt"),
    "qr": Words(RECEIPT_QR_CAPTION, "Scan to check progress and rate the service"),
    "keep": Words(KEEP_NOTICE, "Keep this receipt: you need it to check progress and to collect the result."),
    "hint": Words(
        DEFAULT_PROGRESS_HINT,
        "Scan the QR code below, or choose Check progress at a kiosk and place your ID card.",
    ),
    "number": Words("受理号", "Filing number"),
    "item": Words("事项名称", "Service item"),
    "code": Words("实施编码", "Item code"),
    "applicant": Words("申请人", "Applicant"),
    "id": Words("身份证号", "ID number"),
    "filed": Words("申报时间", "Filed at"),
    "submitted": Words("已提交材料", "Materials submitted"),
    "bring": Words("请带原件到窗口", "Bring these originals to a window"),
    "none": Words("无", "none"),
    "delivery": Words("结果送达", "Result"),
    "promised": Words("承诺时限", "Promised within"),
    "progress": Words("进度查询", "Progress"),
    "phone": Words("咨询电话", "Enquiries"),
}


@dataclass(frozen=True)
class FilingReceipt:
    """What a filing receipt shows. Personal data arrives masked; the template prints it as given."""

    filing_number: str  # 受理号, unique across the district
    item_name: str
    item_code: str  # 实施编码
    applicant_name_masked: str  # 张**
    id_number_masked: str  # 110101********123X
    filed_at: datetime  # timezone-aware
    materials: tuple[str, ...]  # the materials submitted, by name
    promised_days: int  # 承诺时限, in working days
    hall_name: str
    hall_phone: str
    progress_hint: str = ""  # "" for the default hint in the receipt's language
    qr_payload: str | None = None  # the signed progress address; None: the QR code holds the filing number itself
    time_zone: tzinfo = HALL_TIME_ZONE
    materials_to_bring: tuple[str, ...] = ()  # originals the citizen marked to bring to a window
    delivery: str = ""  # how the result reaches the citizen, e.g. "邮寄至：…"; "" to leave out
    language: Language = "zh_CN"  # the language the citizen used at the kiosk

    def __post_init__(self) -> None:
        require_aware(self.filed_at, "filed_at")
        if self.promised_days < 0:
            raise ValueError("a promised time limit cannot be negative")


def filing_receipt(receipt: FilingReceipt, paper: PaperSpec) -> Document:
    """The receipt: filing number large, what was filed and by whom (masked), the materials submitted and those
    still to bring, how the result comes, the time limit, and the progress QR code."""
    language = receipt.language

    def say(key: str) -> str:
        return WORDS[key].pick(language)

    number_width = fitting_width(receipt.filing_number, paper, 2)
    materials = [TextLine(f"{i}. {name}") for i, name in enumerate(receipt.materials, start=1)]
    to_bring: list[Block] = []
    if receipt.materials_to_bring:
        to_bring = [
            Rule(),
            *_bold_rows(_listed(WORDS["bring"], len(receipt.materials_to_bring), language), paper),
            *(TextLine(f"{i}. {name}") for i, name in enumerate(receipt.materials_to_bring, start=1)),
        ]
    delivery = [*field(say("delivery"), receipt.delivery, paper, bold=True)] if receipt.delivery else []
    title = say("title")
    # Staff read the receipt at the window: an English one keeps its Chinese title.
    chinese_title = [centred(RECEIPT_TITLE)] if language != "zh_CN" else []
    return Document(
        "receipt",
        (
            *(centred(row, bold=True) for row in wrap(receipt.hall_name, columns(paper))),
            centred(title, width=fitting_width(title, paper, 2), height=2, bold=True),
            *chinese_title,
            Rule(),
            centred(say("number")),
            centred(receipt.filing_number, width=number_width, height=2, bold=True),
            Rule(),
            *field(say("item"), receipt.item_name, paper),
            *field(say("code"), receipt.item_code, paper),
            *field(say("applicant"), receipt.applicant_name_masked, paper),
            *field(say("id"), receipt.id_number_masked, paper),
            *field(say("filed"), format_time(receipt.filed_at, receipt.time_zone), paper),
            Rule(),
            *_bold_rows(_listed(WORDS["submitted"], len(receipt.materials), language), paper),
            *(materials or [TextLine(say("none"))]),
            *to_bring,
            Rule(),
            *delivery,
            *field(say("promised"), working_days_words(receipt.promised_days).pick(language), paper, bold=True),
            *field(say("progress"), receipt.progress_hint or say("hint"), paper),
            qr_code(receipt.qr_payload or receipt.filing_number, paper),
            *(centred(row) for row in wrap(say("qr"), columns(paper))),
            *(TextLine(row) for row in wrap(say("keep"), columns(paper))),
            Rule(),
            *(centred(row) for row in wrap(receipt.hall_name, columns(paper))),
            *field(say("phone"), receipt.hall_phone, paper),
            *finish(),
        ),
    )


def _listed(what: Words, count: int, language: Language) -> str:
    """已提交材料（共 2 项）： / Materials submitted (2):"""
    return count_words(count, what).pick(language) + ("：" if language == "zh_CN" else ":")


def _bold_rows(text: str, paper: PaperSpec) -> list[TextLine]:
    return [TextLine(row, bold=True) for row in wrap(text, columns(paper))]
