"""Progress of a filing (办件查询): scan the receipt's QR code or read the ID card (after consent); the filings found;
one filing's status in words, what staff asked for, whether it is still only on this kiosk, and the result printed
once."""

from __future__ import annotations

from PySide6.QtCore import Qt

from kiosk.flows.offers import MISSING, Need
from kiosk.flows.progress import RESULT_PRINTED, ProgressFlow, ProgressStep
from kiosk.station.filing_ports import FilingProgress
from ui.context import UiContext
from ui.i18n import translate
from ui.screens.base import BACK, FINISH, FlowScreen, declare
from ui.screens.filing_common import set_role
from ui.screens.panels import ConsentPanel, ReadingPanel, RetryPanel, WaitPanel, button_row
from ui.widgets.basics import button, frame, label, set_text, show_text
from ui.widgets.grid import ButtonGrid
from ui.widgets.icons import Icon

S = ProgressStep


class ProgressScreen(FlowScreen[ProgressFlow]):
    flow_type = ProgressFlow

    def __init__(self, ui: UiContext) -> None:
        super().__init__(ui)
        act, flow = ui.act, self._flow
        column = self.page(S.CHOOSE)
        card, scan = frame("card", margins=40, spacing=20)
        scan.addWidget(Icon("check_in", "#2e7d32", 140), 0, Qt.AlignmentFlag.AlignHCenter)
        self.scan_title, self.scan_hint, self.scan_problem = label("subtitle"), label("body"), label("message")
        for widget in (self.scan_title, self.scan_hint, self.scan_problem):
            widget.setAlignment(Qt.AlignmentFlag.AlignCenter)
            scan.addWidget(widget)
        column.addWidget(card)
        self.or_label = label("muted")
        self.or_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        column.addWidget(self.or_label)
        self.use_card = button("primary", lambda: act(lambda: flow().use_id_card()))
        column.addWidget(self.use_card)
        self.message = label("message")
        column.addWidget(self.message)
        column.addStretch(1)
        self.consent = ConsentPanel(
            self.page(S.CONSENT), lambda: act(flow().agree), lambda: act(lambda: flow().decline())
        )
        self.reading = ReadingPanel(self.page(S.READING), lambda: act(lambda: flow().cancel_read()))
        self.read_failed = RetryPanel(
            self.page(S.READ_FAILED), lambda: act(flow().agree), lambda: act(lambda: flow().decline())
        )
        self.wait = WaitPanel(self.page(S.LOOKING, S.PRINTING))
        column = self.page(S.LIST)
        self.list_hint = label("subtitle")
        column.addWidget(self.list_hint)
        self.found = ButtonGrid("choice", self._open, columns=ui.theme.list_columns, data=True)
        column.addWidget(self.found)
        column.addStretch(1)
        self._build_detail()

    def _build_detail(self) -> None:
        ui, flow = self.ui, self._flow
        column = self.page(S.DETAIL)
        card, inner = frame("card", margins=36, spacing=14)
        self.item = label("title", data=True)
        self.number, self.status, self.updated = label("body", data=True), label("subtitle"), label("muted")
        self.notes, self.note = label("body"), label("body", data=True)
        for widget in (self.item, self.number, self.status, self.updated, self.notes, self.note):
            inner.addWidget(widget)
        column.addWidget(card)
        self.detail_message = label("message")
        column.addWidget(self.detail_message)
        column.addStretch(1)
        self.print_button = button("primary", lambda: ui.act(flow().print_result))
        column.addWidget(self.print_button)
        self.back = declare(button("secondary", lambda: ui.act(ui.kiosk.back)), BACK)
        self.finish = declare(button("secondary", ui.home), FINISH)
        button_row(column, self.back, self.finish)

    def _flow(self) -> ProgressFlow:
        flow = self.flow
        assert flow is not None
        return flow

    def _open(self, index: int) -> None:
        found = self._flow().found
        if index < len(found):
            self.ui.act(lambda: self._flow().open(found[index].id))

    def _when(self, progress: FilingProgress) -> str:
        return self.ui.kiosk.settings.local(progress.updated_at).strftime("%Y-%m-%d %H:%M")

    def render_flow(self, flow: ProgressFlow) -> None:
        ui, step = self.ui, flow.step
        self.show_step(step)
        set_text(self.title, translate("Progress", "办件查询"))
        message = ui.words(flow.message)
        if step is S.CHOOSE:
            set_text(self.scan_title, translate("Progress", "扫描回执上的二维码"))
            set_text(self.scan_hint, translate("Progress", "请将申报回执上的二维码对准下方扫码口"))
            can_scan = ui.kiosk.offers.can_scan
            show_text(self.scan_problem, "" if can_scan else ui.words(MISSING[Need.SCANNER]))
            set_text(self.or_label, translate("Progress", "或者"))
            set_text(self.use_card, translate("Progress", "刷身份证查询"))
            self.use_card.setEnabled(ui.kiosk.offers.can_read_id and flow.filing is not None)
            show_text(self.message, message)
        elif step is S.CONSENT:
            self.consent.render(ui)
        elif step is S.READING:
            self.reading.render(ui)
        elif step is S.READ_FAILED:
            self.read_failed.render(ui, message)
        elif step is S.LOOKING:
            self.wait.render(translate("Progress", "正在查询，请稍候…"))
        elif step is S.PRINTING:
            self.wait.render(translate("Progress", "正在打印办理结果…"))
        elif step is S.LIST:
            set_text(
                self.list_hint, translate("Progress", "找到 {n} 件申报，请选择要查看的一件").format(n=len(flow.found))
            )
            self.found.show_items([self._row(p) for p in flow.found])
        elif step is S.DETAIL and flow.progress is not None:
            self._render_detail(flow, flow.progress, message)

    def _row(self, progress: FilingProgress) -> str:
        status = self.ui.words(progress.status_words)
        return f"{progress.item_name}\n{progress.number}  ·  {status}  ·  {self._when(progress)}"

    def _render_detail(self, flow: ProgressFlow, progress: FilingProgress, message: str) -> None:
        ui = self.ui
        set_text(self.item, progress.item_name)
        set_text(self.number, translate("Progress", "受理号 {number}").format(number=progress.number))
        set_text(
            self.status, translate("Progress", "办理状态：{status}").format(status=ui.words(progress.status_words))
        )
        set_text(self.updated, translate("Progress", "更新于 {time}").format(time=self._when(progress)))
        notes = [said for said in flow.notes(progress) if said != flow.message]  # said once, not twice
        show_text(self.notes, "\n".join(ui.words(said) for said in notes))
        note = progress.note or ""
        show_text(self.note, translate("Progress", "工作人员说明：{note}").format(note=note) if note else "")
        set_role(self.detail_message, "good" if flow.message == RESULT_PRINTED else "message")
        show_text(self.detail_message, message)
        set_text(self.print_button, translate("Progress", "打印办理结果"))
        self.print_button.setVisible(flow.can_print_result)
        self.print_button.setEnabled(not flow.busy)
        set_text(self.back, translate("Progress", "返回"))
        set_text(self.finish, translate("Progress", "完成"))
