"""A 政务公开 notice on paper (docs/disclosure.md): the title, the document number, the issuer and date, the body
wrapped paragraph by paragraph, the attachments' names, and when it was printed. The notice is published in
Chinese and prints as published; the kiosk's own words follow the citizen's language."""

from __future__ import annotations

from datetime import date, datetime, tzinfo

from common.hallapi.disclosure import KIND_WORDS, NoticeOut
from devices.printer import Block, Document, PaperSpec, Rule, TextLine
from devices.textwidth import wrap
from devices.words import Language, Words
from kiosk.printing.layout import centred, columns, field, finish, fitting_width, format_time

INDENT = "    "  # two characters wide: how a Chinese paragraph starts (U+3000 would print as an image)
WORDS = {
    "issuer": Words("发布机关", "Issued by"),
    "date": Words("发布日期", "Date"),
    "attachments": Words("附件（请到大厅网站查看）", "Attachments (on the hall's website)"),
    "printed": Words("打印时间", "Printed"),
    "as_published": Words("以大厅公布的内容为准", "The text published by the hall prevails."),
    "copy_of": Words("本机保存的 {date} 的内容", "The copy this kiosk kept on {date}"),
}


def body_lines(body: str, paper: PaperSpec) -> list[TextLine]:
    """Each paragraph indented and wrapped to the paper, a blank line between paragraphs."""
    lines: list[TextLine] = []
    for number, paragraph in enumerate(p for p in body.split("\n\n") if p.strip()):
        if number:
            lines.append(TextLine(""))
        for line in paragraph.split("\n"):
            lines += [TextLine(row) for row in wrap(INDENT + line.strip(), columns(paper))]
    return lines


def printed_notice(
    notice: NoticeOut,
    paper: PaperSpec,
    *,
    printed_at: datetime,
    zone: tzinfo,
    language: Language = "zh_CN",
    copy_of: date | None = None,
) -> Document:
    """The notice as published; ``copy_of`` the day of the kiosk's kept copy when the hall could not be asked."""

    def say(key: str) -> str:
        return WORDS[key].pick(language)

    kind = KIND_WORDS[notice.kind][0 if language == "zh_CN" else 1]
    head: list[Block] = [
        centred(kind, width=fitting_width(kind, paper, 2), height=2, bold=True),
        *(centred(row, bold=True) for row in wrap(notice.title, columns(paper))),
    ]
    if notice.number:
        head.append(centred(notice.number))
    head += [
        *field(say("issuer"), notice.issuer, paper),
        *field(say("date"), notice.date.isoformat(), paper),
        Rule(),
    ]
    tail: list[Block] = []
    if notice.attachments:
        tail += [Rule(), TextLine(say("attachments"), bold=True)]
        for number, attachment in enumerate(notice.attachments, start=1):
            tail += [TextLine(row) for row in wrap(f"{number}. {attachment.name}", columns(paper))]
    tail.append(Rule())
    if copy_of is not None:
        when = f"{copy_of.month}月{copy_of.day}日" if language == "zh_CN" else copy_of.isoformat()
        tail += [TextLine(row) for row in wrap(say("copy_of").format(date=when), columns(paper))]
    tail += [
        *field(say("printed"), format_time(printed_at, zone), paper),
        *(TextLine(row) for row in wrap(say("as_published"), columns(paper))),
    ]
    return Document("notice", (*head, *body_lines(notice.body, paper), *tail, *finish()))
