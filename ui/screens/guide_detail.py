"""One service item's guide with every published field (办事指南, 行政许可法 Art. 30), scrollable by touch."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QScroller, QVBoxLayout, QWidget

from common.hallapi.catalog import LIFE_EVENTS_EN
from kiosk.printing.wording import copies_en, visits_words
from kiosk.station.ports import GuideItem, Material
from ui.context import UiContext
from ui.i18n import translate
from ui.widgets.basics import label, set_text, show_text
from ui.widgets.scroll import WholeLineScroll


def material_line(number: int, material: Material, english: bool = False) -> str:
    """The material's published name and note; its form and copies in the citizen's language."""
    if english:
        copies = copies_en(material.form, material.count)
        note = f"; {material.note}" if material.note else ""
        optional = "" if material.required else " (when it applies)"
        return f"{number}. {material.name} ({copies}){optional}{note}"
    copies = f"{material.form} {material.count} 份"
    note = f"；{material.note}" if material.note else ""
    optional = "" if material.required else "（视情况提交）"
    return f"{number}. {material.name}（{copies}）{optional}{note}"


def numbered(lines: tuple[str, ...]) -> str:
    return "\n".join(f"{n}. {line}" for n, line in enumerate(lines, start=1))


def visits_text(item: GuideItem, english: bool = False) -> str:
    if english:
        return visits_words(item.max_visits).en
    return "零跑动" if item.max_visits == 0 else f"最多跑 {item.max_visits} 次"


def time_limit_text(item: GuideItem, english: bool = False) -> str:
    if english and item.time_limit_en:
        return item.time_limit_en
    if item.time_limit:
        return item.time_limit
    statutory = "即办" if item.statutory_days == 0 else f"{item.statutory_days} 个工作日"
    promised = "即办" if item.promised_days == 0 else f"{item.promised_days} 个工作日"
    return f"法定时限：{statutory}；承诺时限：{promised}"


# (heading in the source language, the item's text for it); the heading goes through translate().
def sections(item: GuideItem, english: bool = False) -> list[tuple[str, str]]:
    """The item's fields: what the hall publishes as published; the kiosk's own words in the citizen's language."""
    fee = item.fee + (f"（依据：{item.fee_basis}）" if item.fee_basis else "")
    if english and item.fee_en:
        fee = item.fee_en + (f" (basis: {item.fee_basis})" if item.fee_basis else "")
    department = f"{item.department_en} ({item.department})" if english and item.department_en else item.department
    fileable = "可在本机自助申报" if item.fileable else "请到窗口办理"
    if english:
        fileable = "Can be filed at this kiosk" if item.fileable else "At a service window"
    events = "、".join(item.life_events)
    if english:
        events = ", ".join(LIFE_EVENTS_EN.get(event, event) for event in item.life_events)
    return [
        (translate("GuideDetail", "实施编码"), item.code),
        (translate("GuideDetail", "实施主体"), department),
        (translate("GuideDetail", "概要"), item.summary_en if english and item.summary_en else item.summary),
        (translate("GuideDetail", "受理条件"), numbered(item.conditions)),
        (
            translate("GuideDetail", "申请材料（一次性告知）"),
            "\n".join(material_line(n, m, english) for n, m in enumerate(item.materials, start=1)),
        ),
        (translate("GuideDetail", "办理流程"), numbered(item.procedure)),
        (translate("GuideDetail", "办理时限"), time_limit_text(item, english)),
        (translate("GuideDetail", "收费标准"), fee),
        (translate("GuideDetail", "到现场次数"), visits_text(item, english)),
        (translate("GuideDetail", "办理地点"), item.place),
        (translate("GuideDetail", "办理时间"), item.hours),
        (translate("GuideDetail", "咨询电话"), item.contact),
        (translate("GuideDetail", "投诉电话"), item.complaint_phone),
        (translate("GuideDetail", "设定依据"), numbered(item.legal_basis)),
        (translate("GuideDetail", "网上办理"), item.online_url),
        (translate("GuideDetail", "自助办理"), fileable),
        (translate("GuideDetail", "人生事件"), events),
    ]


class GuideDetail(WholeLineScroll):
    def __init__(self) -> None:
        super().__init__()
        QScroller.grabGesture(self.viewport(), QScroller.ScrollerGestureType.LeftMouseButtonGesture)
        body = QWidget()
        self.column = QVBoxLayout(body)
        self.column.setContentsMargins(0, 0, 16, 0)
        self.column.setSpacing(10)
        self.name = label("title", data=True)
        self.language_note = label("muted")
        self.column.addWidget(self.name)
        self.column.addWidget(self.language_note)
        self.rows: list[tuple[QLabel, QLabel]] = []
        self.column.addStretch(1)
        self.setWidget(body)
        self._shown: str | None = None

    def show_item(self, ui: UiContext, item: GuideItem) -> None:
        set_text(self.name, item.name)
        english = ui.language == "en"
        show_text(self.language_note, translate("GuideDetail", "办事指南以中文发布。") if english else "")
        content = sections(item, english)
        while len(self.rows) < len(content):
            heading, text = label("section"), label("body", data=True)
            self.column.insertWidget(self.column.count() - 1, heading)
            self.column.insertWidget(self.column.count() - 1, text)
            self.rows.append((heading, text))
        for (heading, text), (title, value) in zip(self.rows, content, strict=True):
            set_text(heading, title)
            set_text(text, value)
            heading.setVisible(bool(value))
            text.setVisible(bool(value))
        if self._shown != item.code:
            self._shown = item.code
            self.verticalScrollBar().setValue(0)
