"""Rate the service: five levels as big buttons; a bad rating picks its reasons; thanks."""

from __future__ import annotations

from PySide6.QtCore import Qt

from kiosk.flows.rate import LEVELS, RateFlow, RateStep
from ui.context import UiContext
from ui.i18n import translate
from ui.screens.base import FlowScreen
from ui.screens.panels import WaitPanel, button_row
from ui.widgets.basics import button, frame, label, set_text, show_text
from ui.widgets.grid import ButtonGrid
from ui.widgets.icons import Icon

ORDER = sorted(LEVELS, reverse=True)  # 5 (very satisfied) first


class RateScreen(FlowScreen[RateFlow]):
    flow_type = RateFlow

    def __init__(self, ui: UiContext) -> None:
        super().__init__(ui)
        act = ui.act
        column = self.page(RateStep.SCAN)
        card, inner = frame("card", margins=40, spacing=20)
        inner.addWidget(Icon("check_in", "#ad1457", 140), 0, Qt.AlignmentFlag.AlignHCenter)
        self.scan_title, self.scan_hint = label("subtitle"), label("body")
        for widget in (self.scan_title, self.scan_hint):
            widget.setAlignment(Qt.AlignmentFlag.AlignCenter)
            inner.addWidget(widget)
        column.addWidget(card)
        self.scan_message = label("message")
        column.addWidget(self.scan_message)
        column.addStretch(1)

        column = self.page(RateStep.CHOOSE)
        # What is rated: the ticket's number, its service, the window and who served there.
        self.subject_card, subject = frame("card", margins=28, spacing=8)
        self.subject_heading = label("section")
        self.subject = label("body", data=True)
        subject.addWidget(self.subject_heading)
        subject.addWidget(self.subject)
        column.addWidget(self.subject_card)
        self.question = label("subtitle")
        column.addWidget(self.question)
        self.levels = ButtonGrid("level", lambda index: act(lambda: self._flow().choose(ORDER[index])))
        column.addWidget(self.levels)
        self.choose_message = label("message")
        column.addWidget(self.choose_message)
        column.addStretch(1)

        column = self.page(RateStep.REASONS)
        self.reasons_hint = label("subtitle")
        column.addWidget(self.reasons_hint)
        self.reasons = ButtonGrid("choice", self._toggle, columns=2, data=True)
        column.addWidget(self.reasons)
        self.reasons_message = label("message")
        column.addWidget(self.reasons_message)
        column.addStretch(1)
        self.back = button("secondary", lambda: act(ui.kiosk.back))
        self.submit = button("primary", lambda: act(self._flow().submit))
        button_row(column, self.back, self.submit)

        self.wait = WaitPanel(self.page(RateStep.SUBMITTING))
        column = self.page(RateStep.THANKS)
        column.addStretch(1)
        self.thanks = label("title")
        self.thanks.setAlignment(Qt.AlignmentFlag.AlignCenter)
        column.addWidget(self.thanks)
        self.thanks_note = label("muted")
        self.thanks_note.setAlignment(Qt.AlignmentFlag.AlignCenter)
        column.addWidget(self.thanks_note)
        column.addStretch(2)
        self.done = button("primary", ui.home)
        column.addWidget(self.done)

    def _flow(self) -> RateFlow:
        flow = self.flow
        assert flow is not None
        return flow

    def _toggle(self, index: int) -> None:
        reasons = self._flow().reasons
        if index < len(reasons):
            self.ui.act(lambda: self._flow().toggle_reason(reasons[index].zh))

    def render_flow(self, flow: RateFlow) -> None:
        ui = self.ui
        self.show_step(flow.step)
        set_text(self.title, translate("Rate", "服务评价"))
        message = ui.words(flow.message)
        if flow.step is RateStep.SCAN:
            set_text(self.scan_title, translate("Rate", "请扫描排队小票上的二维码"))
            set_text(
                self.scan_hint,
                translate("Rate", "办理完成后，将小票二维码对准下方扫码口，即可为本次服务评价。也可使用窗口的评价器。"),
            )
            show_text(self.scan_message, message)
        elif flow.step is RateStep.CHOOSE:
            set_text(self.subject_heading, translate("Rate", "您正在评价"))
            colon = "：" if ui.kiosk.language == "zh_CN" else ": "
            set_text(
                self.subject, "\n".join(f"{ui.words(what)}{colon}{ui.words(value)}" for what, value in flow.subject())
            )
            set_text(self.question, translate("Rate", "您对本次服务满意吗？"))
            self.levels.show_items([ui.words(LEVELS[level]) for level in ORDER], enabled=[not flow.busy] * len(ORDER))
            show_text(self.choose_message, message)
        elif flow.step is RateStep.REASONS:
            set_text(self.reasons_hint, translate("Rate", "很抱歉让您不满意，请选择原因（可多选）"))
            chosen = ui.kiosk.session.rating_reasons
            self.reasons.show_items(
                [ui.words(reason) for reason in flow.reasons], checked=[reason.zh in chosen for reason in flow.reasons]
            )
            show_text(self.reasons_message, message)
            set_text(self.back, translate("Rate", "返回"))
            set_text(self.submit, translate("Rate", "提交评价"))
        elif flow.step is RateStep.SUBMITTING:
            self.wait.render(translate("Rate", "正在提交…"))
        else:
            set_text(self.thanks, message)
            set_text(self.thanks_note, translate("Rate", "您的评价将用于改进我们的服务"))
            set_text(self.done, translate("Rate", "返回首页"))
