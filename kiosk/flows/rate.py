"""Rate the service (好差评, kiosk channel): five levels; a bad rating (1 or 2) needs at least one reason."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from kiosk.flows.flow import Flow
from kiosk.flows.jobs import Job
from kiosk.flows.words import Words
from kiosk.station.ports import Unavailable

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
THANKS = Words("感谢您的评价！", "Thank you for your rating!")


class RateStep(StrEnum):
    CHOOSE = "choose"
    REASONS = "reasons"
    SUBMITTING = "submitting"
    THANKS = "thanks"


class RateFlow(Flow):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.step = RateStep.CHOOSE
        self.reasons: list[str] = []

    @property
    def ticket_id(self) -> str | None:
        ticket = self.session.ticket
        return ticket.id if ticket is not None else None

    @property
    def already_rated(self) -> bool:
        """One rating per service: a ticket rated in this session is not rated again."""
        return self.ticket_id is not None and self.ticket_id in self.session.rated_ticket_ids

    def start(self) -> Job[Any] | None:
        return self.job("bad_rating_reasons", self._fetch_reasons, self._reasons_loaded)

    def _fetch_reasons(self) -> list[str] | Unavailable:
        try:
            return self.context.hall.bad_rating_reasons()
        except Unavailable as error:
            return error

    def _reasons_loaded(self, result: list[str] | Unavailable) -> None:
        self.reasons = [] if isinstance(result, Unavailable) else list(result)

    def choose(self, level: int) -> Job[Any] | None:
        if self.busy or self.step is not RateStep.CHOOSE or level not in LEVELS or self.already_rated:
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
        if self.step is not RateStep.REASONS or reason not in self.reasons:
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
        level, reasons, ticket_id = self.session.rating_level, list(self.session.rating_reasons), self.ticket_id
        if level is None:
            return None

        def work() -> None:
            self.context.hall.rate(level, reasons, ticket_id=ticket_id)

        job = self.job("rate", work, self._submitted)
        if job is not None:
            self.step = RateStep.SUBMITTING
        return job

    def _submitted(self, _result: None) -> None:
        if self.ticket_id is not None:
            self.session.rated_ticket_ids.add(self.ticket_id)
        self.session.rating_level, self.session.rating_reasons = None, []
        self.step, self.message = RateStep.THANKS, THANKS

    def back(self) -> bool:
        if self.step is RateStep.REASONS:
            self.step, self.message = RateStep.CHOOSE, None
            self.session.rating_level, self.session.rating_reasons = None, []
            return True
        return False
