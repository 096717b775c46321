"""The wizard's materials: each material with its state and its ways (photograph, bring the original, from the
phone, with the phone's QR code). The camera's own page is in filing_capture.py."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QBoxLayout, QVBoxLayout

from kiosk.flows.filing import FilingFlow
from kiosk.flows.filing_steps import FilingStep
from kiosk.flows.filing_work import MaterialEntry, MaterialWay
from kiosk.printing.wording import copies_en
from kiosk.station.filing_ports import CapturedPage, FilingPort
from ui.context import UiContext
from ui.i18n import translate
from ui.screens.filing_common import FlowGetter
from ui.screens.panels import button_row
from ui.widgets.basics import button, frame, label, set_text, show_text
from ui.widgets.qr import QrCode

PHONE_POLL_MS = 1500  # pages from the phone appear within seconds


def fetch_arrivals(port: FilingPort) -> list[CapturedPage]:
    try:
        return port.phone_arrivals()
    except Exception:  # the next poll tries again; the citizen's screen never shows a traceback
        return []


def state_text(entry: MaterialEntry) -> str:
    if entry.way is MaterialWay.BRING:
        return translate("FilingMaterials", "将携带原件到窗口")
    if entry.way is MaterialWay.CAMERA and entry.pages:
        return translate("FilingMaterials", "已拍摄 {n} 页").format(n=len(entry.pages))
    if entry.way is MaterialWay.PHONE:
        if entry.pages:
            return translate("FilingMaterials", "已从手机收到 {n} 页").format(n=len(entry.pages))
        return translate("FilingMaterials", "等待手机上传…")
    if entry.material.required:
        return translate("FilingMaterials", "尚未提交")
    return translate("FilingMaterials", "视情况提交，可以不交")


class MaterialRow:
    def __init__(self, column: QBoxLayout, on_way: Callable[[MaterialWay], None]) -> None:
        self.card, inner = frame("card", margins=24, spacing=10)
        self.name, self.kind, self.state = label("subtitle", data=True), label("muted", data=True), label("body")
        for widget in (self.name, self.kind, self.state):
            inner.addWidget(widget)
        self.camera = button("tab", partial(on_way, MaterialWay.CAMERA))
        self.bring = button("tab", partial(on_way, MaterialWay.BRING))
        self.phone = button("tab", partial(on_way, MaterialWay.PHONE))
        button_row(inner, self.camera, self.bring, self.phone)
        column.addWidget(self.card)

    def render(self, entry: MaterialEntry, *, busy: bool, english: bool = False) -> None:
        material = entry.material
        set_text(self.name, material.name)
        if english:  # the form and copies in English; the published note as published
            note = f"; {material.note}" if material.note else ""
            set_text(self.kind, f"{copies_en(material.form, material.count)}{note}")
        else:
            note = f"；{material.note}" if material.note else ""
            set_text(self.kind, f"{material.form} {material.count} 份{note}")
        set_text(self.state, state_text(entry))
        for widget, way, text in (
            (self.camera, MaterialWay.CAMERA, translate("FilingMaterials", "拍摄")),
            (self.bring, MaterialWay.BRING, translate("FilingMaterials", "携带原件")),
            (self.phone, MaterialWay.PHONE, translate("FilingMaterials", "从手机上传")),
        ):
            set_text(widget, text)
            widget.setCheckable(True)
            widget.setChecked(entry.way is way)
            widget.setEnabled(not busy)


class MaterialsPanel:
    def __init__(self, column: QBoxLayout, ui: UiContext, flow: FlowGetter) -> None:
        self.ui, self._flow = ui, flow
        self.hint = label("muted")
        column.addWidget(self.hint)
        # The phone's QR code above the list: in sight the moment "from my phone" is tapped.
        self.phone_card, phone = frame("card", vertical=False, margins=24, spacing=24)
        self.qr = QrCode(260)
        phone.addWidget(self.qr)
        words = QVBoxLayout()
        self.phone_title, self.phone_hint = label("subtitle"), label("body")
        words.addWidget(self.phone_title)
        words.addWidget(self.phone_hint)
        words.addStretch(1)
        phone.addLayout(words, 1)
        column.addWidget(self.phone_card)
        self.rows_frame, self.rows_layout = frame("plain", margins=0, spacing=20)
        column.addWidget(self.rows_frame)
        self.rows: list[MaterialRow] = []
        self.message = label("message")
        column.addWidget(self.message)
        column.addStretch(1)
        self.back = button("secondary", lambda: ui.act(ui.kiosk.back))
        self.next = button("primary", lambda: ui.act(lambda: flow().materials_done()))
        button_row(column, self.back, self.next)
        self.phone_timer = QTimer(self.phone_card)
        self.phone_timer.setInterval(PHONE_POLL_MS)
        self.phone_timer.timeout.connect(self._poll_phone)
        self._polling = False

    # -- pages from the phone, polled while the materials page waits for them ------------------------------------
    def _waiting_flow(self) -> FilingFlow | None:
        flow = self.ui.kiosk.flow
        if not isinstance(flow, FilingFlow) or flow.step is not FilingStep.MATERIALS or flow.phone_url is None:
            return None
        return flow

    def _poll_phone(self) -> None:
        flow = self._waiting_flow()
        if flow is None or flow.filing is None:
            self.phone_timer.stop()
            return
        if not self._polling:
            self._polling = True
            self.ui.runner.call(partial(fetch_arrivals, flow.filing), self._arrived)

    def _arrived(self, pages: list[CapturedPage]) -> None:
        self._polling = False
        flow = self._waiting_flow()
        if flow is None or not pages or flow.phone_material is None:
            return
        flow.phone_pages(flow.phone_material, pages)
        self.ui.kiosk.changed()

    def _way(self, index: int, way: MaterialWay) -> None:
        flow = self._flow()
        work = flow.work
        if work is None or index >= len(work.materials):
            return
        name = work.materials[index].name
        if way is MaterialWay.CAMERA:
            self.ui.act(lambda: flow.capture(name))
        elif way is MaterialWay.BRING:
            self.ui.act(lambda: flow.bring(name))
        else:
            self.ui.act(lambda: flow.from_phone(name))

    def render(self, ui: UiContext, flow: FilingFlow) -> None:
        work = flow.work
        if work is None:
            return
        set_text(
            self.hint, translate("FilingMaterials", "请逐项提交材料：用高拍仪拍摄、从手机上传，或到窗口时携带原件")
        )
        while len(self.rows) < len(work.materials):
            index = len(self.rows)
            self.rows.append(MaterialRow(self.rows_layout, partial(self._way, index)))
        for index, row in enumerate(self.rows):
            visible = index < len(work.materials)
            row.card.setVisible(visible)
            if visible:
                row.render(work.materials[index], busy=flow.busy, english=ui.language == "en")
        waiting = flow.phone_url is not None and any(e.way is MaterialWay.PHONE and not e.pages for e in work.materials)
        self.phone_card.setVisible(waiting)
        if flow.phone_url is not None and not self.phone_timer.isActive():
            self.phone_timer.start()
        if waiting and flow.phone_url is not None:
            self.qr.set_data(flow.phone_url)
            set_text(self.phone_title, translate("FilingMaterials", "用手机扫码上传材料"))
            set_text(
                self.phone_hint,
                translate("FilingMaterials", "用手机扫描上方二维码，拍照或选择文件上传；此二维码仅限本次办理使用。"),
            )
        show_text(self.message, ui.words(flow.message))
        set_text(self.back, translate("FilingMaterials", "返回表单") if flow.fields() else translate("Filing", "返回"))
        set_text(self.next, translate("FilingMaterials", "下一步：领取方式"))

    def forget(self) -> None:
        self.phone_timer.stop()
        self.qr.set_data("")
