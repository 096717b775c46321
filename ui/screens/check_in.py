"""Appointment check-in: scan the appointment QR (any time on the first step) or read the ID card. A refusal shows
at the top of the first step (what, when, what to do, the hotline), and the next scan is taken at once."""

from __future__ import annotations

from PySide6.QtCore import Qt

from kiosk.flows.check_in import SCANNER_OUT, CheckInFlow, CheckInStep
from ui.context import UiContext
from ui.i18n import translate
from ui.screens.base import FlowScreen
from ui.screens.card_reading import ReadingPanel
from ui.screens.panels import ConsentPanel, WaitPanel, button_row
from ui.screens.refusal import RefusalBox
from ui.screens.ticket_panel import TicketPanel
from ui.widgets.basics import button, frame, label, set_text
from ui.widgets.icons import Icon


class CheckInScreen(FlowScreen[CheckInFlow]):
    flow_type = CheckInFlow

    def __init__(self, ui: UiContext) -> None:
        super().__init__(ui)
        act = ui.act
        column = self.page(CheckInStep.CHOOSE)
        self.refusal = RefusalBox(column)
        scan_card, scan = frame("card", margins=40, spacing=20)
        self.qr_icon = Icon("check_in", "#00796b", 140)
        scan.addWidget(self.qr_icon, 0, Qt.AlignmentFlag.AlignHCenter)
        self.scan_title, self.scan_hint = label("subtitle"), label("body")
        for widget in (self.scan_title, self.scan_hint):
            widget.setAlignment(Qt.AlignmentFlag.AlignCenter)
            scan.addWidget(widget)
        column.addWidget(scan_card)
        self.or_label = label("muted")
        self.or_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        column.addWidget(self.or_label)
        self.use_card = button("primary", lambda: act(lambda: self._flow().use_id_card()))
        column.addWidget(self.use_card)
        column.addStretch(1)
        self.consent = ConsentPanel(
            self.page(CheckInStep.CONSENT), lambda: act(self._flow().agree), lambda: act(lambda: self._flow().decline())
        )
        self.reading = ReadingPanel(self.page(CheckInStep.READING), lambda: act(lambda: self._flow().cancel_read()))
        column = self.page(CheckInStep.READ_FAILED)
        self.read_failed = RefusalBox(column)
        column.addStretch(1)
        self.read_other = button("secondary", lambda: act(lambda: self._flow().decline()))
        self.read_again = button("primary", lambda: act(self._flow().agree))
        button_row(column, self.read_other, self.read_again)
        self.wait = WaitPanel(self.page(CheckInStep.CHECKING))
        self.ticket = TicketPanel(self.page(CheckInStep.DONE), ui.home)

    def _flow(self) -> CheckInFlow:
        flow = self.flow
        assert flow is not None
        return flow

    def render_flow(self, flow: CheckInFlow) -> None:
        ui, step = self.ui, flow.step
        self.show_step(step)
        titles = {
            CheckInStep.DONE: translate("CheckIn", "签到成功"),
            CheckInStep.READ_FAILED: translate("CheckIn", "没有读到身份证"),
        }
        set_text(self.title, titles.get(step, translate("CheckIn", "预约签到")))
        if step is CheckInStep.CHOOSE:
            # A refusal, else the scanner being out (the card is the way in then), in the one refusal box.
            self.refusal.render(ui, flow.message or (None if flow.can_scan else SCANNER_OUT))
            set_text(self.scan_title, translate("CheckIn", "扫描预约二维码"))
            set_text(self.scan_hint, translate("CheckIn", "请将手机上的预约二维码对准下方扫码口"))
            set_text(self.or_label, translate("CheckIn", "或者"))
            set_text(self.use_card, translate("CheckIn", "刷身份证签到"))
            self.use_card.setEnabled(flow.can_read_id)
        elif step is CheckInStep.CONSENT:
            self.consent.render(ui)
        elif step is CheckInStep.READING:
            self.reading.render(ui)
        elif step is CheckInStep.READ_FAILED:
            self.read_failed.render(ui, flow.message)
            way = translate("CheckIn", "改为扫码签到") if flow.can_scan else translate("CheckIn", "返回")
            set_text(self.read_other, way)
            set_text(self.read_again, translate("CheckIn", "重新读卡"))
        elif step is CheckInStep.CHECKING:
            self.wait.render(translate("CheckIn", "正在签到并打印小票，请稍候…"))
        elif step is CheckInStep.DONE:
            self.ticket.render(ui, ui.kiosk.session.ticket, ui.words(flow.message))
