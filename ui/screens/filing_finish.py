"""The wizard's end: how the result comes (kiosk, hall, or post with an editable address), the review (the ID
number masked), the filing number once saved with the receipt's fate, and the offer to rate."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QBoxLayout

from kiosk.flows.filing import FilingFlow
from kiosk.flows.filing_work import DELIVERY_WORDS
from kiosk.flows.rate import LEVELS
from kiosk.station.filing_ports import DeliveryMethod
from ui.context import UiContext
from ui.i18n import translate
from ui.screens.filing_common import FlowGetter, set_field, set_role
from ui.screens.filing_materials import state_text
from ui.screens.panels import button_row
from ui.screens.rate import ORDER
from ui.screens.text_input import text_input
from ui.widgets.basics import button, frame, label, set_text, show_text
from ui.widgets.grid import ButtonGrid

METHODS: tuple[DeliveryMethod, ...] = ("kiosk", "hall", "post")


class DeliveryPanel:
    def __init__(self, column: QBoxLayout, ui: UiContext, flow: FlowGetter) -> None:
        self.ui, self._flow = ui, flow
        self.question = label("subtitle")
        column.addWidget(self.question)
        self.methods = ButtonGrid("choice", self._choose)
        column.addWidget(self.methods)
        self.address_card, inner = frame("card", margins=28, spacing=12)
        self.address_label, self.address_hint = label("body"), label("muted")
        self.address = text_input("chinese", max_length=200)
        self.address.textChanged.connect(self._typed)
        self.address_problem = label("message")
        for widget in (self.address_label, self.address, self.address_hint, self.address_problem):
            inner.addWidget(widget)
        column.addWidget(self.address_card)
        self.message = label("message")
        column.addWidget(self.message)
        column.addStretch(1)
        self.back = button("secondary", lambda: ui.act(ui.kiosk.back))
        self.next = button("primary", lambda: ui.act(lambda: flow().delivery_done()))
        button_row(column, self.back, self.next)

    def _choose(self, index: int) -> None:
        self.ui.act(lambda: self._flow().choose_delivery(METHODS[index]))

    def _typed(self, text: str) -> None:
        self.ui.act(lambda: self._flow().set_address(text))

    def forget(self) -> None:
        set_field(self.address, "")

    def render(self, ui: UiContext, flow: FilingFlow) -> None:
        work = flow.work
        if work is None:
            return
        set_text(self.question, translate("FilingDelivery", "办理结果如何领取？"))
        self.methods.show_items(
            [ui.words(DELIVERY_WORDS[m]) for m in METHODS], checked=[work.delivery == m for m in METHODS]
        )
        post = work.delivery == "post"
        self.address_card.setVisible(post)
        set_text(self.address_label, translate("FilingDelivery", "邮寄地址"))
        set_field(self.address, work.address)
        set_text(self.address_hint, translate("FilingDelivery", "已按身份证住址填写，如需寄到别处请修改"))
        show_text(self.address_problem, ui.words(work.address_error) if post else "")
        shown = ui.words(flow.message) if flow.message != work.address_error else ""
        show_text(self.message, shown)
        set_text(self.back, translate("FilingDelivery", "返回材料"))
        set_text(self.next, translate("FilingDelivery", "下一步：核对信息"))


class ReviewPanel:
    def __init__(self, column: QBoxLayout, ui: UiContext, flow: FlowGetter) -> None:
        card, inner = frame("card", margins=32, spacing=12)
        self.name = label("subtitle", data=True)
        self.form_heading, self.form = label("section"), label("body", data=True)
        self.materials_heading, self.materials = label("section"), label("body", data=True)
        self.delivery_heading, self.delivery = label("section"), label("body", data=True)
        for widget in (
            self.name, self.form_heading, self.form, self.materials_heading, self.materials, self.delivery_heading,
            self.delivery,
        ):  # fmt: skip
            inner.addWidget(widget)
        column.addWidget(card)
        self.message = label("message")
        column.addWidget(self.message)
        self.note = label("muted")
        column.addWidget(self.note)
        column.addStretch(1)
        self.back = button("secondary", lambda: ui.act(ui.kiosk.back))
        self.submit = button("primary", lambda: ui.act(flow().submit))
        button_row(column, self.back, self.submit)

    def render(self, ui: UiContext, flow: FilingFlow) -> None:
        work = flow.work
        if work is None:
            return
        set_text(self.name, work.item.name)
        set_text(self.form_heading, translate("FilingReview", "填写的内容"))
        rows = [f"{name}：{value}" for name, value in flow.review_values() if value]
        set_text(self.form, "\n".join(rows))
        set_text(self.materials_heading, translate("FilingReview", "申请材料"))
        set_text(self.materials, "\n".join(f"{e.name}：{state_text(e)}" for e in work.materials))
        set_text(self.delivery_heading, translate("FilingReview", "结果领取方式"))
        method = work.delivery or "hall"
        address = f"\n{work.address.strip()}" if method == "post" else ""
        set_text(self.delivery, ui.words(DELIVERY_WORDS[method]) + address)
        show_text(self.message, ui.words(flow.message))
        set_text(
            self.note, translate("FilingReview", "请核对以上信息。提交后申报保存在本机并发送到大厅，回执随即打印。")
        )
        set_text(self.back, translate("FilingReview", "返回修改"))
        set_text(self.submit, translate("FilingReview", "确认提交"))
        self.submit.setEnabled(not flow.busy)


class DonePanel:
    """The filing number, large; whether the receipt printed; the offer to rate."""

    def __init__(self, column: QBoxLayout, ui: UiContext, flow: FlowGetter) -> None:
        card, inner = frame("card", margins=36, spacing=12)
        self.heading = label("subtitle")
        # Wraps only after a hyphen (a long kiosk code in elder type), never inside the code or the date.
        self.number = label("filing-number", data=True, wrap=True)
        self.said = label("good")
        self.after = label("muted")
        for widget in (self.heading, self.number, self.said, self.after):
            widget.setAlignment(Qt.AlignmentFlag.AlignCenter)
            inner.addWidget(widget)
        column.addWidget(card)
        self.question = label("subtitle")
        column.addWidget(self.question)
        self.levels = ButtonGrid("level", lambda i: ui.act(lambda: flow().rate(ORDER[i])))
        column.addWidget(self.levels)
        column.addStretch(1)
        self.finish = button("primary", ui.home)
        column.addWidget(self.finish)

    def render(self, ui: UiContext, flow: FilingFlow) -> None:
        set_text(self.heading, translate("FilingDone", "受理号"))
        set_text(self.number, (flow.filing_number or "").replace("-", "-\u200b"))
        set_role(self.said, "good" if flow.receipt_printed else "message")
        show_text(self.said, ui.words(flow.message))
        set_text(self.after, translate("FilingDone", "凭回执二维码或身份证，可在本机“办件查询”查看办理进度"))
        set_text(self.question, translate("FilingDone", "您对本次自助申报满意吗？"))
        # One row on a wide screen; two columns of the larger elder buttons, so "done" stays in sight.
        landscape, elder = ui.orientation == "landscape", ui.theme.elder
        self.levels.set_columns(len(ORDER) if landscape else 2 if elder else 1)
        self.levels.show_items([ui.words(LEVELS[level]) for level in ORDER], enabled=[not flow.busy] * len(ORDER))
        set_text(self.finish, translate("FilingDone", "完成"))


class ReasonsPanel:
    def __init__(self, column: QBoxLayout, ui: UiContext, flow: FlowGetter) -> None:
        self.hint = label("subtitle")
        column.addWidget(self.hint)
        self.reasons = ButtonGrid("choice", lambda i: self._toggle(ui, flow, i), columns=2, data=True)
        column.addWidget(self.reasons)
        self.message = label("message")
        column.addWidget(self.message)
        column.addStretch(1)
        self.back = button("secondary", lambda: ui.act(ui.kiosk.back))
        self.send = button("primary", lambda: ui.act(flow().send_rating))
        button_row(column, self.back, self.send)

    @staticmethod
    def _toggle(ui: UiContext, flow: FlowGetter, index: int) -> None:
        reasons = flow().reasons
        if index < len(reasons):
            ui.act(lambda: flow().toggle_reason(reasons[index].zh))

    def render(self, ui: UiContext, flow: FilingFlow) -> None:
        set_text(self.hint, translate("FilingDone", "很抱歉让您不满意，请选择原因（可多选）"))
        self.reasons.show_items(
            [ui.words(r) for r in flow.reasons], checked=[r.zh in flow.chosen_reasons for r in flow.reasons]
        )
        show_text(self.message, ui.words(flow.message))
        set_text(self.back, translate("FilingDone", "返回"))
        set_text(self.send, translate("FilingDone", "提交评价"))


class ThanksPanel:
    def __init__(self, column: QBoxLayout, ui: UiContext) -> None:
        column.addStretch(1)
        self.thanks, self.note = label("title"), label("muted")
        for widget in (self.thanks, self.note):
            widget.setAlignment(Qt.AlignmentFlag.AlignCenter)
            column.addWidget(widget)
        column.addStretch(2)
        self.done = button("primary", ui.home)
        column.addWidget(self.done)

    def render(self, ui: UiContext, flow: FilingFlow) -> None:
        set_text(self.thanks, ui.words(flow.message))
        set_text(self.note, translate("FilingDone", "您的评价将用于改进我们的服务"))
        set_text(self.done, translate("FilingDone", "返回首页"))
