"""A notice, or a table of the 政务公开 screen (fees, 办件公示, staff board), to read by touch: a scroll area that
pages by whole lines (ui/widgets/scroll.py), its text as published, markup included as the characters typed."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QScroller, QVBoxLayout, QWidget

from common.hallapi.disclosure import NoticeOut
from ui.i18n import translate
from ui.widgets.basics import label, show_text
from ui.widgets.scroll import WholeLineScroll

INDENT = "\u3000\u3000"  # how a Chinese paragraph starts


def notice_rows(notice: NoticeOut, english: bool) -> list[tuple[str, str]]:
    """The notice's paragraphs, then its attachments' names (read on the hall's website)."""
    paragraphs = [p for p in notice.body.split("\n\n") if p.strip()]
    body = "\n\n".join(INDENT + p.replace("\n", "\n" + INDENT) for p in paragraphs)
    rows = [("", body)]
    if notice.attachments:
        names = "\n".join(f"{n}. {a.name}" for n, a in enumerate(notice.attachments, start=1))
        rows.append((translate("DisclosureRead", "附件（请到大厅网站查看）"), names))
    return rows


def notice_meta(notice: NoticeOut, english: bool) -> str:
    lines = [notice.number] if notice.number else []
    if english:
        lines.append(f"Issued by {notice.issuer} · {notice.date.isoformat()}")
    else:
        lines.append(f"{notice.issuer} · {notice.date.isoformat()}")
    return "\n".join(lines)


class DisclosureReader(WholeLineScroll):
    def __init__(self) -> None:
        super().__init__()
        QScroller.grabGesture(self.viewport(), QScroller.ScrollerGestureType.LeftMouseButtonGesture)
        body = QWidget()
        self.column = QVBoxLayout(body)
        self.column.setContentsMargins(0, 0, 16, 0)
        self.column.setSpacing(10)
        self.heading = label("title", data=True)
        self.meta = label("muted", data=True)
        self.note = label("muted")
        for widget in (self.heading, self.meta, self.note):
            self.column.addWidget(widget)
        self.rows: list[tuple[QLabel, QLabel]] = []
        self.column.addStretch(1)
        self.setWidget(body)
        self._shown: object = None

    def show_text(self, key: object, heading: str, meta: str, note: str, rows: list[tuple[str, str]]) -> None:
        """Show ``rows`` of (heading, text); back at the top when ``key`` (what is shown) changed."""
        show_text(self.heading, heading)
        show_text(self.meta, meta)
        show_text(self.note, note)
        while len(self.rows) < len(rows):
            title, text = label("section", data=True), label("body", data=True)
            self.column.insertWidget(self.column.count() - 1, title)
            self.column.insertWidget(self.column.count() - 1, text)
            self.rows.append((title, text))
        for index, (title, text) in enumerate(self.rows):
            shown = rows[index] if index < len(rows) else ("", "")
            show_text(title, shown[0])
            show_text(text, shown[1])
        if self._shown != key:
            self._shown = key
            self.verticalScrollBar().setValue(0)
