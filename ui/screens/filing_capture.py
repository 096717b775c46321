"""The document camera's page for one material: the live preview (polled on a worker while the page shows),
capture, the pages taken with retake and remove."""

from __future__ import annotations

import logging
from functools import partial

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QBoxLayout, QFrame, QGridLayout, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from kiosk.flows.filing import FilingFlow
from kiosk.flows.filing_steps import FilingStep
from kiosk.flows.filing_work import MaterialEntry
from kiosk.station.filing_ports import DocumentCameraPort, PreviewFrame
from ui.context import UiContext
from ui.i18n import translate
from ui.screens.filing_common import FlowGetter, jpeg_pixmap
from ui.screens.panels import button_row
from ui.widgets.basics import button, frame, label, set_text, show_text

log = logging.getLogger(__name__)

PREVIEW_MS = 300  # the camera's live picture, a few times a second while the capture page shows
PREVIEW_SIZE = (640, 480)
THUMB_SIZE = 180
THUMB_COLUMNS = 4


def fetch_preview(camera: DocumentCameraPort) -> PreviewFrame | None:
    """On a worker: the newest picture. A camera that fails here shows "connecting" rather than stopping the
    preview for good (the capture itself reports its faults in words)."""
    try:
        return camera.preview()
    except Exception:  # any driver fault: no picture this time, the next poll tries again
        log.warning("document camera preview failed", exc_info=True)
        return None


class CapturePanel:
    """The document camera for one material. The flow leaves the preview to the screen: a worker fetches it a few
    times a second while this page shows, so a slow camera never holds a tap."""

    def __init__(self, column: QBoxLayout, ui: UiContext, flow: FlowGetter) -> None:
        self.ui, self._flow = ui, flow
        self.name = label("subtitle", data=True)
        column.addWidget(self.name)
        # Portrait: the picture above its controls. Landscape: side by side, so both fit the screen's height.
        landscape = ui.orientation == "landscape"
        row = QHBoxLayout()
        row.setSpacing(32)
        camera, controls = QVBoxLayout(), QVBoxLayout() if landscape else column
        camera.setSpacing(12)
        if landscape:
            controls.setSpacing(24)
            row.addLayout(camera)
            row.addLayout(controls, 1)
            column.addLayout(row)
        else:
            column.addLayout(camera)
        self.preview = QLabel()
        self.preview.setProperty("role", "preview")
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setFixedSize(*PREVIEW_SIZE)
        camera.addWidget(self.preview, 0, Qt.AlignmentFlag.AlignHCenter)
        self.seen = label("muted")
        self.seen.setAlignment(Qt.AlignmentFlag.AlignCenter)
        camera.addWidget(self.seen)
        camera.addStretch(1)
        self.take = button("primary", lambda: ui.act(flow().take_page))
        self.done = button("secondary", lambda: ui.act(lambda: flow().finish_capture()))
        button_row(controls, self.take, self.done)
        self.message = label("message")
        controls.addWidget(self.message)
        self.pages_heading = label("section")
        controls.addWidget(self.pages_heading)
        pages = QWidget()
        self.grid = QGridLayout(pages)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setSpacing(16)
        controls.addWidget(pages)
        self.columns = 3 if landscape else THUMB_COLUMNS
        self.pages: list[tuple[QFrame, QLabel, QPushButton, QPushButton]] = []
        controls.addStretch(1)
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
        self.ui.runner.call(partial(fetch_preview, camera), self._show_frame)

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
            self.grid.addWidget(card, index // self.columns, index % self.columns)
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
