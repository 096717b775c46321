"""The service guide printout (办事指南): every published fact about a service item, on paper to take home."""

from __future__ import annotations

from collections.abc import Sequence

from common.guide import ServiceGuide
from devices.printer import Block, Document, PaperSpec, Rule, TextLine
from kiosk.printing.layout import centred, field, finish, fitting_width, heading, spread, working_days

GUIDE_TITLE = "办事指南"
# The sections in print order; every guide prints all of them, saying 无 where a section is empty.
GUIDE_SECTIONS = (
    "基本信息",
    "设定依据",
    "受理条件",
    "申请材料",
    "办理流程",
    "办理时限",
    "收费标准",
    "办理地点",
    "咨询投诉",
)
ALL_AT_ONCE_NOTICE = "以下为全部申请材料（一次性告知）"


def _numbered(entries: tuple[str, ...]) -> list[TextLine]:
    if not entries:
        return [TextLine("无")]
    if len(entries) == 1:
        return [TextLine(entries[0])]
    return [TextLine(f"{i}. {entry}") for i, entry in enumerate(entries, start=1)]


def _visits(max_visits: int) -> str:
    return "零跑动（全程网办）" if max_visits == 0 else f"最多跑 {max_visits} 次"


def _section(name: str, body: Sequence[Block]) -> list[Block]:
    return [Rule(), heading(name), *body]


def _materials(guide: ServiceGuide, paper: PaperSpec) -> list[Block]:
    if not guide.materials:
        return [TextLine("无需提交材料")]
    blocks: list[Block] = [TextLine(ALL_AT_ONCE_NOTICE)]
    for i, material in enumerate(guide.materials, start=1):
        blocks += spread(f"{i}. {material.name}", material.requirement, paper)
        if material.notes:
            blocks.append(TextLine(f"注：{material.notes}"))
    return blocks


def service_guide(guide: ServiceGuide, paper: PaperSpec) -> Document:
    """The whole guide as headed sections; long paragraphs are left to the driver's wrapping."""
    kiosk = "可在本自助终端办理" if guide.kiosk_available else "需到窗口办理"
    fee: list[Block] = [TextLine("不收费")]
    if guide.fee is not None:
        fee = [*field("收费项目", guide.fee, paper), *field("收费依据", guide.fee_basis or "无", paper)]
    sections: dict[str, Sequence[Block]] = {
        "基本信息": [
            *field("实施编码", guide.item_code, paper),
            *field("实施主体", guide.department, paper),
            *field("到场次数", _visits(guide.max_visits), paper),
            *field("自助办理", kiosk, paper),
        ],
        "设定依据": _numbered(guide.legal_basis),
        "受理条件": _numbered(guide.conditions),
        "申请材料": _materials(guide, paper),
        "办理流程": _numbered(guide.procedure),
        "办理时限": [
            *field("法定办结时限", working_days(guide.statutory_days), paper),
            *field("承诺办结时限", working_days(guide.promised_days), paper),
        ],
        "收费标准": fee,
        "办理地点": [TextLine(guide.apply_at)],
        "咨询投诉": [
            *field("咨询电话", guide.consultation_phone, paper),
            *field("投诉电话", guide.complaint_phone, paper),
        ],
    }
    body = [block for name in GUIDE_SECTIONS for block in _section(name, sections[name])]
    return Document(
        "guide",
        (
            centred(GUIDE_TITLE, width=fitting_width(GUIDE_TITLE, paper, 2), height=2, bold=True),
            centred(guide.name, bold=True),
            *body,
            *finish(),
        ),
    )
