"""Appointment booking (预约办理): book (item, time, ID card, phone, confirm, the code and the slip) or manage an
appointment (the slip's QR or the ID card, then cancel or change). The pages are in booking_choose.py and
booking_pages.py; the words in kiosk/flows/booking_labels.py. docs/booking.md."""

from __future__ import annotations

from PySide6.QtCore import Qt

from kiosk.flows.booking import BookingFlow
from kiosk.flows.booking_labels import LABELS, TITLES
from kiosk.flows.booking_manage import BookingStep, Mode
from ui.context import UiContext
from ui.screens.base import BACK, FlowScreen, declare
from ui.screens.booking_choose import ItemPage, SlotsPage
from ui.screens.booking_pages import (
    Card,
    ConfirmPage,
    DonePage,
    FindPage,
    ManagePage,
    PhonePage,
    booking_text,
    when,
)
from ui.screens.card_reading import ReadingPanel
from ui.screens.panels import ConsentPanel, RetryPanel, WaitPanel, button_row
from ui.screens.refusal import RefusalBox
from ui.widgets.basics import button, frame, label, set_text
from ui.widgets.grid import ButtonGrid
from ui.widgets.icons import Icon


class BookingScreen(FlowScreen[BookingFlow]):
    flow_type = BookingFlow

    def __init__(self, ui: UiContext) -> None:
        super().__init__(ui)
        act, flow = ui.act, self._flow
        self.wait = WaitPanel(self.page(BookingStep.WORKING))
        self.paused = RetryPanel(self.page(BookingStep.PAUSED), lambda: act(flow().retry), ui.home)
        self._build_start()
        self.item_page = ItemPage(ui, self.page(BookingStep.ITEM))
        self.slots_page = SlotsPage(ui, self.page(BookingStep.SLOTS))
        self.consent = ConsentPanel(
            self.page(BookingStep.CONSENT), lambda: act(flow().agree), lambda: act(lambda: flow().decline())
        )
        self.reading = ReadingPanel(self.page(BookingStep.READING), lambda: act(lambda: flow().cancel_read()))
        column = self.page(BookingStep.READ_FAILED)
        self.read_failed = RefusalBox(column)
        column.addStretch(1)
        self.read_other = declare(button("secondary", lambda: act(lambda: flow().decline())), BACK)
        self.read_again = button("primary", lambda: act(flow().agree))
        button_row(column, self.read_other, self.read_again)
        self.phone_page = PhonePage(ui, self.page(BookingStep.PHONE), flow)
        self.confirm_page = ConfirmPage(ui, self.page(BookingStep.CONFIRM), flow)
        self.done_page = DonePage(ui, self.page(BookingStep.DONE))
        self.cancelled_page = DonePage(ui, self.page(BookingStep.CANCELLED))
        column = self.page(BookingStep.LIMIT)
        self.limit_refusal = RefusalBox(column)
        self.limit_card = Card(column)
        column.addStretch(1)
        self.limit_back = declare(button("secondary", lambda: act(ui.kiosk.back)), BACK)
        self.limit_manage = button("primary", lambda: act(lambda: flow().manage_existing()))
        button_row(column, self.limit_back, self.limit_manage)
        self.find_page = FindPage(ui, self.page(BookingStep.FIND), flow)
        column = self.page(BookingStep.FOUND)
        self.found = ButtonGrid("choice", lambda index: act(lambda: flow().open_booking(index)), data=True)
        column.addWidget(self.found)
        column.addStretch(1)
        self.manage_page = ManagePage(
            ui, self.page(BookingStep.MANAGE), lambda: act(lambda: flow().ask_cancel()), lambda: act(flow().change),
            asking=False,
        )  # fmt: skip
        self.cancel_page = ManagePage(
            ui, self.page(BookingStep.CANCEL_CONFIRM), lambda: act(ui.kiosk.back), lambda: act(flow().cancel),
            asking=True,
        )  # fmt: skip

    def _build_start(self) -> None:
        act, flow = self.ui.act, self._flow
        column = self.page(BookingStep.START)
        self.start_refusal = RefusalBox(column)
        self.choices = ButtonGrid("choice", self._choose, columns=1)
        column.addWidget(self.choices)
        scan_card, scan = frame("card", vertical=False, margins=32, spacing=28)
        scan.addWidget(Icon("check_in", "#00796b", 110), 0, Qt.AlignmentFlag.AlignVCenter)
        words = frame("plain", margins=0, spacing=8)
        self.scan_title, self.scan_hint = label("subtitle"), label("body")
        words[1].addWidget(self.scan_title)
        words[1].addWidget(self.scan_hint)
        scan.addWidget(words[0], 1)
        column.addWidget(scan_card)
        column.addStretch(1)
        self._start_actions = (lambda: act(lambda: flow().book_new()), lambda: act(lambda: flow().manage()))

    def _choose(self, index: int) -> None:
        if index < len(self._start_actions):
            self._start_actions[index]()

    def _flow(self) -> BookingFlow:
        flow = self.flow
        assert flow is not None
        return flow

    def render_flow(self, flow: BookingFlow) -> None:
        ui, step = self.ui, flow.step
        self.show_step(step)
        title = {
            BookingStep.START: "start", BookingStep.WORKING: "start", BookingStep.PAUSED: "start",
            BookingStep.ITEM: "item", BookingStep.SLOTS: "slots", BookingStep.CONSENT: "start",
            BookingStep.READING: "start", BookingStep.READ_FAILED: "read_failed", BookingStep.PHONE: "phone",
            BookingStep.CONFIRM: "change_confirm" if flow.mode is Mode.CHANGE else "confirm",
            BookingStep.DONE: "changed" if flow.mode is Mode.CHANGE else "done", BookingStep.LIMIT: "limit",
            BookingStep.FIND: "find", BookingStep.FOUND: "found", BookingStep.MANAGE: "manage",
            BookingStep.CANCEL_CONFIRM: "cancel_confirm", BookingStep.CANCELLED: "cancelled",
        }[step]  # fmt: skip
        set_text(self.title, ui.words(TITLES[title]))
        if step is BookingStep.START:
            self.start_refusal.render(ui, flow.message)
            self.choices.show_items([ui.words(LABELS["new"]), ui.words(LABELS["mine"])])
            set_text(self.scan_title, ui.words(LABELS["scan_title"]))
            set_text(self.scan_hint, ui.words(LABELS["scan_hint"]))
        elif step is BookingStep.WORKING:
            self.wait.render(ui.words(flow.working))
        elif step is BookingStep.PAUSED:
            self.paused.render(ui, ui.words(flow.message))
        elif step is BookingStep.ITEM:
            self.item_page.render(flow)
        elif step is BookingStep.SLOTS:
            self.slots_page.render(flow)
        elif step is BookingStep.CONSENT:
            self.consent.render(ui)
        elif step is BookingStep.READING:
            self.reading.render(ui)
        elif step is BookingStep.READ_FAILED:
            self.read_failed.render(ui, flow.message)
            set_text(self.read_other, ui.words(LABELS["read_other"]))
            set_text(self.read_again, ui.words(LABELS["read_again"]))
        else:
            self._render_rest(flow)

    def _render_rest(self, flow: BookingFlow) -> None:
        ui, step = self.ui, flow.step
        if step is BookingStep.PHONE:
            self.phone_page.render(flow)
        elif step is BookingStep.CONFIRM:
            self.confirm_page.render(flow)
        elif step is BookingStep.DONE:
            self.done_page.render(flow)
        elif step is BookingStep.CANCELLED:
            self.cancelled_page.render(flow, cancelled=True)
        elif step is BookingStep.LIMIT:
            self.limit_refusal.render(ui, flow.message)
            chosen = flow.chosen
            self.limit_card.frame.setVisible(chosen is not None)
            if chosen is not None:
                code = f"{ui.words(LABELS['code_label'])}{'：' if ui.language == 'zh_CN' else ': '}{chosen.code}"
                self.limit_card.render(code, booking_text(ui, chosen))
            set_text(self.limit_back, ui.words(LABELS["back"]))
            set_text(self.limit_manage, ui.words(LABELS["manage_it"]))
            self.limit_manage.setVisible(chosen is not None)
        elif step is BookingStep.FIND:
            self.find_page.render(flow)
        elif step is BookingStep.FOUND:
            language = ui.language
            self.found.show_items(
                [f"{b.item_name.pick(language) or b.item_name.zh}\n{b.code} · {when(ui, b)}" for b in flow.found]
            )
        elif step is BookingStep.MANAGE:
            self.manage_page.render(flow, flow.chosen)
        elif step is BookingStep.CANCEL_CONFIRM:
            self.cancel_page.render(flow, flow.chosen)
