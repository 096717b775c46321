"""Take a number: choose a category, optionally read the ID card (green channel, one ticket per ID), print."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from common.refusals import category_closed
from devices.identity import Identity
from devices.words import Words
from kiosk.flows.card import cancel_card, read_card
from kiosk.flows.flow import Flow
from kiosk.flows.jobs import Job
from kiosk.flows.offers import MISSING, Need
from kiosk.station.ports import CategoryInfo, Refused, Ticket, Unavailable

NEEDS_ID = Words(
    "此业务需要读取身份证，但身份证阅读器暂不可用，请到人工窗口或拨打服务热线",
    "This service needs your ID card, but the reader is not available. Please go to a staffed window or call "
    "the hotline.",
)


class TakeStep(StrEnum):
    LOADING = "loading"
    PAUSED = "paused"  # the hall cannot be reached; ``message`` says so
    CHOOSE = "choose"
    ID_CHOICE = "id_choice"  # with the ID card (one ticket per ID) or without
    CONSENT = "consent"
    READING = "reading"
    READ_FAILED = "read_failed"
    CONFIRM = "confirm"  # whose card was read (masked), before the number is taken
    TAKING = "taking"
    DONE = "done"


def closed_words(category: CategoryInfo) -> Words:
    return category_closed(category.name_zh, category.name_en, category.hours_zh, category.hours_en).words()


class TakeNumberFlow(Flow):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.step = TakeStep.LOADING
        self.categories: list[CategoryInfo] = []

    # -- loading --------------------------------------------------------------------------------------------
    def start(self) -> Job[Any] | None:
        self.step = TakeStep.LOADING
        return self.job("categories", self._fetch_categories, self._loaded)

    def retry(self) -> Job[Any] | None:
        return self.start() if self.step is TakeStep.PAUSED and not self.busy else None

    def _fetch_categories(self) -> list[CategoryInfo] | Unavailable:
        try:
            return self.context.hall.categories()
        except Unavailable as error:
            return error

    def _loaded(self, result: list[CategoryInfo] | Unavailable) -> None:
        if isinstance(result, Unavailable):
            self.step, self.message = TakeStep.PAUSED, result.message
        else:
            self.step, self.categories = TakeStep.CHOOSE, result

    # -- choosing -------------------------------------------------------------------------------------------
    def category(self, prefix: str | None = None) -> CategoryInfo | None:
        prefix = prefix or self.session.category
        return next((c for c in self.categories if c.prefix == prefix), None)

    def unavailable_because(self, category: CategoryInfo) -> Words | None:
        """Why this category cannot be chosen now; None when it can."""
        if not category.open:
            return closed_words(category)
        if category.needs_id and not self.context.offers().can_read_id:
            return NEEDS_ID
        return None

    def choose(self, prefix: str) -> Job[Any] | None:
        category = self.category(prefix)
        if self.busy or self.step is not TakeStep.CHOOSE or category is None:
            return None
        self.message = self.unavailable_because(category)
        if self.message is not None:
            return None
        self.session.category = prefix
        if category.needs_id:
            self.step = TakeStep.CONSENT
            return None
        if self.context.offers().can_read_id:
            self.step = TakeStep.ID_CHOICE
            return None
        return self._take(None)

    def use_id_card(self) -> None:
        if self.step is TakeStep.ID_CHOICE:
            self.step = TakeStep.CONSENT

    def without_id_card(self) -> Job[Any] | None:
        return self._take(None) if self.step is TakeStep.ID_CHOICE else None

    # -- the ID card ----------------------------------------------------------------------------------------
    def agree(self) -> Job[Any] | None:
        """Consent given (or a retry after a failed read): wait for the card."""
        if self.step not in {TakeStep.CONSENT, TakeStep.READ_FAILED}:
            return None
        if not self.context.offers().can_read_id:
            self.message = MISSING[Need.ID_READER]
            return None
        job = read_card(self, self._card_read, self._read_failed)
        if job is not None:
            self.session.consent = True
            self.step, self.message = TakeStep.READING, None
        return job

    def decline(self) -> None:
        if self.step in {TakeStep.CONSENT, TakeStep.READ_FAILED, TakeStep.CONFIRM}:
            self.session.consent = False
            self.session.identity = None
            self.session.category = None
            self.step, self.message = TakeStep.CHOOSE, None

    def cancel_read(self) -> None:
        cancel_card(self)

    def _card_read(self, _identity: Identity) -> None:
        self.step = TakeStep.CONFIRM

    def confirm(self) -> Job[Any] | None:
        """Take the number with the card just read."""
        if self.step is not TakeStep.CONFIRM or self.session.identity is None:
            return None
        return self._take(self.session.identity)

    def _read_failed(self, why: Words) -> None:
        self.step, self.message = TakeStep.READ_FAILED, why

    # -- the number -----------------------------------------------------------------------------------------
    def _take(self, identity: Identity | None) -> Job[Any] | None:
        prefix = self.session.category
        if prefix is None:
            return None
        id_number = identity.id_number if identity is not None else None

        def work() -> Ticket | Refused | Unavailable:
            try:
                return self.context.hall.take_number(prefix, id_number=id_number)
            except (Refused, Unavailable) as error:
                return error

        job = self.job("take_number", work, self._taken)
        if job is not None:
            self.step, self.message = TakeStep.TAKING, None
        return job

    def _taken(self, result: Ticket | Refused | Unavailable) -> None:
        # The ID number was needed for this one request only.
        self.session.identity = None
        self.session.consent = False
        if isinstance(result, Ticket):
            self.session.ticket = result
            self.step = TakeStep.DONE
            self.message = None if result.printed else result.print_message
            return
        self.session.category = None
        self.step, self.message = TakeStep.CHOOSE, result.message

    # -- navigation -----------------------------------------------------------------------------------------
    def back(self) -> bool:
        if self.step is TakeStep.READING:
            self.cancel_read()
            return True
        if self.step in {TakeStep.ID_CHOICE, TakeStep.CONSENT, TakeStep.READ_FAILED, TakeStep.CONFIRM}:
            self.decline()
            return True
        return False

    def leave(self) -> None:
        self.cancel_read()
