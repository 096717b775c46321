"""The booking screen's other pages: the phone number on the keypad, the one confirm page, the code large when booked,
and managing an appointment (find, choose, cancel after asking, changed or cancelled)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QBoxLayout

from kiosk.flows.booking import BookingFlow
from kiosk.flows.booking_labels import LABELS
from kiosk.flows.booking_manage import Mode
from kiosk.flows.booking_words import masked_phone
from kiosk.printing.booking_slip import day_words, span
from kiosk.station.booking_port import Booking
from ui.context import UiContext
from ui.screens.base import BACK, FINISH, declare
from ui.screens.panels import button_row
from ui.screens.refusal import RefusalBox
from ui.widgets.basics import button, frame, label, set_text, show_text
from ui.widgets.icons import Icon
from ui.widgets.keys import NumericKeypad


def say(ui: UiContext, key: str) -> str:
    return ui.words(LABELS[key])


def colon(ui: UiContext) -> str:
    return "：" if ui.language == "zh_CN" else ": "


def when(ui: UiContext, booking: Booking) -> str:
    return f"{day_words(booking.day).pick(ui.language)} {span(booking.start, booking.end)}"


def booking_text(ui: UiContext, booking: Booking, *, personal: bool = True) -> str:
    """The appointment's lines: item, time, where to check in, and (masked) whose."""
    c, language = colon(ui), ui.language
    lines = [
        f"{say(ui, 'item_label')}{c}{booking.item_name.pick(language) or booking.item_name.zh}",
        f"{say(ui, 'when_label')}{c}{when(ui, booking)}",
        f"{say(ui, 'place_label')}{c}{booking.place.pick(language) or booking.place.zh or say(ui, 'any_kiosk')}",
    ]
    if personal:
        lines += [f"{say(ui, 'id_label')}{c}{booking.id_masked}", f"{say(ui, 'phone_label')}{c}{booking.phone_masked}"]
    return "\n".join(lines)


class Card:
    """A card of lines (the citizen's data: wiped when the screen is left)."""

    def __init__(self, column: QBoxLayout, heading_role: str = "subtitle") -> None:
        self.frame, inner = frame("card", margins=40, spacing=16)
        self.heading, self.body = label(heading_role), label("body", data=True)
        inner.addWidget(self.heading)
        inner.addWidget(self.body)
        column.addWidget(self.frame)

    def render(self, heading: str, body: str) -> None:
        show_text(self.heading, heading)
        set_text(self.body, body)


class PhonePage:
    def __init__(self, ui: UiContext, column: QBoxLayout, flow: Callable[[], BookingFlow]) -> None:
        self.ui = ui
        act = ui.act
        self.hint = label("body")
        column.addWidget(self.hint)
        self.digits = label("pin", data=True, wrap=False)
        self.digits.setAlignment(Qt.AlignmentFlag.AlignCenter)
        column.addWidget(self.digits)
        self.problem = label("message")
        column.addWidget(self.problem)
        column.addStretch(1)
        self.keypad = NumericKeypad(
            lambda digit: act(lambda: flow().key(digit)),
            lambda: act(lambda: flow().erase_digit()),
            lambda: act(lambda: flow().phone_done()),
        )
        column.addWidget(self.keypad)

    def render(self, flow: BookingFlow) -> None:
        ui, phone = self.ui, flow.phone
        set_text(self.hint, say(ui, "phone_hint"))
        grouped = " ".join(part for part in (phone[:3], phone[3:7], phone[7:]) if part)
        set_text(self.digits, grouped or "—")
        show_text(self.problem, ui.words(flow.message))
        self.keypad.set_enter_text(say(ui, "phone_next"))


class ConfirmPage:
    def __init__(self, ui: UiContext, column: QBoxLayout, flow: Callable[[], BookingFlow]) -> None:
        self.ui = ui
        self.refusal = RefusalBox(column)
        self.card = Card(column)
        column.addStretch(1)
        self.edit = declare(button("secondary", lambda: ui.act(ui.kiosk.back)), BACK)
        self.confirm = button("primary", lambda: ui.act(flow().confirm))
        button_row(column, self.edit, self.confirm)

    def render(self, flow: BookingFlow) -> None:
        ui, c, language = self.ui, colon(self.ui), self.ui.language
        self.refusal.render(ui, flow.message)
        item, slot = flow.item, flow.slot
        if item is None or slot is None:
            return
        new_time = f"{day_words(slot.day).pick(language)} {span(slot.start, slot.end)}"
        if flow.mode is Mode.CHANGE and flow.chosen is not None:
            lines = [
                f"{say(ui, 'item_label')}{c}{item.name.pick(language) or item.name.zh}",
                f"{say(ui, 'old_label')}{c}{when(ui, flow.chosen)}",
                f"{say(ui, 'new_label')}{c}{new_time}",
            ]
        else:
            identity = ui.kiosk.session.identity
            lines = [
                f"{say(ui, 'item_label')}{c}{item.name.pick(language) or item.name.zh}",
                f"{say(ui, 'when_label')}{c}{new_time}",
                f"{say(ui, 'id_label')}{c}{identity.masked_id if identity else ''}",
                f"{say(ui, 'phone_label')}{c}{masked_phone(flow.phone)}",
            ]
        self.card.render("", "\n".join(lines))
        set_text(self.edit, say(ui, "edit"))
        set_text(self.confirm, say(ui, "change_it" if flow.mode is Mode.CHANGE else "book"))
        self.confirm.setEnabled(not flow.busy)


class DonePage:
    """Booked or changed: the code large, when and where, whether the slip came out; or cancelled."""

    def __init__(self, ui: UiContext, column: QBoxLayout) -> None:
        self.ui = ui
        column.addStretch(1)
        self.frame, inner = frame("card", margins=40, spacing=12)
        self.heading = label("subtitle")
        self.code = label("filing-number", data=True, wrap=False)
        self.details = label("body", data=True)
        for widget in (self.heading, self.code):
            widget.setAlignment(Qt.AlignmentFlag.AlignCenter)
            inner.addWidget(widget)
        inner.addWidget(self.details)
        column.addWidget(self.frame)
        self.printed, self.problem, self.hint = label("good"), label("message"), label("muted")
        for widget in (self.printed, self.problem, self.hint):
            column.addWidget(widget)
        column.addStretch(1)
        self.finish = declare(button("primary", ui.home), FINISH)
        column.addWidget(self.finish)

    def render(self, flow: BookingFlow, *, cancelled: bool = False) -> None:
        ui = self.ui
        booking = flow.chosen if cancelled else flow.booking
        if booking is None:
            return
        set_text(self.heading, say(ui, "code_label"))
        set_text(self.code, booking.code)
        self.heading.setVisible(not cancelled)
        self.code.setVisible(not cancelled)
        set_text(self.details, booking_text(ui, booking, personal=not cancelled))
        printed, _why = flow.printed
        show_text(self.printed, ui.words(flow.message) if cancelled or printed else "")
        problem = "" if cancelled or printed else "\n".join((ui.words(flow.message), say(ui, "remember")))
        show_text(self.problem, problem)
        show_text(self.hint, "" if cancelled else say(ui, "done_hint"))
        set_text(self.finish, say(ui, "finish"))


class FindPage:
    """Manage: scan the slip's QR code (any time on this page), or the ID card after consent."""

    def __init__(self, ui: UiContext, column: QBoxLayout, flow: Callable[[], BookingFlow]) -> None:
        self.ui = ui
        self.refusal = RefusalBox(column)
        scan_card, scan = frame("card", margins=40, spacing=20)
        scan.addWidget(Icon("check_in", "#00796b", 140), 0, Qt.AlignmentFlag.AlignHCenter)
        self.scan_title, self.scan_hint = label("subtitle"), label("body")
        for widget in (self.scan_title, self.scan_hint):
            widget.setAlignment(Qt.AlignmentFlag.AlignCenter)
            scan.addWidget(widget)
        column.addWidget(scan_card)
        self.or_label = label("muted")
        self.or_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        column.addWidget(self.or_label)
        self.use_card = button("primary", lambda: ui.act(lambda: flow().use_id_card()))
        column.addWidget(self.use_card)
        column.addStretch(1)

    def render(self, flow: BookingFlow) -> None:
        ui = self.ui
        self.refusal.render(ui, flow.message)
        set_text(self.scan_title, say(ui, "find_scan"))
        set_text(self.scan_hint, say(ui, "find_scan_hint"))
        set_text(self.or_label, say(ui, "or"))
        set_text(self.use_card, say(ui, "find_card"))
        self.use_card.setEnabled(ui.kiosk.offers.can_read_id)


class ManagePage:
    """One appointment, then cancel or change; or (``asking``) are you sure you want to cancel it."""

    def __init__(
        self, ui: UiContext, column: QBoxLayout, left: Callable[[], None], right: Callable[[], None], *, asking: bool
    ) -> None:
        self.ui, self.asking = ui, asking
        self.refusal = RefusalBox(column)
        self.card = Card(column)
        column.addStretch(1)
        self.left = declare(button("secondary", left), BACK) if asking else button("secondary", left)
        self.right = button("primary", right)
        button_row(column, self.left, self.right)

    def render(self, flow: BookingFlow, booking: Booking | None) -> None:
        ui = self.ui
        self.refusal.render(ui, flow.message)
        if booking is None:
            return
        heading = say(ui, "sure") if self.asking else f"{say(ui, 'code_label')}{colon(ui)}{booking.code}"
        self.card.render(heading, booking_text(ui, booking))
        set_text(self.left, say(ui, "keep" if self.asking else "cancel_it"))
        set_text(self.right, say(ui, "yes_cancel" if self.asking else "change"))
        self.right.setEnabled(not flow.busy)
