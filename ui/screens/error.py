"""The polite error screen after a crash in a worker: a calm message, then home (by tap or by itself)."""

from __future__ import annotations

from PySide6.QtCore import Qt

from ui.context import UiContext
from ui.i18n import translate
from ui.screens.base import FINISH, Screen, declare
from ui.widgets.basics import button, label, set_text


class ErrorScreen(Screen):
    def __init__(self, ui: UiContext) -> None:
        super().__init__(ui)
        self.column.addStretch(1)
        self.message = label("subtitle")
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.column.addWidget(self.message)
        self.hotline = label("body")
        self.hotline.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.column.addWidget(self.hotline)
        self.column.addStretch(2)
        self.home = declare(button("primary", ui.home), FINISH)
        self.column.addWidget(self.home)

    def show_state(self) -> None:
        ui = self.ui
        set_text(self.title, translate("Error", "抱歉"))
        set_text(self.message, ui.words(ui.kiosk.error))
        set_text(self.hotline, translate("Error", "服务热线 {phone}").format(phone=ui.kiosk.settings.help_hotline))
        set_text(self.home, translate("Error", "返回首页"))
