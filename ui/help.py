"""The help control's overlay: the hotline with its number, the help desk and where it is, how to use this
screen; one big button closes it. It covers the page without moving it, like every overlay."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from ui.context import UiContext
from ui.i18n import translate
from ui.widgets.banners import Overlay
from ui.widgets.basics import button, label, set_text


class HelpOverlay(Overlay):
    def __init__(self, parent: QWidget, ui: UiContext) -> None:
        super().__init__(parent, lambda: ui.act(ui.kiosk.close_help), lower=False)
        self.ui = ui
        self.heading = label("overlay-title")
        self.hotline = label("overlay-big")
        self.desk = label("subtitle")
        self.how_to = label("body")
        for widget in (self.heading, self.hotline, self.desk, self.how_to):
            widget.setAlignment(Qt.AlignmentFlag.AlignCenter)
            self.column.addWidget(widget)
        self.ok = button("primary", lambda: ui.act(ui.kiosk.close_help))
        self.column.addWidget(self.ok)

    def show_state(self) -> None:
        kiosk = self.ui.kiosk
        if not kiosk.help_open:
            self.close_overlay()
            return
        text = kiosk.help
        set_text(self.heading, translate("Help", "需要帮助？"))
        set_text(self.hotline, self.ui.words(text.hotline))
        set_text(self.desk, self.ui.words(text.desk))
        set_text(self.how_to, self.ui.words(text.how_to))
        set_text(self.ok, translate("Help", "知道了"))
        self.open()
