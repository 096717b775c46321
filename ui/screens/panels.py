"""Pieces several screens share: the ID card consent and wait (ui/screens/card_reading.py), a wait or pause notice."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QBoxLayout, QWidget

from devices.words import Words
from kiosk.flows.card import PRIVACY_NOTICE, masked_name
from ui.context import UiContext
from ui.i18n import translate
from ui.screens.card_reading import ReadingPanel
from ui.widgets.actions import ActionRow
from ui.widgets.basics import button, frame, label, set_text

__all__ = ["ConsentPanel", "IdentityPanel", "ReadingPanel", "RetryPanel", "WaitPanel", "button_row"]


def button_row(column: QBoxLayout, *buttons: QWidget) -> ActionRow:
    """A row of equal buttons (stacked when their words do not fit side by side); on a page's column
    (``FlowScreen.page``), pinned below the page's scroll area so its actions are never scrolled out of sight."""
    row = ActionRow(*buttons)
    getattr(column, "actions", column).addWidget(row)
    return row


class ConsentPanel:
    """The privacy notice, and explicit consent before any ID card is read."""

    def __init__(self, column: QBoxLayout, agree: Callable[[], None], decline: Callable[[], None]) -> None:
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


class RetryPanel:
    """A read or a call that did not work: why, try again, or go back."""

    def __init__(self, column: QBoxLayout, retry: Callable[[], None], back: Callable[[], None]) -> None:
        self.message = label("message")
        column.addWidget(self.message)
        column.addStretch(1)
        self.back, self.retry = button("secondary", back), button("primary", retry)
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
        card, inner = frame("card", margins=40, spacing=20)
        self.heading = label("subtitle")
        self.name, self.number = label("title", data=True), label("subtitle", data=True)
        for widget in (self.heading, self.name, self.number):
            inner.addWidget(widget)
        column.addWidget(card)
        column.addStretch(1)
        self.back, self.confirm = button("secondary", back), button("primary", confirm)
        button_row(column, self.back, self.confirm)

    def render(self, ui: UiContext) -> None:
        identity = ui.kiosk.session.identity
        set_text(self.heading, translate("Identity", "已读取身份证"))
        set_text(self.name, masked_name(identity.name) if identity else "")
        set_text(self.number, identity.masked_id if identity else "")
        set_text(self.confirm, translate("Identity", "确认取号"))
        set_text(self.back, translate("Identity", "返回"))
