"""The filing receipt (受理回执) printed when a self-service filing (自助申报) has been accepted."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, tzinfo

from devices.printer import Block, Document, PaperSpec, Rule, TextLine
from devices.textwidth import wrap
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
    working_days,
)

RECEIPT_TITLE = "自助申报回执"
RECEIPT_QR_CAPTION = "扫码查询办理进度、评价服务"
KEEP_NOTICE = "请妥善保管本回执，查询进度和领取结果时使用。"
DEFAULT_PROGRESS_HINT = "扫描下方二维码，或在自助终端“办件查询”中刷身份证，即可查看办理进度。"


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
    progress_hint: str = DEFAULT_PROGRESS_HINT
    qr_payload: str | None = None  # the signed progress address; None: the QR code holds the filing number itself
    time_zone: tzinfo = HALL_TIME_ZONE
    materials_to_bring: tuple[str, ...] = ()  # originals the citizen marked to bring to a window
    delivery: str = ""  # how the result reaches the citizen, e.g. "邮寄至：…"; "" to leave out

    def __post_init__(self) -> None:
        require_aware(self.filed_at, "filed_at")
        if self.promised_days < 0:
            raise ValueError("a promised time limit cannot be negative")


def filing_receipt(receipt: FilingReceipt, paper: PaperSpec) -> Document:
    """The receipt: filing number large, what was filed and by whom (masked), the materials submitted and those
    still to bring, how the result comes, the time limit, and the progress QR code."""
    number_width = fitting_width(receipt.filing_number, paper, 2)
    materials = [TextLine(f"{i}. {name}") for i, name in enumerate(receipt.materials, start=1)]
    to_bring: list[Block] = []
    if receipt.materials_to_bring:
        to_bring = [
            Rule(),
            TextLine(f"请带原件到窗口（共 {len(receipt.materials_to_bring)} 项）：", bold=True),
            *(TextLine(f"{i}. {name}") for i, name in enumerate(receipt.materials_to_bring, start=1)),
        ]
    delivery = [*field("结果送达", receipt.delivery, paper, bold=True)] if receipt.delivery else []
    return Document(
        "receipt",
        (
            centred(receipt.hall_name, bold=True),
            centred(RECEIPT_TITLE, width=fitting_width(RECEIPT_TITLE, paper, 2), height=2, bold=True),
            Rule(),
            centred("受理号"),
            centred(receipt.filing_number, width=number_width, height=2, bold=True),
            Rule(),
            *field("事项名称", receipt.item_name, paper),
            *field("实施编码", receipt.item_code, paper),
            *field("申请人", receipt.applicant_name_masked, paper),
            *field("身份证号", receipt.id_number_masked, paper),
            *field("申报时间", format_time(receipt.filed_at, receipt.time_zone), paper),
            Rule(),
            TextLine(f"已提交材料（共 {len(receipt.materials)} 项）：", bold=True),
            *(materials or [TextLine("无")]),
            *to_bring,
            Rule(),
            *delivery,
            *field("承诺时限", working_days(receipt.promised_days), paper, bold=True),
            *field("进度查询", receipt.progress_hint, paper),
            qr_code(receipt.qr_payload or receipt.filing_number, paper),
            centred(RECEIPT_QR_CAPTION),
            *(TextLine(row) for row in wrap(KEEP_NOTICE, columns(paper))),
            Rule(),
            centred(receipt.hall_name),
            *field("咨询电话", receipt.hall_phone, paper),
            *finish(),
        ),
    )
