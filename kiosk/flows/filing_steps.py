"""The filing wizard's steps, its words, and what every part of the wizard shares (the ports, the filing in the
session). The parts: kiosk/flows/filing.py (item, notice, consent, card, form), filing_materials.py (materials),
filing_submit.py (delivery, review, save, receipt, rating)."""

from __future__ import annotations

from enum import StrEnum

from devices.words import Words
from kiosk.flows.filing_work import FilingWork
from kiosk.flows.flow import Flow
from kiosk.station.filing_ports import DocumentCameraPort, FilingPort


class FilingStep(StrEnum):
    LOADING = "loading"
    PAUSED = "paused"  # no fileable items can be shown; ``message`` says why
    CHOOSE = "choose"  # by department, by life event, or search
    NOTICE = "notice"  # conditions and the full materials list at once (一次性告知), printable
    CONSENT = "consent"  # what is collected and why; explicit agreement
    READING = "reading"  # waiting for the ID card
    READ_FAILED = "read_failed"
    FORM = "form"  # one field at a time, checked as typed
    MATERIALS = "materials"  # each material: camera, bring the original, or from the phone
    CAPTURE = "capture"  # the document camera for one material: pages, retake, remove
    DELIVERY = "delivery"  # how the result reaches the citizen
    REVIEW = "review"  # everything, the ID number masked
    SAVING = "saving"
    PRINTING = "printing"  # saved; the receipt is printing
    DONE = "done"  # the filing number; the offer to rate
    RATE_REASONS = "rate_reasons"  # a bad rating's reasons
    THANKS = "thanks"


NOT_OFFERED = Words(
    "本机暂不提供自助申报，请到窗口办理或拨打服务热线",
    "Self-service filing is not offered at this kiosk; please go to a staffed window or call the hotline.",
)
NO_ITEMS = Words(
    "本机暂无可自助申报的事项，请到窗口办理", "Nothing can be filed at this kiosk at the moment; please go to a window."
)
CONSENT_NOTICE = Words(
    "为办理本事项，本机将收集：身份证上的姓名、身份证号码和住址（用于确认申请人并预先填写表单）；您在表单中填写的内容；"
    "您拍摄或上传的申请材料；结果的领取方式和邮寄地址。这些信息仅用于本次申报，保存在本机并发送到政务服务中心；"
    "大厅确认收到后，本机按规定时间删除身份证号码和材料图片。离开或办理结束时，屏幕上的信息立即清除。"
    "同意后请将身份证平放在读卡区。",
    "To file this application, this kiosk collects: the name, ID number and address on your ID card (to confirm "
    "who applies and fill in the form); what you enter in the form; the pages of the materials you photograph or "
    "upload; how you want the result and the postal address. They are used for this filing only, stored on this "
    "kiosk and sent to the service hall; once the hall confirms it, the kiosk deletes the ID number and the pages "
    "after the set time. Everything leaves the screen as soon as you finish or walk away. If you agree, place "
    "your ID card flat on the reader.",
)
DECLINED = Words(
    "不同意收集信息就无法自助申报。您可以打印材料清单，到窗口办理。",
    "Without your agreement the application cannot be filed here. You can print the materials list and go to a window.",
)
NEEDS_CARD = Words(
    "自助申报需要读取身份证，但身份证阅读器暂不可用，请到窗口办理",
    "Filing needs your ID card, but the reader is not available. Please go to a staffed window.",
)
EXPIRED_CARD = Words(
    "身份证已过期，不能用于申报。请使用有效身份证，或到窗口办理。",
    "This ID card has expired and cannot be used to file. Please use a valid card or go to a window.",
)
NOTICE_PRINTED = Words("材料清单已打印，请在出纸口取走", "The materials list is printed. Please take it from the slot.")


class FilingBase(Flow):
    """What the wizard's parts share: the step, the filing in the session, and the two filing ports."""

    step: FilingStep
    field_index: int  # the form field on screen, among ``FilingWork.fillable()``

    @property
    def work(self) -> FilingWork | None:
        return self.session.filing

    @property
    def filing(self) -> FilingPort | None:
        return self.context.filing

    @property
    def camera(self) -> DocumentCameraPort | None:
        return self.context.camera

    def go_to(self, step: FilingStep) -> None:
        self.step, self.message = step, None
