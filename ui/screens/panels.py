"""Pieces several screens share: the ID card consent and wait, a ticket shown large, a wait or pause notice.

Each uses the page's height the same way: its content in the middle of the space above its buttons, and the
buttons (the primary action on the right, or alone and full width) at the bottom, just above the footer.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QBoxLayout, QHBoxLayout, QLabel, QVBoxLayout

from devices.words import Words
from kiosk.flows.card import PRIVACY_NOTICE, masked_name
from kiosk.station.ports import Ticket
from ui.context import UiContext
from ui.i18n import translate
from ui.screens.base import BACK, FINISH, declare
from ui.widgets.basics import button, frame, label, set_text, show_text


def button_row(column: QBoxLayout, *buttons: object) -> QHBoxLayout:
    row = QHBoxLayout()
    row.setSpacing(24)
    for widget in buttons:
        row.addWidget(widget, 1)  # type: ignore[arg-type]
    column.addLayout(row)
    return row


class ConsentPanel:
    """The privacy notice, and explicit consent before any ID card is read."""

    def __init__(self, column: QBoxLayout, agree: Callable[[], None], decline: Callable[[], None]) -> None:
        column.addStretch(1)
        card, inner = frame("card", margins=40, spacing=24)
        self.heading, self.notice = label("subtitle"), label("body")
        inner.addWidget(self.heading)
        inner.addWidget(self.notice)
        column.addWidget(card)
        column.addStretch(1)
        self.agree, self.decline = button("primary", agree), button("secondary", decline)
        button_row(column, self.decline, self.agree)

    def render(self, ui: UiContext, notice: Words = PRIVACY_NOTICE) -> None:
        set_text(self.heading, translate("Consent", "个人信息保护提示"))
        set_text(self.notice, ui.words(notice))
        set_text(self.agree, translate("Consent", "同意并读卡"))
        set_text(self.decline, translate("Consent", "不同意"))


class ReadingPanel:
    """Waiting for the card, with a way out."""

    def __init__(self, column: QBoxLayout, cancel: Callable[[], None]) -> None:
        column.addStretch(1)
        card, inner = frame("card", margins=48, spacing=24)
        self.place, self.detail = label("title"), label("muted")
        self.place.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.detail.setAlignment(Qt.AlignmentFlag.AlignCenter)
        inner.addWidget(self.place)
        inner.addWidget(self.detail)
        column.addWidget(card)
        column.addStretch(1)
        self.cancel = declare(button("secondary", cancel), BACK)  # the footer's 返回 would do the same
        column.addWidget(self.cancel)

    def render(self, ui: UiContext) -> None:
        set_text(self.place, translate("Reading", "请将身份证平放在读卡区"))
        set_text(self.detail, translate("Reading", "正在等待读卡，请勿移动身份证"))
        set_text(self.cancel, translate("Reading", "取消"))


class RetryPanel:
    """A read or a call that did not work: why, try again, or go back."""

    def __init__(self, column: QBoxLayout, retry: Callable[[], None], back: Callable[[], None]) -> None:
        column.addStretch(1)
        self.message = label("message")
        column.addWidget(self.message)
        column.addStretch(1)
        # A back that goes home (ui.home, a paused service) is the page's one way out: the footer hides both of its.
        way = FINISH if getattr(back, "__func__", None) is UiContext.home else BACK
        self.back, self.retry = declare(button("secondary", back), way), button("primary", retry)
        button_row(column, self.back, self.retry)

    def render(self, ui: UiContext, message: str) -> None:
        set_text(self.message, message)
        set_text(self.retry, translate("Retry", "再试一次"))
        set_text(self.back, translate("Retry", "返回"))


class WaitPanel:
    """Loading or working: one calm line."""

    def __init__(self, column: QBoxLayout) -> None:
        column.addStretch(1)
        self.text = label("subtitle")
        self.text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        column.addWidget(self.text)
        column.addStretch(2)

    def render(self, text: str) -> None:
        set_text(self.text, text)


class IdentityPanel:
    """Whose card was read, masked, before it is used."""

    def __init__(self, column: QBoxLayout, confirm: Callable[[], None], back: Callable[[], None]) -> None:
        column.addStretch(1)
        card, inner = frame("card", margins=40, spacing=20)
        self.heading = label("subtitle")
        self.name, self.number = label("title", data=True), label("subtitle", data=True)
        for widget in (self.heading, self.name, self.number):
            inner.addWidget(widget)
        column.addWidget(card)
        column.addStretch(1)
        self.back, self.confirm = declare(button("secondary", back), BACK), button("primary", confirm)
        button_row(column, self.back, self.confirm)

    def render(self, ui: UiContext) -> None:
        identity = ui.kiosk.session.identity
        set_text(self.heading, translate("Identity", "已读取身份证"))
        set_text(self.name, masked_name(identity.name) if identity else "")
        set_text(self.number, identity.masked_id if identity else "")
        set_text(self.confirm, translate("Identity", "确认取号"))
        set_text(self.back, translate("Identity", "返回"))


class TicketPanel:
    """The number, large, with its category, the queue ahead, and whether the paper ticket came out."""

    def __init__(self, column: QBoxLayout, finish: Callable[[], None]) -> None:
        self.column = column
        self.card, inner = frame("card", margins=40, spacing=12)
        self.heading = label("subtitle")
        self.number = label("number", data=True, wrap=False)
        self.category, self.queue, self.issued = label("subtitle"), label("body"), label("muted")
        for widget in (self.heading, self.number, self.category, self.queue, self.issued):
            widget.setAlignment(Qt.AlignmentFlag.AlignCenter)
            inner.addWidget(widget)
        self.printed, self.problem, self.after = label("good"), label("message"), label("muted")
        for widget in (self.printed, self.problem, self.after):
            widget.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.finish = declare(button("primary", finish), FINISH)  # the one way out: home
        self._landscape: bool | None = None
        self._arrange(False)  # until the first render says the screen is landscape

    def _arrange(self, landscape: bool) -> None:
        """Portrait: the card and its notes in the middle, 完成 at the bottom. Landscape (too low for all of it in
        one column): the card on the left, the notes and 完成 on the right, 完成 at the bottom."""
        if landscape == self._landscape:
            return
        self._landscape = landscape
        column = self.column
        while column.count():
            column.takeAt(0)
        notes = (self.printed, self.problem, self.after)
        if not landscape:
            column.addStretch(1)
            column.addWidget(self.card)
            for widget in notes:
                column.addWidget(widget)
            column.addStretch(1)
            column.addWidget(self.finish)
            return
        row = QHBoxLayout()
        row.setSpacing(40)
        left, right = QVBoxLayout(), QVBoxLayout()
        right.setSpacing(28)
        left.addStretch(1)
        left.addWidget(self.card)
        left.addStretch(1)
        right.addStretch(1)
        for widget in notes:
            right.addWidget(widget)
        right.addStretch(1)
        right.addWidget(self.finish)
        row.addLayout(left, 3)
        row.addLayout(right, 2)
        column.addLayout(row, 1)

    def render(self, ui: UiContext, ticket: Ticket | None, problem: str) -> None:
        self._arrange(ui.orientation == "landscape")
        if ticket is None:
            return
        set_text(self.heading, translate("Ticket", "您的排队号"))
        set_text(self.number, ticket.number)
        set_text(self.category, ticket.category_name_zh if ui.language == "zh_CN" else ticket.category_name_en)
        set_text(
            self.queue,
            translate("Ticket", "前面还有 {ahead} 人，预计等候约 {minutes} 分钟").format(
                ahead=ticket.waiting_ahead, minutes=ticket.eta_minutes
            ),
        )
        issued = ui.kiosk.settings.local(ticket.issued_at).strftime("%H:%M")
        set_text(self.issued, translate("Ticket", "取号时间 {time}").format(time=issued))
        show_text(self.printed, translate("Ticket", "请取走排队小票，留意叫号") if ticket.printed else "")
        show_text(
            self.problem,
            (problem + "\n" + translate("Ticket", "请记住您的号码，或用手机拍照")) if not ticket.printed else "",
        )
        set_text(self.finish, translate("Ticket", "完成"))
        set_text(self.after, translate("Ticket", "办理完成后，可在本机“服务评价”扫描小票二维码评价"))

    def labels(self) -> list[QLabel]:
        return [
            self.heading,
            self.number,
            self.category,
            self.queue,
            self.issued,
            self.printed,
            self.problem,
            self.after,
        ]
