"""Rate the service (好差评, kiosk channel): scan the ticket's QR code after being served, then five levels; a bad
rating (1 or 2) needs at least one reason. The hall files every rating under the ticket it rates."""

from __future__ import annotations

import re
from enum import StrEnum
from typing import Any

from common.refusals import Refusal
from devices.words import Words
from kiosk.flows.flow import Flow
from kiosk.flows.jobs import Job
from kiosk.flows.offers import MISSING, Need
from kiosk.station.ports import RatedTicket, Unavailable

LEVELS: dict[int, Words] = {
    5: Words("非常满意", "Very satisfied"),
    4: Words("满意", "Satisfied"),
    3: Words("基本满意", "Fairly satisfied"),
    2: Words("不满意", "Dissatisfied"),
    1: Words("非常不满意", "Very dissatisfied"),
}
BAD = frozenset({1, 2})
PICK_A_REASON = Words("请至少选择一项原因", "Please choose at least one reason")
NO_REASONS = Words(
    "暂时无法取得差评原因列表，请稍后再评或拨打服务热线",
    "The list of reasons is not available right now; please rate later or call the hotline.",
)
NOT_A_TICKET = Words(
    "这不是排队小票上的二维码，请扫描小票二维码", "That is not a ticket's QR code; please scan your ticket"
)
# Tickets printed before codes were signed hold /q/<ticket id>: the hall no longer takes an id as proof.
OLD_TICKET = Words(
    "这张小票是系统升级前打印的，请在办理窗口的评价器上评价",
    "This ticket was printed before an update: please rate at the evaluation pad of your window.",
)
OLD_TICKET_ID = re.compile(r"/q/[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}(?:[?#]|$)")
ALREADY_RATED = Words("这张小票已经评价过了，谢谢！", "This ticket has been rated already. Thank you!")
UNKNOWN_TICKET = Words("您扫描的排队小票", "The ticket you scanned")  # what is rated when the hall cannot say
THANKS = Words("感谢您的评价！", "Thank you for your rating!")
# The ticket's QR code opens the hall's page for that ticket, /q/<signed code> (common/signedcode.py); the code is
# what the hall takes as proof that the person rating holds the ticket. It is sent as read, never respelled.
TICKET_CODE = re.compile(r"/q/([0-9]{1,6}\.[A-Za-z0-9_-]{16,100})(?:[?#]|$)")


def ticket_code_from(code: str) -> str | None:
    found = TICKET_CODE.search(code.strip())
    return found.group(1) if found else None


def staff_words(staff: str) -> Words:
    """A staff number as 工号 1001 / staff no. 1001; a name as it is."""
    if staff.isascii():
        return Words(f"工号 {staff}", f"staff no. {staff}")
    return Words(staff, staff)


def not_served(number: str, hotline: str) -> Words:
    """The ticket scanned has not been served yet: nothing to rate until it has."""
    return Refusal(
        "not_served",
        Words(f"{number} 号还没有办理", f"Number {number} has not been served yet"),
        Words("请在窗口办理完成后再扫码评价", "Please scan it again once your service at the window is done"),
    ).with_hotline(hotline)


class RateStep(StrEnum):
    SCAN = "scan"  # show the ticket's QR code to the scanner
    CHOOSE = "choose"
    REASONS = "reasons"
    SUBMITTING = "submitting"
    THANKS = "thanks"


class RateFlow(Flow):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.step = RateStep.SCAN
        self.reasons: list[Words] = []  # zh is what the rating sends; the screen shows the citizen's language
        self.rated: RatedTicket | None = None  # what is being rated, as the hall knows it; None when it could not say

    @property
    def ticket_code(self) -> str | None:
        """The signed code read from the ticket being rated."""
        return self.session.rating_ticket

    @property
    def can_scan(self) -> bool:
        return self.context.offers().can_scan

    def start(self) -> Job[Any] | None:
        self.message = None if self.can_scan else MISSING[Need.SCANNER]
        return None

    def on_scan(self, text: str) -> Job[Any] | None:
        """The ticket's QR code, taken on the scan step only: the hall says what it is (the service rated, named on
        the screen) and gives the reasons a bad rating picks from."""
        if self.step is not RateStep.SCAN:
            return None
        ticket_code = ticket_code_from(text)
        if ticket_code is None:
            self.message = OLD_TICKET if OLD_TICKET_ID.search(text.strip()) else NOT_A_TICKET
            return None
        if ticket_code in self.session.rated_ticket_codes:
            self.message = ALREADY_RATED
            return None
        hall = self.context.hall

        def look_up() -> tuple[RatedTicket | None, list[Words]]:
            try:
                reasons = hall.bad_rating_reasons()
            except Unavailable:
                reasons = []
            return hall.rated_ticket(ticket_code), reasons

        return self.job("rated_ticket", look_up, lambda found: self._looked_up(ticket_code, *found))

    def _looked_up(self, ticket_code: str, rated: RatedTicket | None, reasons: list[Words]) -> None:
        self.reasons = list(reasons)
        if rated is not None and rated.rated:
            self.message = ALREADY_RATED
        elif rated is not None and not rated.served:
            self.message = not_served(rated.number, self.context.settings.help_hotline)
        else:
            # Not known (the hall is away): rated all the same; the hall files it under the ticket when it arrives.
            self.rated = rated
            self.session.rating_ticket = ticket_code
            self.step, self.message = RateStep.CHOOSE, None

    def subject(self) -> list[tuple[Words, Words]]:
        """What is being rated, as (label, value) lines: the number, the service, the window and who served there;
        one line saying it is the scanned ticket when the hall could not say more."""
        rated = self.rated
        if rated is None:
            return [(Words("评价对象", "Rating"), UNKNOWN_TICKET)]
        lines = [
            (Words("号码", "Number"), Words(rated.number, rated.number)),
            (Words("业务", "Service"), rated.category),
        ]
        if rated.window is not None:
            lines.append((Words("窗口", "Window"), rated.window))
        if rated.staff:
            lines.append((Words("工作人员", "Served by"), staff_words(rated.staff)))
        return lines

    def choose(self, level: int) -> Job[Any] | None:
        if self.busy or self.step is not RateStep.CHOOSE or level not in LEVELS:
            return None
        self.session.rating_level = level
        self.session.rating_reasons = []
        if level in BAD:
            if not self.reasons:
                self.message = NO_REASONS
                return None
            self.step, self.message = RateStep.REASONS, None
            return None
        return self._submit()

    def toggle_reason(self, reason: str) -> None:
        """Choose or unchoose a reason, by its Chinese (what the rating sends)."""
        if self.step is not RateStep.REASONS or reason not in [r.zh for r in self.reasons]:
            return
        chosen = self.session.rating_reasons
        self.session.rating_reasons = [r for r in chosen if r != reason] if reason in chosen else [*chosen, reason]
        self.message = None

    def submit(self) -> Job[Any] | None:
        if self.step is not RateStep.REASONS:
            return None
        if not self.session.rating_reasons:
            self.message = PICK_A_REASON
            return None
        return self._submit()

    def _submit(self) -> Job[Any] | None:
        level, reasons, ticket_code = self.session.rating_level, list(self.session.rating_reasons), self.ticket_code
        if level is None or ticket_code is None:
            return None

        def work() -> None:
            self.context.hall.rate(level, reasons, ticket_code=ticket_code)

        job = self.job("rate", work, self._submitted)
        if job is not None:
            self.step = RateStep.SUBMITTING
        return job

    def _submitted(self, _result: None) -> None:
        if self.ticket_code is not None:
            self.session.rated_ticket_codes.add(self.ticket_code)
        self.session.rating_ticket, self.session.rating_level, self.session.rating_reasons = None, None, []
        self.step, self.message = RateStep.THANKS, THANKS

    def back(self) -> bool:
        if self.step is RateStep.REASONS:
            self.step, self.message = RateStep.CHOOSE, None
            self.session.rating_level, self.session.rating_reasons = None, []
            return True
        if self.step is RateStep.CHOOSE:
            self.step, self.message, self.rated = RateStep.SCAN, None, None
            self.session.rating_ticket = None
            return True
        return False
