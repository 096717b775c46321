"""The number taken, shown as the paper says it (common/ticket_words.py): where to wait, the wait, valid today
only; whether the paper came out, and how to rate afterwards (by the ticket's QR code only when it has one)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QBoxLayout, QLabel

from common.refusals import hotline_words
from common.ticket_words import RATE_AT_WINDOW, RATE_BY_QR, queue_words, valid_today, where_to_wait
from kiosk.station.ports import Ticket
from ui.context import UiContext
from ui.i18n import translate
from ui.widgets.basics import button, frame, label, set_text, show_text


class TicketPanel:
    """The number, large, with its category, where to wait, the queue ahead, until when, and the paper's fate."""

    def __init__(self, column: QBoxLayout, finish: Callable[[], None]) -> None:
        card, inner = frame("card", margins=40, spacing=12)
        self.heading = label("subtitle")
        self.number = label("number", data=True, wrap=False)
        self.category, self.where = label("subtitle"), label("subtitle")
        self.queue, self.valid = label("body"), label("muted")
        for widget in (self.heading, self.number, self.category, self.where, self.queue, self.valid):
            widget.setAlignment(Qt.AlignmentFlag.AlignCenter)
            inner.addWidget(widget)
        column.addWidget(card)
        self.printed, self.problem = label("good"), label("message")
        for widget in (self.printed, self.problem):
            widget.setAlignment(Qt.AlignmentFlag.AlignCenter)
            column.addWidget(widget)
        self.after = label("muted")
        self.after.setAlignment(Qt.AlignmentFlag.AlignCenter)
        column.addWidget(self.after)
        column.addStretch(1)
        self.finish = button("primary", finish)
        column.addWidget(self.finish)

    def render(self, ui: UiContext, ticket: Ticket | None, problem: str) -> None:
        if ticket is None:
            return
        zh = ui.language == "zh_CN"
        set_text(self.heading, translate("Ticket", "您的排队号"))
        set_text(self.number, ticket.number)
        set_text(self.category, ticket.category_name_zh if zh else ticket.category_name_en)
        show_text(self.where, ui.words(where_to_wait(ticket.area_zh, ticket.area_en)))
        set_text(self.queue, ui.words(queue_words(ticket.waiting_ahead, ticket.eta_minutes)))
        issued = ui.kiosk.settings.local(ticket.issued_at)
        valid = ui.words(valid_today(issued.date()))
        set_text(
            self.valid,
            translate("Ticket", "{valid} · 取号时间 {time}").format(valid=valid, time=issued.strftime("%H:%M")),
        )
        show_text(self.printed, translate("Ticket", "请取走排队小票，留意叫号") if ticket.printed else "")
        remember = translate("Ticket", "请记住您的号码 {number}，或用手机拍下本页").format(number=ticket.number)
        hotline = ui.kiosk.settings.help_hotline
        helpline = "" if hotline in problem else ui.words(hotline_words(hotline))  # the hotline once
        lines = [part for part in (problem, remember, helpline) if part]
        show_text(self.problem, "" if ticket.printed else "\n".join(lines))
        # Rating by the ticket's QR code needs a ticket with one; without, the window's rating pad.
        set_text(self.after, ui.words(RATE_BY_QR if ticket.printed and ticket.has_qr else RATE_AT_WINDOW))
        set_text(self.finish, translate("Ticket", "完成"))

    def labels(self) -> list[QLabel]:
        return [
            self.heading,
            self.number,
            self.category,
            self.where,
            self.queue,
            self.valid,
            self.printed,
            self.problem,
            self.after,
        ]
