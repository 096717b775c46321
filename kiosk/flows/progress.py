"""Progress of a filing (办件查询): scan the receipt's QR code, or read the ID card (after consent); the status in
plain words, what is missing when more materials were asked for (补正), and the result printed once it is ready.
A result prints once at a kiosk; a second print is refused with words sending the citizen to a window."""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Callable
from enum import StrEnum
from typing import Any

from common.hallapi.filings import FilingStatus
from common.receipts import receipt_filing_id
from devices.identity import Identity
from devices.words import Language, Words
from kiosk.flows.card import cancel_card, read_card
from kiosk.flows.filing_work import DELIVERY_WORDS
from kiosk.flows.flow import Flow
from kiosk.flows.jobs import Job
from kiosk.flows.offers import MISSING, Need
from kiosk.printing.result import ResultSlip
from kiosk.station.filing_ports import ALREADY_COLLECTED, COLLECTED_CODE, FilingPort, FilingProgress, PrintAnswer
from kiosk.station.ports import Refused, Unavailable

PROGRESS_SCREEN = "progress"  # the screen's name once registered (kiosk/flows/screens.py, with its widget)
NOT_A_RECEIPT = Words(
    "这不是申报回执上的二维码，请扫描回执上的二维码", "That is not a filing receipt's QR code; please scan your receipt"
)
NONE_FOUND = Words("没有找到您的申报记录", "No filings were found for this ID card")
NOT_OFFERED = Words(
    "本机暂不提供办件查询，请到窗口查询", "Progress cannot be checked at this kiosk; please ask at a window"
)
NOT_SYNCED = Words(
    "申报保存在本机，尚未送达大厅；网络恢复后会自动发送",
    "Saved on this kiosk, not yet at the hall; it is sent by itself",
)
RESULT_READY = Words("办理结果已出，可以在本机打印", "The result is ready; you can print it here")
RESULT_PRINTED = Words("办理结果已打印，请在出纸口取走", "The result is printed. Please take it from the slot.")
RESULT_SUMMARY = "办理结果文书随本通知一并打印，请妥善保管。"
RESULT_SUMMARY_WORDS = Words(RESULT_SUMMARY, "The result document is printed with this notice. Please keep it safe.")
Found = list[FilingProgress] | Refused | Unavailable


def receipt_token(text: str) -> str | None:
    """The token of a receipt's QR code (``…/f/<token>``) when the text is one; None for anything else."""
    _, marker, token = text.strip().rpartition("/f/")
    token = token.split("?")[0].split("#")[0]
    return token if marker and receipt_filing_id(token) is not None else None


def result_slip_for(
    progress: FilingProgress, qr: str, *, hall_name: str, hall_phone: str, language: Language = "zh_CN"
) -> ResultSlip:
    """The slip printed with a result at the kiosk, in the citizen's language."""
    return ResultSlip(
        filing_number=progress.number,
        item_name=progress.item_name,
        status_text=progress.status_words.pick(language),
        result_summary=RESULT_SUMMARY_WORDS.pick(language),
        collect_where="",
        collect_when="",
        qr_payload=qr,
        hall_name=hall_name,
        hall_phone=hall_phone,
        completed_at=progress.updated_at if progress.status is FilingStatus.COMPLETED else None,
        missing_materials=progress.missing_materials,
        note=progress.note or "",
        printed_once=True,
        language=language,
    )


class ProgressStep(StrEnum):
    CHOOSE = "choose"  # scan the receipt now, or choose the ID card
    CONSENT = "consent"
    READING = "reading"
    READ_FAILED = "read_failed"
    LOOKING = "looking"
    LIST = "list"  # several filings for one card
    DETAIL = "detail"  # one filing's progress
    PRINTING = "printing"


class ProgressFlow(Flow):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.step = ProgressStep.CHOOSE
        self.shown: uuid.UUID | None = None  # the filing on the detail step
        self.scanned = ""  # the receipt's code, printed again on the result slip

    @property
    def filing(self) -> FilingPort | None:
        return self.context.filing

    @property
    def found(self) -> list[FilingProgress]:
        return self.session.progress

    @property
    def progress(self) -> FilingProgress | None:
        return next((p for p in self.found if p.id == self.shown), None)

    def start(self) -> Job[Any] | None:
        self.message = NOT_OFFERED if self.filing is None else None
        return None

    # -- by the receipt -------------------------------------------------------------------------------------
    def on_scan(self, text: str) -> Job[Any] | None:
        filing = self.filing
        if self.step is not ProgressStep.CHOOSE or filing is None or self.busy:
            return None
        if receipt_token(text) is None:
            self.message = NOT_A_RECEIPT
            return None
        code = text.strip()

        def work() -> Found:
            try:
                return [filing.progress_by_receipt(code)]
            except (Refused, Unavailable) as error:
                return error

        self.scanned = code
        return self._look("progress_by_receipt", work)

    # -- by the ID card -------------------------------------------------------------------------------------
    def use_id_card(self) -> None:
        if self.step is ProgressStep.CHOOSE and not self.busy and self.filing is not None:
            if self.context.offers().can_read_id:
                self.step, self.message = ProgressStep.CONSENT, None
            else:
                self.message = MISSING[Need.ID_READER]

    def agree(self) -> Job[Any] | None:
        if self.step not in {ProgressStep.CONSENT, ProgressStep.READ_FAILED}:
            return None
        job = read_card(self, self._with_identity, self._read_failed)
        if job is not None:
            self.session.consent = True
            self.step, self.message = ProgressStep.READING, None
        return job

    def decline(self) -> None:
        if self.step in {ProgressStep.CONSENT, ProgressStep.READ_FAILED}:
            self.session.consent = False
            self.step, self.message = ProgressStep.CHOOSE, None

    def cancel_read(self) -> None:
        cancel_card(self)

    def _read_failed(self, why: Words) -> None:
        self.step, self.message = ProgressStep.READ_FAILED, why

    def _with_identity(self, identity: Identity) -> Job[Any] | None:
        filing, id_number = self.filing, identity.id_number
        # The number is needed for this one lookup only.
        self.session.identity, self.session.consent = None, False
        if filing is None:
            return None

        def work() -> Found:
            try:
                return filing.progress_by_id_card(id_number)
            except (Refused, Unavailable) as error:
                return error

        self.scanned = ""
        return self._look("progress_by_id_card", work)

    # -- what was found -------------------------------------------------------------------------------------
    def _look(self, name: str, work: Callable[[], Found]) -> Job[Any] | None:
        job = self.job(name, work, self._found)
        if job is not None:
            self.step, self.message = ProgressStep.LOOKING, None
        return job

    def _found(self, result: Found) -> None:
        if isinstance(result, Refused | Unavailable):
            self.step, self.message = ProgressStep.CHOOSE, result.message
            return
        if not result:
            self.step, self.message = ProgressStep.CHOOSE, NONE_FOUND
            return
        self.session.progress = list(result)
        if len(result) == 1:
            self.open(result[0].id)
        else:
            self.step, self.shown = ProgressStep.LIST, None

    def open(self, filing_id: uuid.UUID) -> None:
        if any(p.id == filing_id for p in self.found) and not self.busy:
            self.shown = filing_id
            self.step, self.message = ProgressStep.DETAIL, None

    def notes(self, progress: FilingProgress) -> list[Words]:
        """What the detail step says besides the status: where it is, how the result comes."""
        said: list[Words] = []
        if not progress.synced:
            said.append(NOT_SYNCED)
        if progress.status is FilingStatus.MATERIALS_REQUESTED and progress.missing_materials:
            names = "、".join(progress.missing_materials)
            said.append(
                Words(
                    f"请补充以下材料：{names}", f"Please add these materials: {', '.join(progress.missing_materials)}"
                )
            )
        if progress.result_ready and not progress.collected:
            said.append(RESULT_READY)
        if progress.result_ready and progress.collected:
            said.append(ALREADY_COLLECTED)
        if progress.status is FilingStatus.COMPLETED and progress.delivery != "kiosk":
            said.append(DELIVERY_WORDS[progress.delivery])
        return said

    # -- the result, printed once ---------------------------------------------------------------------------
    @property
    def can_print_result(self) -> bool:
        progress = self.progress
        return progress is not None and progress.result_ready and self.context.offers().can_print

    def print_result(self) -> Job[Any] | None:
        progress, filing = self.progress, self.filing
        if self.step is not ProgressStep.DETAIL or progress is None or filing is None or not progress.result_ready:
            return None
        if progress.collected:
            self.message = ALREADY_COLLECTED
            return None
        if not self.context.offers().can_print:
            self.message = MISSING[Need.PRINTER]
            return None
        settings, language = self.context.settings, self.context.language
        slip = result_slip_for(
            progress, self.scanned or progress.number, hall_name=settings.hall(language),
            hall_phone=settings.help_hotline, language=language,
        )  # fmt: skip

        def work() -> PrintAnswer | Refused | Unavailable:
            try:
                return filing.print_result(progress.id, slip)
            except (Refused, Unavailable) as error:
                return error

        job = self.job("print_result", work, lambda result: self._printed(progress, result))
        if job is not None:
            self.step, self.message = ProgressStep.PRINTING, None
        return job

    def _printed(self, progress: FilingProgress, result: PrintAnswer | Refused | Unavailable) -> None:
        self.step = ProgressStep.DETAIL
        if isinstance(result, Refused):
            if result.code == COLLECTED_CODE:
                self._mark_collected(progress)
            self.message = result.message
        elif isinstance(result, Unavailable):
            self.message = result.message
        elif result[0]:
            self._mark_collected(progress)
            self.message = RESULT_PRINTED
        else:
            self.message = result[1]

    def _mark_collected(self, progress: FilingProgress) -> None:
        collected = dataclasses.replace(progress, collected=True)
        self.session.progress = [collected if p.id == progress.id else p for p in self.found]

    # -- navigation -----------------------------------------------------------------------------------------
    def back(self) -> bool:
        if self.step is ProgressStep.READING:
            self.cancel_read()
            return True
        if self.step in {ProgressStep.CONSENT, ProgressStep.READ_FAILED}:
            self.decline()
            return True
        if self.step is ProgressStep.DETAIL and len(self.found) > 1:
            self.step, self.shown, self.message = ProgressStep.LIST, None, None
            return True
        if self.step in {ProgressStep.DETAIL, ProgressStep.LIST}:
            self.session.progress, self.shown, self.scanned = [], None, ""
            self.step, self.message = ProgressStep.CHOOSE, None
            return True
        return False

    def leave(self) -> None:
        self.cancel_read()
