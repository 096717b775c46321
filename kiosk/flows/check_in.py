"""Appointment check-in: scan the appointment's QR code, or read the ID card (after consent); the ticket prints."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from devices.identity import Identity
from devices.words import Words
from kiosk.flows.card import cancel_card, read_card
from kiosk.flows.flow import Flow
from kiosk.flows.jobs import Job
from kiosk.flows.offers import MISSING, Need
from kiosk.station.ports import Refused, Ticket, Unavailable

NO_WAY_IN = Words(
    "扫码器和身份证阅读器暂不可用，请到人工窗口签到",
    "The scanner and the ID card reader are not available; please check in at a staffed window.",
)


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
                self.message = MISSING[Need.ID_READER]

    def agree(self) -> Job[Any] | None:
        if self.step not in {CheckInStep.CONSENT, CheckInStep.READ_FAILED}:
            return None
        job = read_card(self, self._with_identity, self._read_failed)
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

    def _read_failed(self, why: Words) -> None:
        self.step, self.message = CheckInStep.READ_FAILED, why

    def _with_identity(self, identity: Identity) -> Job[Any] | None:
        return self._check(id_number=identity.id_number)

    def _check(self, *, code: str | None = None, id_number: str | None = None) -> Job[Any] | None:
        def work() -> Ticket | Refused | Unavailable:
            try:
                return self.context.hall.check_in(code=code, id_number=id_number)
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
