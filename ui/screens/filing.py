"""Self-service filing (自助申报): a page per step of the wizard; the pages live in filing_choose, filing_form,
filing_materials and filing_finish. The flow (kiosk/flows/filing.py) holds the state; this shows it."""

from __future__ import annotations

from typing import Protocol

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QLineEdit

from kiosk.flows.filing import FilingFlow
from kiosk.flows.filing_steps import FilingStep
from kiosk.flows.guide import BrowseBy
from ui.context import UiContext
from ui.i18n import translate
from ui.keyboard.widget import OnScreenKeyboard
from ui.screens.base import FlowScreen, Page
from ui.screens.filing_capture import CapturePanel
from ui.screens.filing_choose import ChoosePanel, NoticePanel
from ui.screens.filing_common import set_field
from ui.screens.filing_finish import DeliveryPanel, DonePanel, ReasonsPanel, ReviewPanel, ThanksPanel
from ui.screens.filing_form import FormPanel
from ui.screens.filing_materials import MaterialsPanel
from ui.screens.panels import ConsentPanel, ReadingPanel, RetryPanel, WaitPanel
from ui.screens.text_input import MODE_BY_TYPE, show_keyboard
from ui.widgets.basics import set_text

S = FilingStep
LAID_OUT_MS = 100  # a field shown with this render (the postal address) has its place once laid out


class FilingPanel(Protocol):
    def render(self, ui: UiContext, flow: FilingFlow) -> None: ...


class FilingScreen(FlowScreen[FilingFlow]):
    flow_type = FilingFlow

    def __init__(self, ui: UiContext) -> None:
        super().__init__(ui)
        act, flow = ui.act, self._flow
        self.wait = WaitPanel(self.page(S.LOADING, S.SAVING, S.PRINTING))
        self.paused = RetryPanel(self.page(S.PAUSED), lambda: act(flow().retry), ui.home)
        self.choose = ChoosePanel(self.page(S.CHOOSE), ui, flow)
        self.notice = NoticePanel(self.page(S.NOTICE), ui, flow)
        self.consent = ConsentPanel(
            self.page(S.CONSENT), lambda: act(flow().agree), lambda: act(lambda: flow().decline())
        )
        self.reading = ReadingPanel(self.page(S.READING), lambda: act(lambda: flow().cancel_read()))
        self.read_failed = RetryPanel(
            self.page(S.READ_FAILED), lambda: act(flow().agree), lambda: act(lambda: flow().decline())
        )
        self.form = FormPanel(self.page(S.FORM), ui, flow)
        self.materials = MaterialsPanel(self.page(S.MATERIALS), ui, flow)
        self.capture = CapturePanel(self.page(S.CAPTURE), ui, flow)
        self.delivery = DeliveryPanel(self.page(S.DELIVERY), ui, flow)
        self.review = ReviewPanel(self.page(S.REVIEW), ui, flow)
        self.done = DonePanel(self.page(S.DONE), ui, flow)
        self.reasons = ReasonsPanel(self.page(S.RATE_REASONS), ui, flow)
        self.thanks = ThanksPanel(self.page(S.THANKS), ui)
        # The on-screen keyboard under the pages, for the page's one text field (ui/screens/text_input.py).
        self.keyboard = OnScreenKeyboard(theme=ui.theme)
        self.keyboard.finished.connect(lambda: show_keyboard(self.keyboard, None))
        self.column.addWidget(self.keyboard)
        self._typing: tuple[str, int] | None = None  # the step and form field the keyboard types for

    def _flow(self) -> FilingFlow:
        flow = self.flow
        assert flow is not None
        return flow

    def _typed_field(self, flow: FilingFlow) -> QLineEdit | None:
        """The text field the page shows, if any: the search, a typed form field, the postal address."""
        if flow.step is S.CHOOSE and flow.browse_by is BrowseBy.SEARCH:
            return self.choose.search
        spec = flow.current_field
        if flow.step is S.FORM and spec is not None and spec.type in MODE_BY_TYPE:
            return self.form.edit
        work = flow.work
        if flow.step is S.DELIVERY and work is not None and work.delivery == "post":
            return self.delivery.address
        return None

    def _render_keyboard(self, flow: FilingFlow) -> None:
        if self.keyboard.property("elder") != self.ui.theme.elder:
            self.keyboard.setProperty("elder", self.ui.theme.elder)
            self.keyboard.apply_theme(self.ui.theme)
        edit = self._typed_field(flow)
        typing = (flow.step.value, flow.field_index) if edit is not None else None
        if typing != self._typing:
            self._typing = typing
            show_keyboard(self.keyboard, None)  # letters composed for one field never go into the next
            show_keyboard(self.keyboard, edit)
            page = self.pages.currentWidget()
            if edit is not None and isinstance(page, Page):  # the keyboard leaves less room: keep it seen
                scroll = page.content  # and its message
                QTimer.singleShot(LAID_OUT_MS, scroll, lambda: scroll.ensureWidgetVisible(edit, 0, 160))

    def title_for(self, flow: FilingFlow) -> str:
        titles = {
            S.CHOOSE: translate("Filing", "自助申报：选择事项"),
            S.NOTICE: translate("Filing", "办理须知"),
            S.FORM: translate("Filing", "填写申请表"),
            S.MATERIALS: translate("Filing", "提交申请材料"),
            S.CAPTURE: translate("Filing", "拍摄材料"),
            S.DELIVERY: translate("Filing", "领取方式"),
            S.REVIEW: translate("Filing", "核对并提交"),
            S.DONE: translate("Filing", "申报成功"),
            S.RATE_REASONS: translate("Filing", "服务评价"),
            S.THANKS: translate("Filing", "服务评价"),
        }
        return titles.get(flow.step, translate("Filing", "自助申报"))

    def render_flow(self, flow: FilingFlow) -> None:
        ui, step = self.ui, flow.step
        self.show_step(step)
        set_text(self.title, self.title_for(flow))
        if step is not S.CAPTURE:
            self.capture.stop()
        if step is not S.FORM:
            self.form.forget()  # back on the form, the field shows the filing's value afresh
        if step is S.LOADING:
            self.wait.render(translate("Filing", "正在加载可申报的事项…"))
        elif step is S.SAVING:
            self.wait.render(translate("Filing", "正在保存申报，请稍候…"))
        elif step is S.PRINTING:
            self.wait.render(translate("Filing", "申报已保存，正在打印回执…"))
        elif step is S.PAUSED:
            self.paused.render(ui, ui.words(flow.message))
        elif step is S.CONSENT:
            self.consent.render(ui, flow.consent_notice)
        elif step is S.READING:
            self.reading.render(ui)
        elif step is S.READ_FAILED:
            self.read_failed.render(ui, ui.words(flow.message))
        else:
            panels: dict[FilingStep, FilingPanel] = {
                S.CHOOSE: self.choose, S.NOTICE: self.notice, S.FORM: self.form, S.MATERIALS: self.materials,
                S.CAPTURE: self.capture, S.DELIVERY: self.delivery, S.REVIEW: self.review, S.DONE: self.done,
                S.RATE_REASONS: self.reasons, S.THANKS: self.thanks,
            }  # fmt: skip
            panels[step].render(ui, flow)
        self._render_keyboard(flow)  # last: the form's page sets its field's mode first

    def forget(self) -> None:
        """Typed values (the address, the form's fields, the search) leave the widgets with the citizen."""
        super().forget()
        self._typing = None
        show_keyboard(self.keyboard, None)
        self.capture.stop()
        self.form.forget()
        self.delivery.forget()
        self.materials.forget()
        for edit in self.findChildren(QLineEdit):
            set_field(edit, "")
