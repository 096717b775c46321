"""The result slip (办理结果): what became of a filing, and where and when to collect the result, in the language
the citizen used. An English slip keeps its Chinese title under the English one, for staff at the window."""

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
    heading,
    qr_code,
    require_aware,
)

RESULT_TITLE = "办理结果通知"
RESULT_QR_CAPTION = "扫码查看办理详情、评价服务"
PRINTED_ONCE = "本结果在自助终端只打印一次；如需补打，请到窗口由工作人员办理。"
WORDS = {
    "title": Words(RESULT_TITLE, "Notice of Result"),
    "qr": Words(RESULT_QR_CAPTION, "Scan for the details and to rate the service"),
    "once": Words(
        PRINTED_ONCE,
        "A kiosk prints this result once only; for another copy, please ask the staff at a window.",
    ),
    "number": Words("受理号", "Filing number"),
    "item": Words("事项名称", "Service item"),
    "completed": Words("办结时间", "Completed at"),
    "collect": Words("领取方式", "How to collect"),
    "where": Words("领取地点", "Where"),
    "when": Words("领取时间", "When"),
    "missing": Words("需补正材料", "Materials still needed"),
    "note": Words("说明", "Note"),
    "result": Words("办理结果", "Result"),
    "phone": Words("咨询电话", "Enquiries"),
}


@dataclass(frozen=True)
class ResultSlip:
    """What a result slip shows."""

    filing_number: str  # 受理号
    item_name: str
    status_text: str  # 已办结, 出证, 不予受理 … (in the slip's language)
    result_summary: str
    collect_where: str  # where to collect the result; "" when nothing is collected (e.g. an electronic licence)
    collect_when: str  # opening hours or a date range for collection; "" to leave out
    qr_payload: str
    hall_name: str
    hall_phone: str
    completed_at: datetime | None = None  # timezone-aware
    time_zone: tzinfo = HALL_TIME_ZONE
    missing_materials: tuple[str, ...] = ()  # what staff asked for (补正)
    note: str = ""  # staff's note with the result, a request for materials or a rejection
    printed_once: bool = False  # printed at a kiosk, which prints a result once: say where a copy comes from
    language: Language = "zh_CN"  # the language the citizen used at the kiosk

    def __post_init__(self) -> None:
        if self.completed_at is not None:
            require_aware(self.completed_at, "completed_at")


def result_slip(result: ResultSlip, paper: PaperSpec) -> Document:
    """The slip: status large, the filing it belongs to, the outcome, how to collect it, a QR code."""
    language = result.language

    def say(key: str) -> str:
        return WORDS[key].pick(language)

    status_width = fitting_width(result.status_text, paper, 2)
    completed: list[Block] = []
    if result.completed_at is not None:
        completed = [*field(say("completed"), format_time(result.completed_at, result.time_zone), paper)]
    collection: list[Block] = []
    if result.collect_where:
        collection = [
            Rule(),
            heading(say("collect")),
            *field(say("where"), result.collect_where, paper),
        ]
        if result.collect_when:
            collection += field(say("when"), result.collect_when, paper)
    missing: list[Block] = []
    if result.missing_materials:
        missing = [
            Rule(),
            heading(say("missing")),
            *(TextLine(f"{i}. {name}") for i, name in enumerate(result.missing_materials, start=1)),
        ]
    note = [*field(say("note"), result.note, paper)] if result.note else []
    once = [TextLine(row, bold=True) for row in wrap(say("once"), columns(paper))] if result.printed_once else []
    title = say("title")
    chinese_title = [centred(RESULT_TITLE)] if language != "zh_CN" else []
    return Document(
        "result",
        (
            *(centred(row, bold=True) for row in wrap(result.hall_name, columns(paper))),
            centred(title, width=fitting_width(title, paper, 2), height=2, bold=True),
            *chinese_title,
            Rule(),
            *field(say("number"), result.filing_number, paper, bold=True),
            *field(say("item"), result.item_name, paper),
            *completed,
            centred(result.status_text, width=status_width, height=2, bold=True),
            Rule(),
            heading(say("result")),
            TextLine(result.result_summary),
            *note,
            *missing,
            *collection,
            Rule(),
            *once,
            qr_code(result.qr_payload, paper),
            *(centred(row) for row in wrap(say("qr"), columns(paper))),
            *field(say("phone"), result.hall_phone, paper),
            *finish(),
        ),
    )
