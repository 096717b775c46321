"""The service guide printout (办事指南): every published fact about a service item, on paper to take home, in the
language the citizen used (the published content itself stays as published, in Chinese)."""

from __future__ import annotations

from collections.abc import Sequence

from common.guide import ServiceGuide
from devices.printer import Block, Document, PaperSpec, Rule, TextLine
from devices.textwidth import wrap
from devices.words import Language, Words
from kiosk.printing.layout import centred, columns, field, finish, fitting_width, heading, spread
from kiosk.printing.wording import AS_PUBLISHED, requirement, visits_words, working_days_words

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
SECTION_WORDS = {
    "基本信息": Words("基本信息", "Basic facts"),
    "设定依据": Words("设定依据", "Legal basis"),
    "受理条件": Words("受理条件", "Who can apply"),
    "申请材料": Words("申请材料", "Required materials"),
    "办理流程": Words("办理流程", "Steps"),
    "办理时限": Words("办理时限", "Time limit"),
    "收费标准": Words("收费标准", "Fees"),
    "办理地点": Words("办理地点", "Where to apply"),
    "咨询投诉": Words("咨询投诉", "Enquiries and complaints"),
}
TITLE = Words(GUIDE_TITLE, "Service Guide")
ALL_AT_ONCE_NOTICE = "以下为全部申请材料（一次性告知）"
WORDS = {
    "all_at_once": Words(ALL_AT_ONCE_NOTICE, "These are all the materials required (told in full, once)."),
    "none": Words("无", "none"),
    "no_materials": Words("无需提交材料", "No materials needed"),
    "note": Words("注", "Note"),
    "code": Words("实施编码", "Item code"),
    "department": Words("实施主体", "Department"),
    "visits": Words("到场次数", "Visits"),
    "kiosk": Words("自助办理", "Self-service"),
    "kiosk_yes": Words("可在本自助终端办理", "can be filed at this kiosk"),
    "kiosk_no": Words("需到窗口办理", "at a service window"),
    "free": Words("不收费", "Free of charge"),
    "fee": Words("收费项目", "Fee"),
    "fee_basis": Words("收费依据", "Basis"),
    "statutory": Words("法定办结时限", "By law"),
    "promised": Words("承诺办结时限", "Promised"),
    "consultation": Words("咨询电话", "Enquiries"),
    "complaint": Words("投诉电话", "Complaints"),
}


def _numbered(entries: tuple[str, ...], none: str) -> list[TextLine]:
    if not entries:
        return [TextLine(none)]
    if len(entries) == 1:
        return [TextLine(entries[0])]
    return [TextLine(f"{i}. {entry}") for i, entry in enumerate(entries, start=1)]


def _section(name: str, body: Sequence[Block], language: Language) -> list[Block]:
    return [Rule(), heading(SECTION_WORDS[name].pick(language)), *body]


def _materials(guide: ServiceGuide, paper: PaperSpec, language: Language) -> list[Block]:
    if not guide.materials:
        return [TextLine(WORDS["no_materials"].pick(language))]
    blocks: list[Block] = [TextLine(row) for row in wrap(WORDS["all_at_once"].pick(language), columns(paper))]
    for i, material in enumerate(guide.materials, start=1):
        blocks += spread(f"{i}. {material.name}", requirement(material, language), paper)
        if material.notes:
            colon = "：" if language == "zh_CN" else ": "
            blocks.append(TextLine(f"{WORDS['note'].pick(language)}{colon}{material.notes}"))
    return blocks


def service_guide(guide: ServiceGuide, paper: PaperSpec, language: Language = "zh_CN") -> Document:
    """The whole guide as headed sections; long paragraphs are left to the driver's wrapping."""

    def say(key: str) -> str:
        return WORDS[key].pick(language)

    none = WORDS["none"].pick(language)
    kiosk = say("kiosk_yes") if guide.kiosk_available else say("kiosk_no")
    fee: list[Block] = [TextLine(say("free"))]
    if guide.fee is not None:
        fee = [*field(say("fee"), guide.fee, paper), *field(say("fee_basis"), guide.fee_basis or none, paper)]
    department = guide.department
    if language == "en" and guide.department_en:
        department = f"{guide.department_en} ({guide.department})"
    sections: dict[str, Sequence[Block]] = {
        "基本信息": [
            *field(say("code"), guide.item_code, paper),
            *field(say("department"), department, paper),
            *field(say("visits"), visits_words(guide.max_visits).pick(language), paper),
            *field(say("kiosk"), kiosk, paper),
        ],
        "设定依据": _numbered(guide.legal_basis, none),
        "受理条件": _numbered(guide.conditions, none),
        "申请材料": _materials(guide, paper, language),
        "办理流程": _numbered(guide.procedure, none),
        "办理时限": [
            *field(say("statutory"), working_days_words(guide.statutory_days).pick(language), paper),
            *field(say("promised"), working_days_words(guide.promised_days).pick(language), paper),
        ],
        "收费标准": fee,
        "办理地点": [TextLine(guide.apply_at)],
        "咨询投诉": [
            *field(say("consultation"), guide.consultation_phone, paper),
            *field(say("complaint"), guide.complaint_phone, paper),
        ],
    }
    body = [block for name in GUIDE_SECTIONS for block in _section(name, sections[name], language)]
    title = TITLE.pick(language)
    note = [TextLine(row) for row in wrap(AS_PUBLISHED.en, columns(paper))] if language == "en" else []
    return Document(
        "guide",
        (
            centred(title, width=fitting_width(title, paper, 2), height=2, bold=True),
            centred(guide.name, bold=True),
            *note,
            *body,
            *finish(),
        ),
    )
