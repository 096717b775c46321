"""The wizard's materials: each material with its state and its ways (photograph, bring the original, from the
phone, with the phone's QR code), and the document camera's page: live preview, capture, pages, retake, remove."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QBoxLayout, QFrame, QGridLayout, QLabel, QPushButton, QWidget

from kiosk.flows.filing import FilingFlow
from kiosk.flows.filing_steps import FilingStep
from kiosk.flows.filing_work import MaterialEntry, MaterialWay
from kiosk.station.filing_ports import PreviewFrame
from ui.context import UiContext
from ui.i18n import translate
from ui.screens.filing_common import FlowGetter, jpeg_pixmap
from ui.screens.panels import button_row
from ui.widgets.basics import button, frame, label, set_text, show_text
from ui.widgets.qr import QrCode

PREVIEW_MS = 300  # the camera's live picture, a few times a second while the capture page shows
PREVIEW_SIZE = (720, 540)
THUMB_SIZE = 200
THUMB_COLUMNS = 3


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

    def render(self, entry: MaterialEntry, *, busy: bool) -> None:
        material = entry.material
        set_text(self.name, material.name)
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
        self.rows_frame, self.rows_layout = frame("plain", margins=0, spacing=20)
        column.addWidget(self.rows_frame)
        self.rows: list[MaterialRow] = []
        self.phone_card, phone = frame("card", margins=28, spacing=14)
        self.phone_title, self.phone_hint = label("subtitle"), label("body")
        self.qr = QrCode(ui.theme.px(300))
        phone.addWidget(self.phone_title)
        phone.addWidget(self.qr, 0, Qt.AlignmentFlag.AlignHCenter)
        phone.addWidget(self.phone_hint)
        column.addWidget(self.phone_card)
        self.message = label("message")
        column.addWidget(self.message)
        column.addStretch(1)
        self.back = button("secondary", lambda: ui.act(ui.kiosk.back))
        self.next = button("primary", lambda: ui.act(lambda: flow().materials_done()))
        button_row(column, self.back, self.next)

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
                row.render(work.materials[index], busy=flow.busy)
        waiting = flow.phone_url is not None and any(e.way is MaterialWay.PHONE and not e.pages for e in work.materials)
        self.phone_card.setVisible(waiting)
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
        self.qr.set_data("")


class CapturePanel:
    """The document camera for one material. The flow leaves the preview to the screen: a worker fetches it a few
    times a second while this page shows, so a slow camera never holds a tap."""

    def __init__(self, column: QBoxLayout, ui: UiContext, flow: FlowGetter) -> None:
        self.ui, self._flow = ui, flow
        self.name = label("subtitle", data=True)
        column.addWidget(self.name)
        self.preview = QLabel()
        self.preview.setProperty("role", "preview")
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setFixedSize(*PREVIEW_SIZE)
        column.addWidget(self.preview, 0, Qt.AlignmentFlag.AlignHCenter)
        self.seen = label("muted")
        self.seen.setAlignment(Qt.AlignmentFlag.AlignCenter)
        column.addWidget(self.seen)
        self.take = button("primary", lambda: ui.act(flow().take_page))
        column.addWidget(self.take)
        self.message = label("message")
        column.addWidget(self.message)
        self.pages_heading = label("section")
        column.addWidget(self.pages_heading)
        pages = QWidget()
        self.grid = QGridLayout(pages)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setSpacing(16)
        column.addWidget(pages)
        self.pages: list[tuple[QFrame, QLabel, QPushButton, QPushButton]] = []
        column.addStretch(1)
        self.done = button("primary", lambda: ui.act(lambda: flow().finish_capture()))
        column.addWidget(self.done)
        self.timer = QTimer(self.preview)
        self.timer.setInterval(PREVIEW_MS)
        self.timer.timeout.connect(self._poll)
        self._polling = False
        self.frames = 0  # live pictures shown since the page opened

    # -- the live preview -----------------------------------------------------------------------------------
    def _capturing(self) -> FilingFlow | None:
        flow = self.ui.kiosk.flow
        return flow if isinstance(flow, FilingFlow) and flow.step is FilingStep.CAPTURE else None

    def _poll(self) -> None:
        flow = self._capturing()
        if flow is None:
            self.stop()
            return
        camera = flow.camera
        if camera is None or self._polling:
            return
        self._polling = True
        self.ui.runner.call(camera.preview, self._show_frame)

    def _show_frame(self, frame_: PreviewFrame | None) -> None:
        self._polling = False
        if self._capturing() is None:
            return
        pixmap = jpeg_pixmap(frame_.jpeg) if frame_ is not None else None
        if pixmap is None:
            self.preview.clear()
            set_text(self.preview, translate("FilingMaterials", "正在连接高拍仪…"))
        else:
            self.frames += 1
            size = self.preview.size()
            self.preview.setPixmap(pixmap.scaled(size, Qt.AspectRatioMode.KeepAspectRatio))
        seen = frame_ is not None and frame_.page_seen
        set_text(
            self.seen,
            translate("FilingMaterials", "已找到纸张，可以拍摄")
            if seen
            else translate("FilingMaterials", "请把材料平放在拍摄区内"),
        )

    def start(self) -> None:
        if not self.timer.isActive():
            self.frames = 0
            self.timer.start()
            self._poll()

    def stop(self) -> None:
        self.timer.stop()
        self.preview.clear()

    # -- the page -------------------------------------------------------------------------------------------
    def render(self, ui: UiContext, flow: FilingFlow) -> None:
        entry = flow.capture_entry()
        if entry is None:
            return
        self.start()
        set_text(self.name, entry.name)
        shooting = flow.busy and flow.in_flight == "capture"
        set_text(
            self.take,
            translate("FilingMaterials", "正在拍摄…") if shooting else translate("FilingMaterials", "拍摄这一页"),
        )
        self.take.setEnabled(not flow.busy)
        show_text(self.message, ui.words(flow.message))
        show_text(
            self.pages_heading,
            translate("FilingMaterials", "已拍摄 {n} 页").format(n=len(entry.pages)) if entry.pages else "",
        )
        self._render_pages(entry, busy=flow.busy)
        set_text(self.done, translate("FilingMaterials", "完成本项材料"))
        self.done.setEnabled(not flow.busy)

    def _retake(self, index: int) -> None:
        self.ui.act(lambda: self._flow().retake(index))

    def _remove(self, index: int) -> None:
        self.ui.act(lambda: self._flow().remove_page(index))

    def _render_pages(self, entry: MaterialEntry, *, busy: bool) -> None:
        while len(self.pages) < len(entry.pages):
            index = len(self.pages)
            card, inner = frame("card", margins=12, spacing=8)
            thumb = label("thumb", data=True)
            thumb.setFixedSize(THUMB_SIZE, THUMB_SIZE)
            thumb.setAlignment(Qt.AlignmentFlag.AlignCenter)
            retake = button("secondary", partial(self._retake, index))
            remove = button("secondary", partial(self._remove, index))
            inner.addWidget(thumb, 0, Qt.AlignmentFlag.AlignHCenter)
            inner.addWidget(retake)
            inner.addWidget(remove)
            self.grid.addWidget(card, index // THUMB_COLUMNS, index % THUMB_COLUMNS)
            self.pages.append((card, thumb, retake, remove))
        for index, (card, thumb, retake, remove) in enumerate(self.pages):
            visible = index < len(entry.pages)
            card.setVisible(visible)
            if not visible:
                thumb.clear()
                continue
            pixmap = jpeg_pixmap(entry.pages[index].thumbnail)
            if pixmap is None:
                thumb.setText(translate("FilingMaterials", "第 {n} 页").format(n=index + 1))
            else:
                thumb.setPixmap(pixmap.scaled(thumb.size(), Qt.AspectRatioMode.KeepAspectRatio))
            set_text(retake, translate("FilingMaterials", "重拍"))
            set_text(remove, translate("FilingMaterials", "删除"))
            retake.setEnabled(not busy)
            remove.setEnabled(not busy)
