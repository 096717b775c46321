"""The wizard's materials: each required material is photographed with the document camera (pages, retake,
remove), marked "I will bring the original", or sent from the citizen's phone."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from devices.words import Words
from kiosk.flows.filing_steps import FilingBase, FilingStep
from kiosk.flows.filing_work import MaterialEntry, MaterialWay
from kiosk.flows.jobs import Job
from kiosk.station.filing_ports import CameraFailed, CapturedPage

MAX_PAGES = 20  # pages of one material
NO_CAMERA = Words(
    "高拍仪暂不可用，请选择“携带原件到窗口”",
    "The document camera is not available; please choose to bring the original.",
)
TOO_MANY_PAGES = Words(f"每项材料最多 {MAX_PAGES} 页", f"At most {MAX_PAGES} pages per material")
NOT_FOUND = Words(
    "没有找到完整的纸张，请把材料平放在拍摄区内，或检查照片是否清楚后再继续",
    "The whole page was not found. Place it flat inside the frame, or check that the picture is clear.",
)
NO_PHONE = Words(
    "暂不支持从手机上传，请用高拍仪拍摄或携带原件",
    "Upload from a phone is not offered yet; please use the camera or bring the original.",
)
PHONE_WAITING = Words("请用手机扫描屏幕上的二维码上传材料", "Scan the QR code with your phone to send the pages")


def unsettled_words(names: list[str]) -> Words:
    return Words(
        f"以下材料还没有处理：{'、'.join(names)}。请拍摄、选择携带原件或从手机上传。",
        f"These materials are not done yet: {', '.join(names)}. Photograph them, bring the originals, or send "
        "them from your phone.",
    )


class MaterialsSteps(FilingBase):
    capturing: str | None  # the material on the camera step
    phone_url: str | None  # the one-time address of the phone upload, once asked for
    phone_material: str | None  # the material the phone's pages are for

    @property
    def can_capture(self) -> bool:
        return self.camera is not None and self.camera.available()

    def capture_entry(self) -> MaterialEntry | None:
        work = self.work
        return work.entry(self.capturing) if work is not None and self.capturing is not None else None

    # -- choosing a way -------------------------------------------------------------------------------------
    def capture(self, name: str) -> None:
        """Open the camera step for one material (its pages so far stay)."""
        work = self.work
        entry = work.entry(name) if work is not None else None
        if self.step is not FilingStep.MATERIALS or entry is None or self.busy:
            return
        if not self.can_capture:
            self.message = NO_CAMERA
            return
        if entry.way is not MaterialWay.CAMERA:
            entry.way, entry.pages = MaterialWay.CAMERA, []
        self.capturing = name
        self.go_to(FilingStep.CAPTURE)

    def bring(self, name: str) -> None:
        """The citizen will bring the original to a window: no pages are kept for it."""
        work = self.work
        entry = work.entry(name) if work is not None else None
        if self.step is FilingStep.MATERIALS and entry is not None and not self.busy:
            entry.way, entry.pages = MaterialWay.BRING, []
            self.message = None

    def from_phone(self, name: str) -> Job[Any] | None:
        """Send this material from the phone: the wizard shows the one-time QR code of the upload page."""
        work, filing = self.work, self.filing
        entry = work.entry(name) if work is not None else None
        if self.step is not FilingStep.MATERIALS or entry is None or filing is None:
            return None

        def done(url: str | None) -> None:
            if url is None:
                self.message = NO_PHONE
                return
            self.phone_url, self.phone_material = url, name
            if entry.way is not MaterialWay.PHONE:
                entry.way, entry.pages = MaterialWay.PHONE, []
            self.message = PHONE_WAITING

        return self.job("phone_upload", lambda: filing.phone_upload_url(name), done)

    def phone_pages(self, name: str, pages: list[CapturedPage]) -> None:
        """Pages that arrived from the phone for a material marked so (the phone upload's way in)."""
        work = self.work
        entry = work.entry(name) if work is not None else None
        if entry is not None and entry.way is MaterialWay.PHONE:
            entry.pages = [*entry.pages, *pages][:MAX_PAGES]
            if self.message == PHONE_WAITING:
                self.message = None

    def materials_done(self) -> None:
        """On to the delivery when every required material is settled; else say which are not."""
        work = self.work
        if self.step is not FilingStep.MATERIALS or work is None or self.busy:
            return
        missing = work.unsettled()
        if missing:
            self.message = unsettled_words(missing)
            return
        self.go_to(FilingStep.DELIVERY)

    # -- the camera step ------------------------------------------------------------------------------------
    def take_page(self) -> Job[Any] | None:
        entry = self.capture_entry()
        if self.step is not FilingStep.CAPTURE or entry is None:
            return None
        if len(entry.pages) >= MAX_PAGES:
            self.message = TOO_MANY_PAGES
            return None
        return self._shoot(entry.pages.append)

    def retake(self, index: int) -> Job[Any] | None:
        """Take one page again in its place."""
        entry = self.capture_entry()
        if self.step is not FilingStep.CAPTURE or entry is None or not 0 <= index < len(entry.pages):
            return None

        def replace(page: CapturedPage) -> None:
            if index < len(entry.pages):
                entry.pages[index] = page

        return self._shoot(replace)

    def remove_page(self, index: int) -> None:
        entry = self.capture_entry()
        if self.step is FilingStep.CAPTURE and entry is not None and 0 <= index < len(entry.pages) and not self.busy:
            del entry.pages[index]
            self.message = None

    def _shoot(self, keep: Callable[[CapturedPage], None]) -> Job[Any] | None:
        camera = self.camera
        if camera is None or not camera.available():
            self.message = NO_CAMERA
            return None

        def work() -> CapturedPage | CameraFailed:
            try:
                return camera.capture()
            except CameraFailed as error:
                return error

        def done(result: CapturedPage | CameraFailed) -> None:
            if isinstance(result, CameraFailed):
                self.message = result.message
                return
            keep(result)
            self.message = None if result.found else NOT_FOUND

        job = self.job("capture", work, done)
        if job is not None:
            self.message = None
        return job

    def finish_capture(self) -> None:
        """Back to the list; a material left without pages is not settled."""
        entry = self.capture_entry()
        if self.step is not FilingStep.CAPTURE or self.busy:
            return
        if entry is not None and not entry.pages:
            entry.way = None
        self.capturing = None
        self.go_to(FilingStep.MATERIALS)
