"""The home screen's cards: each category's hours and state, the help card (or, with the hall away, the one
message saying so with the hotline), and Chinese lines broken only between phrases."""

from __future__ import annotations

from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QWidget

from common.refusals import hall_offline
from devices.words import Words
from kiosk.flows.home import HomeFlow
from ui.context import UiContext
from ui.i18n import translate
from ui.widgets.basics import frame, label, set_text, show_text

PHRASE_ENDS = "，；：、"


def phrase_lines(text: str, metrics: QFontMetrics, width: int) -> str:
    """Chinese wraps between any two characters (领取排队 / 号): when ``text`` is wider than ``width``, break it
    after its phrases' punctuation instead, so no word is cut. A phrase wider than a line still wraps."""
    if not text or metrics.horizontalAdvance(text) <= width:
        return text
    phrases, current = [], ""
    for char in text:
        current += char
        if char in PHRASE_ENDS:
            phrases.append(current)
            current = ""
    if current:
        phrases.append(current)
    lines = [""]
    for phrase in phrases:
        if lines[-1] and metrics.horizontalAdvance(lines[-1] + phrase) > width:
            lines.append(phrase)
        else:
            lines[-1] += phrase
    return "\n".join(lines)


class HoursCard:
    """各业务办理时间: name, hours, state (the queue, or when it opens). Stacked (name and state above the hours)
    in the narrow column of a landscape screen; elder mode leaves the hours out (the state says when); with the
    hall away the states go (an old queue count is worse than none)."""

    def __init__(self, stacked: bool) -> None:
        self.frame, column = frame("card", margins=28, spacing=12)
        self.stacked = stacked
        self.title = label("section")
        column.addWidget(self.title)
        rows = QWidget()
        self.rows = QGridLayout(rows)
        self.rows.setContentsMargins(0, 0, 0, 0)
        self.rows.setHorizontalSpacing(24)
        self.rows.setVerticalSpacing(4 if stacked else 10)
        column.addWidget(rows)
        self.note = label("muted")
        column.addWidget(self.note)
        self.cells: list[tuple[QLabel, QLabel, QLabel]] = []
        self.compact = False  # the hours left out (the state still says when each opens): set to fit the glass
        self._arranged: bool | None = None  # with_hours of the cells' current arrangement
        self.with_hours = True  # the table shows the hours (not in elder mode, nor when home had to make room)

    def show(self, ui: UiContext, flow: HomeFlow, note: str) -> None:
        set_text(self.title, translate("Home", "各业务办理时间"))
        show_text(self.note, note)
        categories = flow.categories
        self._grow(len(categories))
        zh, elder, online = ui.language == "zh_CN", ui.kiosk.elder_mode, flow.online
        # Elder mode and a tight screen leave the hours out (each state says when it opens); with the hall away
        # the states go, so the hours stay: they are all the table says then.
        with_hours = not online or (not elder and not self.compact)
        self._arrange(with_hours)
        self.with_hours = with_hours
        for index, (name, hours, state) in enumerate(self.cells):
            visible = index < len(categories)
            name.setVisible(visible)
            hours.setVisible(visible and with_hours)
            state.setVisible(visible and online)
            if not visible:
                continue
            category = categories[index]
            set_text(name, category.name_zh if zh else category.name_en)
            set_text(hours, (category.hours_zh if zh else category.hours_en) or translate("Home", "见大厅公告"))
            set_text(state, ui.words(flow.state(category)))
            _role(state, "good-small" if category.open else "body")

    def _grow(self, count: int) -> None:
        while len(self.cells) < count:
            name, hours, state = label("body"), label("body"), label("body", wrap=False)
            _role(hours, "muted")
            for cell in (name, hours, state):  # a cell out of the grid (the hours, left out) is never a window
                cell.setParent(self.rows.parentWidget())
            self.cells.append((name, hours, state))
            self._arranged = None

    def _arrange(self, with_hours: bool) -> None:
        """Put the cells in their rows: name, hours, state side by side; stacked (landscape), the name on its line
        and the hours and state under it; without the hours, name and state side by side, the names taking the
        room the hours leave."""
        if self._arranged == with_hours:
            return
        for cells in self.cells:
            for cell in cells:
                self.rows.removeWidget(cell)
        for row, (name, hours, state) in enumerate(self.cells):
            if not with_hours:
                self.rows.addWidget(name, row, 0)
                self.rows.addWidget(state, row, 2)
            elif self.stacked:
                self.rows.addWidget(name, 2 * row, 0, 1, 3)
                self.rows.addWidget(hours, 2 * row + 1, 0, 1, 2)
                self.rows.addWidget(state, 2 * row + 1, 2)
            else:
                for column, cell in enumerate((name, hours, state)):
                    self.rows.addWidget(cell, row, column)
        side_by_side = with_hours and not self.stacked
        self.rows.setColumnStretch(0, 3 if side_by_side else 1)
        self.rows.setColumnStretch(1, 4 if side_by_side else 0)
        self._arranged = with_hours


class HelpCard:
    """The hotline, always in sight; with the hall away it says, once, what happened, when it works again and
    what to do now (common.refusals.hall_offline: the take-a-number screen's words)."""

    def __init__(self) -> None:
        self.frame, column = frame("card", margins=28, spacing=10)
        self.what = label("subtitle")
        self.detail = label("body")
        self.hotline = label("subtitle")
        self.note = label("muted")
        for widget in (self.what, self.detail, self.hotline, self.note):
            column.addWidget(widget)

    def show(self, ui: UiContext, online: bool, with_hours: bool = True) -> None:
        phone = ui.kiosk.settings.help_hotline
        _role(self.frame, "card" if online else "warn")
        if online:
            show_text(self.what, "")
            show_text(self.detail, "")
            set_text(self.hotline, translate("Home", "需要帮助？请拨打服务热线 {phone}").format(phone=phone))
            note = translate("Home", "自助服务24小时开放；人工窗口按上表时间办理。") if with_hours else ""
            show_text(self.note, note)
            return
        refusal = hall_offline()
        show_text(self.what, ui.words(refusal.what))
        rest = [refusal.when, refusal.now] if refusal.when else [refusal.now]
        show_text(self.detail, ui.words(_sentences(rest)))
        set_text(self.hotline, translate("Home", "拨打服务热线 {phone}").format(phone=phone))
        show_text(self.note, "")


def _sentences(parts: list[Words]) -> Words:
    """One sentence a line in Chinese (a line never ends on an orphaned character); English wraps at spaces."""
    zh = "\n".join(part.zh.rstrip("。") + "。" for part in parts)
    return Words(zh, " ".join(part.en.rstrip(".") + "." for part in parts))


def _role(widget: QLabel | QFrame, role: str) -> None:
    if widget.property("role") != role:
        widget.setProperty("role", role)
        widget.style().unpolish(widget)
        widget.style().polish(widget)
