"""Appointment check-in: scan the appointment's QR code, or read the ID card (after consent); the ticket prints.

A refusal (outside hours, not found, too early or too late, the hall away, a device out) stays on the first step,
worded by common/refusals.py, so the next scan is taken at once."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from common.refusals import card_timeout, card_unusable, device_fault, hall_offline
from devices.identity import Identity
from devices.words import Words
from kiosk.flows.card import cancel_card, read_card
from kiosk.flows.flow import Flow
from kiosk.flows.jobs import Job
from kiosk.station.ports import Refused, Ticket, Unavailable

NO_WAY_IN = device_fault(
    Words("扫码器和身份证阅读器", "Scanner and ID card reader"),
    instead=Words("请到人工窗口签到，或到服务台咨询", "Please check in at a staffed window, or ask at the help desk"),
).words()
READER_OUT = device_fault(
    Words("身份证阅读器", "ID card reader"),
    instead=Words(
        "请扫描预约二维码签到，或到服务台咨询", "Please scan your appointment QR code, or ask at the help desk"
    ),
).words()
SCANNER_OUT = device_fault(
    Words("扫码器", "QR code scanner"),
    instead=Words("请刷身份证签到，或到服务台咨询", "Please check in with your ID card, or ask at the help desk"),
).words()
BY_QR = Words("扫描预约二维码签到", "scan your appointment QR code instead")


class CheckInStep(StrEnum):
    CHOOSE = "choose"  # scan the QR now, or choose the ID card
    CONSENT = "consent"
    READING = "reading"
    READ_FAILED = "read_failed"
    CHECKING = "checking"
    DONE = "done"


class CheckInFlow(Flow):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.step = CheckInStep.CHOOSE

    @property
    def can_scan(self) -> bool:
        return self.context.offers().can_scan

    @property
    def can_read_id(self) -> bool:
        return self.context.offers().can_read_id

    def start(self) -> Job[Any] | None:
        self.message = None if self.can_scan or self.can_read_id else NO_WAY_IN
        return None

    def on_scan(self, text: str) -> Job[Any] | None:
        """The appointment's QR code: taken while choosing; ignored in any other step."""
        if self.step is not CheckInStep.CHOOSE or not text.strip():
            return None
        return self._check(code=text.strip())

    def use_id_card(self) -> None:
        if self.step is CheckInStep.CHOOSE and not self.busy:
            if self.can_read_id:
                self.step, self.message = CheckInStep.CONSENT, None
            else:
                self.message = READER_OUT

    def agree(self) -> Job[Any] | None:
        if self.step not in {CheckInStep.CONSENT, CheckInStep.READ_FAILED}:
            return None
        job = read_card(
            self, self._with_identity, self._read_failed, on_timeout=self._timed_out, on_cancel=self._read_cancelled
        )
        if job is not None:
            self.session.consent = True
            self.step, self.message = CheckInStep.READING, None
        return job

    def decline(self) -> None:
        if self.step in {CheckInStep.CONSENT, CheckInStep.READ_FAILED}:
            self.session.consent = False
            self.step, self.message = CheckInStep.CHOOSE, None

    def cancel_read(self) -> None:
        cancel_card(self)

    @property
    def without_card(self) -> Words | None:
        """The way on without the card: the QR code, while the scanner works."""
        return BY_QR if self.can_scan else None

    def _read_failed(self, why: Words) -> None:
        self.step, self.message = CheckInStep.READ_FAILED, card_unusable(why, self.without_card).words()

    def _timed_out(self, seconds: int) -> None:
        self.step, self.message = CheckInStep.READ_FAILED, card_timeout(seconds, self.without_card).words()

    def _read_cancelled(self) -> None:
        self.session.consent = False
        self.step, self.message = CheckInStep.CHOOSE, None

    def _with_identity(self, identity: Identity) -> Job[Any] | None:
        return self._check(id_number=identity.id_number)

    def _check(self, *, code: str | None = None, id_number: str | None = None) -> Job[Any] | None:
        language = self.context.language  # the ticket prints in the citizen's language

        def work() -> Ticket | Refused | Unavailable:
            try:
                return self.context.hall.check_in(code=code, id_number=id_number, language=language)
            except (Refused, Unavailable) as error:
                return error

        job = self.job("check_in", work, self._checked)
        if job is not None:
            self.step, self.message = CheckInStep.CHECKING, None
        return job

    def _checked(self, result: Ticket | Refused | Unavailable) -> None:
        self.session.identity = None
        self.session.consent = False
        if isinstance(result, Ticket):
            self.session.ticket = result
            self.step = CheckInStep.DONE
            self.message = None if result.printed else result.print_message
        elif isinstance(result, Unavailable):
            self.step, self.message = CheckInStep.CHOOSE, hall_offline().words()
        else:
            self.step, self.message = CheckInStep.CHOOSE, result.message

    def back(self) -> bool:
        if self.step is CheckInStep.READING:
            self.cancel_read()
            return True
        if self.step in {CheckInStep.CONSENT, CheckInStep.READ_FAILED}:
            self.decline()
            return True
        return False

    def leave(self) -> None:
        self.cancel_read()
