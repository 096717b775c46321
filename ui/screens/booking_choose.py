"""The booking screen's choosing pages: the item (a list in pages, or pinyin initials on the letter keyboard), and the
time (a strip of the coming working days, then the day's times with the places left; a full time is shown, greyed,
never hidden; after a time was taken meanwhile, the nearest free ones first)."""

from __future__ import annotations

from PySide6.QtWidgets import QBoxLayout

from kiosk.flows.booking import BookingFlow
from kiosk.flows.booking_labels import LABELS
from kiosk.flows.booking_words import places_words
from kiosk.printing.booking_slip import day_words, span
from kiosk.station.booking_port import Slot
from ui.context import UiContext
from ui.screens.refusal import RefusalBox
from ui.widgets.basics import button, frame, label, set_text, show_text
from ui.widgets.grid import ButtonGrid
from ui.widgets.keys import LetterKeyboard
from ui.widgets.pager import Pager


def say(ui: UiContext, key: str) -> str:
    return ui.words(LABELS[key])


class ItemPage:
    def __init__(self, ui: UiContext, column: QBoxLayout) -> None:
        self.ui = ui
        act = ui.act
        self.refusal = RefusalBox(column)
        self.toggle = button("secondary", lambda: act(lambda: self._flow().toggle_search()))
        column.addWidget(self.toggle)
        self.query_card, query = frame("card", vertical=False, margins=24)
        self.query = label("title", data=True, wrap=False)
        self.query_hint = label("muted")
        query.addWidget(self.query)
        query.addWidget(self.query_hint, 1)
        column.addWidget(self.query_card)
        self.keyboard = LetterKeyboard(
            lambda letter: act(lambda: self._flow().type_letter(letter)), lambda: act(lambda: self._flow().erase())
        )
        column.addWidget(self.keyboard)
        self.items = ButtonGrid("choice", self._item, columns=ui.theme.list_columns, data=True)
        column.addWidget(self.items)
        self.empty = label("muted")
        column.addWidget(self.empty)
        column.addStretch(1)
        self.pager = Pager(
            lambda: act(lambda: self._flow().previous_page()), lambda: act(lambda: self._flow().next_page())
        )
        column.addLayout(self.pager.row)

    def _flow(self) -> BookingFlow:
        flow = self.ui.kiosk.flow
        assert isinstance(flow, BookingFlow)
        return flow

    def _item(self, index: int) -> None:
        shown = self._flow().page_items()
        if index < len(shown):
            code = shown[index].code
            self.ui.act(lambda: self._flow().choose_item(code))

    def render(self, flow: BookingFlow) -> None:
        ui = self.ui
        # With the keyboard up, fewer items a page: the list stays on the glass.
        flow.page_size = max(2, ui.theme.list_page_size // 2) if flow.searching else ui.theme.list_page_size
        self.refusal.render(ui, flow.message)
        set_text(self.toggle, say(ui, "list" if flow.searching else "search"))
        for widget in (self.query_card, self.keyboard):
            widget.setVisible(flow.searching)
        text = ui.kiosk.session.search_text
        set_text(self.query, text.upper())
        set_text(self.query_hint, say(ui, "search_hint"))
        self.items.set_columns(ui.theme.list_columns)
        english = ui.language == "en"
        shown = flow.page_items()
        self.items.show_items(
            [f"{item.name.pick(ui.language) or item.name.zh}\n{item.department.pick(ui.language)}" for item in shown]
            if english
            else [f"{item.name.zh}\n{item.department.zh}" for item in shown]
        )
        show_text(self.empty, say(ui, "none") if not shown else "")
        self.pager.show(flow.page, flow.pages)


class SlotsPage:
    def __init__(self, ui: UiContext, column: QBoxLayout) -> None:
        self.ui = ui
        self.refusal = RefusalBox(column)
        self.instead_label = label("section")
        column.addWidget(self.instead_label)
        self.instead = ButtonGrid("choice", self._instead, columns=3)
        column.addWidget(self.instead)
        self.item = label("subtitle", data=True)
        column.addWidget(self.item)
        self.days_label = label("section")
        column.addWidget(self.days_label)
        self.days = ButtonGrid("choice", self._day, columns=3)
        column.addWidget(self.days)
        self.times_label = label("section")
        column.addWidget(self.times_label)
        self.times = ButtonGrid("choice", self._time, columns=3)
        column.addWidget(self.times)
        self.no_times = label("muted")
        column.addWidget(self.no_times)
        column.addStretch(1)
        self._shown: list[Slot] = []

    def _flow(self) -> BookingFlow:
        flow = self.ui.kiosk.flow
        assert isinstance(flow, BookingFlow)
        return flow

    def _day(self, index: int) -> None:
        self.ui.act(lambda: self._flow().choose_day(index))

    def _time(self, index: int) -> None:
        if index < len(self._shown):
            key = self._shown[index].key
            self.ui.act(lambda: self._flow().choose_slot(key))

    def _instead(self, index: int) -> None:
        offered = self._flow().picker.alternatives
        if index < len(offered):
            key = offered[index].key
            self.ui.act(lambda: self._flow().choose_slot(key))

    def render(self, flow: BookingFlow) -> None:
        ui, picker, language = self.ui, flow.picker, self.ui.language
        theme = ui.theme
        self.refusal.render(ui, flow.message)
        offered = picker.alternatives
        show_text(self.instead_label, say(ui, "instead") if offered else "")
        self.instead.set_columns(2 if theme.elder else 3)
        self.instead.show_items([f"{span(s.start, s.end)}\n{day_words(s.day).pick(language)}" for s in offered])
        self.instead.setVisible(bool(offered))
        item = flow.item
        set_text(self.item, (item.name.pick(language) or item.name.zh) if item else "")
        set_text(self.days_label, say(ui, "days"))
        self.days.set_columns(2 if theme.elder else 3)
        self.days.show_items(
            [f"{day_words(d.day).pick(language)}\n{self._day_free(d.free)}" for d in picker.days],
            checked=[index == picker.day_index for index in range(len(picker.days))],
        )
        set_text(self.times_label, say(ui, "times"))
        day = picker.day
        self._shown = list(day.slots) if day else []
        self.times.set_columns(2 if theme.elder or language == "en" else 3)
        self.times.show_items(
            [f"{span(s.start, s.end)}\n{places_words(s).pick(language)}" for s in self._shown],
            enabled=[s.free > 0 for s in self._shown],
        )
        show_text(self.no_times, say(ui, "no_times") if day is not None and day.free <= 0 else "")

    def _day_free(self, free: int) -> str:
        if free <= 0:
            return say(self.ui, "full_day")
        return say(self.ui, "free_day").format(n=free)
