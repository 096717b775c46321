"""The filing form, one field at a time: its label, the input its type needs (a line edit, big choice buttons, or
yes / no), the flow's words about the value as it is typed, and what the ID card filled in."""

from __future__ import annotations

from PySide6.QtWidgets import QBoxLayout

from common.hallapi.forms import FormField
from kiosk.flows.filing import FilingFlow
from kiosk.flows.filing_work import FilingWork
from kiosk.station.filing_ports import FormValue
from ui.context import UiContext
from ui.i18n import translate
from ui.screens.base import BACK, declare
from ui.screens.filing_common import FlowGetter, set_field
from ui.screens.panels import button_row
from ui.screens.text_input import MODE_BY_TYPE, field_mode, set_input_mode, text_input
from ui.widgets.basics import button, frame, label, set_text, show_text
from ui.widgets.grid import ButtonGrid

TYPED = frozenset(MODE_BY_TYPE)  # the field types typed into a line edit


def field_hint(spec: FormField) -> str:
    if spec.type == "text":
        return translate("FilingForm", "请输入文字，最多 {n} 个字").format(n=spec.max_length or 500)
    if spec.type == "number" and spec.min is not None and spec.max is not None:
        return translate("FilingForm", "请输入数字（{low} 至 {high}）").format(low=spec.min, high=spec.max)
    hints = {
        "number": translate("FilingForm", "请输入数字"),
        "date": translate("FilingForm", "格式：年-月-日，例如 1990-03-07"),
        "phone": translate("FilingForm", "手机号码，或带区号的固定电话"),
        "id_number": translate("FilingForm", "18 位身份证号码，最后一位可以是 X"),
        "choice": translate("FilingForm", "请选择一项"),
        "bool": translate("FilingForm", "请选择“是”或“否”"),
    }
    return hints[spec.type]


def typed_text(value: FormValue | None) -> str:
    if value is None or isinstance(value, bool):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


class FormPanel:
    def __init__(self, column: QBoxLayout, ui: UiContext, flow: FlowGetter) -> None:
        self.ui, self._flow = ui, flow
        self._shown: str | None = None  # the field on screen: its text is set from the flow only when it changes
        self.locked_card, locked = frame("card", margins=24, spacing=8)
        self.locked_heading, self.locked = label("muted"), label("body", data=True)
        locked.addWidget(self.locked_heading)
        locked.addWidget(self.locked)
        column.addWidget(self.locked_card)
        card, inner = frame("card", margins=36, spacing=18)
        self.position = label("muted")
        self.name = label("subtitle", data=True)
        self.required = label("muted")
        self.prefilled = label("good-small")
        self.hint = label("body")
        for widget in (self.position, self.name, self.required, self.prefilled, self.hint):
            inner.addWidget(widget)
        self.edit = text_input("chinese")
        self.edit.textChanged.connect(self._typed)
        inner.addWidget(self.edit)
        self.choices = ButtonGrid("choice", self._choose, columns=2, data=True)
        inner.addWidget(self.choices)
        self.yes_no = ButtonGrid("choice", self._yes_no, columns=2)
        inner.addWidget(self.yes_no)
        self.problem = label("message")
        inner.addWidget(self.problem)
        column.addWidget(card)
        self.message = label("message")
        column.addWidget(self.message)
        column.addStretch(1)
        self.back = declare(button("secondary", lambda: ui.act(ui.kiosk.back)), BACK)
        self.next = button("primary", lambda: ui.act(lambda: flow().next_field()))
        button_row(column, self.back, self.next)

    def _enter(self, value: FormValue | None) -> None:
        def enter() -> None:
            self._flow().enter(value)

        self.ui.act(enter)

    def _typed(self, text: str) -> None:
        self._enter(text)

    def _choose(self, index: int) -> None:
        spec = self._flow().current_field
        if spec is not None and index < len(spec.choices or []):
            self._enter((spec.choices or [])[index])

    def _yes_no(self, index: int) -> None:
        self._enter(index == 0)

    def forget(self) -> None:
        self._shown = None
        set_field(self.edit, "")

    def render(self, ui: UiContext, flow: FilingFlow) -> None:
        spec, work = flow.current_field, flow.work
        if spec is None or work is None:
            return
        self._render_locked(work)
        fields = flow.fields()
        set_text(
            self.position,
            translate("FilingForm", "第 {n} 项，共 {total} 项").format(n=flow.field_index + 1, total=len(fields)),
        )
        set_text(self.name, spec.label)
        set_text(
            self.required,
            translate("FilingForm", "必填") if spec.required else translate("FilingForm", "选填，可以不填"),
        )
        from_card = spec.name in work.prefilled
        show_text(self.prefilled, translate("FilingForm", "已按身份证填好，可以修改") if from_card else "")
        set_text(self.hint, field_hint(spec))
        value = work.values.get(spec.name)
        typed = spec.type in TYPED
        self.edit.setVisible(typed)
        if typed:
            set_input_mode(self.edit, field_mode(spec))
            self.edit.setMaxLength(spec.max_length or 500)
            if self._shown != spec.name:
                set_field(self.edit, typed_text(value))
        self._shown = spec.name
        choices = (spec.choices or []) if spec.type == "choice" else []
        self.choices.setVisible(bool(choices))
        self.choices.show_items(choices, checked=[value == choice for choice in choices])
        self.yes_no.setVisible(spec.type == "bool")
        if spec.type == "bool":
            answers = [translate("FilingForm", "是"), translate("FilingForm", "否")]
            self.yes_no.show_items(answers, checked=[value is True, value is False])
        show_text(self.problem, ui.words(flow.field_error(spec.name)))
        show_text(self.message, ui.words(flow.message) if flow.message != flow.field_error(spec.name) else "")
        set_text(self.back, translate("FilingForm", "上一项"))
        last = flow.field_index == len(fields) - 1
        set_text(self.next, translate("FilingForm", "下一步：材料") if last else translate("FilingForm", "下一项"))

    def _render_locked(self, work: FilingWork) -> None:
        locked = [spec for spec in work.item.form if work.locked(spec)]
        self.locked_card.setVisible(bool(locked))
        set_text(self.locked_heading, translate("FilingForm", "以下内容已从身份证读取，不能修改"))
        set_text(self.locked, "\n".join(f"{spec.label}：{work.shown_value(spec)}" for spec in locked))
