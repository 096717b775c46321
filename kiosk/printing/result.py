"""The result slip (办理结果): what became of a filing, and where and when to collect the result."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, tzinfo

from devices.printer import Block, Document, PaperSpec, Rule, TextLine
from kiosk.printing.layout import (
    HALL_TIME_ZONE,
    centred,
    field,
    finish,
    fitting_width,
    format_time,
    heading,
    qr_code,
    require_aware,
)

RESULT_TITLE = "办理结果通知"
RESULT_QR_CAPTION = "扫码查看办理详情、评价服务"


@dataclass(frozen=True)
class ResultSlip:
    """What a result slip shows."""

    filing_number: str  # 受理号
    item_name: str
    status_text: str  # 已办结, 出证, 不予受理 …
    result_summary: str
    collect_where: str  # where to collect the result; "" when nothing is collected (e.g. an electronic licence)
    collect_when: str  # opening hours or a date range for collection; "" to leave out
    qr_payload: str
    hall_name: str
    hall_phone: str
    completed_at: datetime | None = None  # timezone-aware
    time_zone: tzinfo = HALL_TIME_ZONE

    def __post_init__(self) -> None:
        if self.completed_at is not None:
            require_aware(self.completed_at, "completed_at")


def result_slip(result: ResultSlip, paper: PaperSpec) -> Document:
    """The slip: status large, the filing it belongs to, the outcome, how to collect it, a QR code."""
    status_width = fitting_width(result.status_text, paper, 2)
    completed: list[Block] = []
    if result.completed_at is not None:
        completed = [*field("办结时间", format_time(result.completed_at, result.time_zone), paper)]
    collection: list[Block] = []
    if result.collect_where:
        collection = [
            Rule(),
            heading("领取方式"),
            *field("领取地点", result.collect_where, paper),
        ]
        if result.collect_when:
            collection += field("领取时间", result.collect_when, paper)
    return Document(
        "result",
        (
            centred(result.hall_name, bold=True),
            centred(RESULT_TITLE, width=fitting_width(RESULT_TITLE, paper, 2), height=2, bold=True),
            Rule(),
            *field("受理号", result.filing_number, paper, bold=True),
            *field("事项名称", result.item_name, paper),
            *completed,
            centred(result.status_text, width=status_width, height=2, bold=True),
            Rule(),
            heading("办理结果"),
            TextLine(result.result_summary),
            *collection,
            Rule(),
            qr_code(result.qr_payload, paper),
            centred(RESULT_QR_CAPTION),
            *field("咨询电话", result.hall_phone, paper),
            *finish(),
        ),
    )
