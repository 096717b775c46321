"""Take a number: choose a category and the number prints (two taps from home); the ID card only where the
category needs it (green channel: one ticket per ID), after consent. Every refusal is its own page."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from common.refusals import card_timeout, card_unusable, category_closed, device_fault, hall_offline
from devices.identity import Identity
from devices.words import Words
from kiosk.flows.card import cancel_card, read_card
from kiosk.flows.flow import Flow
from kiosk.flows.jobs import Job
from kiosk.station.ports import CategoryInfo, Refused, Ticket, Unavailable

READER = Words("身份证阅读器", "ID card reader")
NEEDS_ID = device_fault(READER).words()  # a category that needs the card, with the reader out


class TakeStep(StrEnum):
    LOADING = "loading"
    PAUSED = "paused"  # the hall cannot be reached; ``message`` says so
    CHOOSE = "choose"
    REFUSED = "refused"  # this category gives no number now; ``message`` says why and what to do instead
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
            self.step, self.message = TakeStep.PAUSED, hall_offline().words()
        else:
            self.step, self.categories = TakeStep.CHOOSE, result

    # -- choosing -------------------------------------------------------------------------------------------
    def category(self, prefix: str | None = None) -> CategoryInfo | None:
        prefix = prefix or self.session.category
        return next((c for c in self.categories if c.prefix == prefix), None)

    def unavailable_because(self, category: CategoryInfo) -> Words | None:
        """Why this category cannot give a number now; None when it can."""
        if not category.open:
            return closed_words(category)
        if category.needs_id and not self.context.offers().can_read_id:
            return NEEDS_ID
        return None

    def choose(self, prefix: str) -> Job[Any] | None:
        """One tap: the number is taken and printed; a category that needs the card asks consent first; one that
        cannot give a number shows why (its own page)."""
        category = self.category(prefix)
        if self.busy or self.step is not TakeStep.CHOOSE or category is None:
            return None
        refused = self.unavailable_because(category)
        if refused is not None:
            self.step, self.message = TakeStep.REFUSED, refused
            return None
        self.session.category = prefix
        if category.needs_id:
            self.step, self.message = TakeStep.CONSENT, None
            return None
        return self._take(None)

    def choose_again(self) -> None:
        """From a refusal or a failed read: back to the list of categories."""
        if self.step in {TakeStep.REFUSED, TakeStep.CONSENT, TakeStep.READ_FAILED, TakeStep.CONFIRM}:
            self.session.consent = False
            self.session.identity = None
            self.session.category = None
            self.step, self.message = TakeStep.CHOOSE, None

    # -- the ID card (only for a category that needs it) ----------------------------------------------------
    def agree(self) -> Job[Any] | None:
        """Consent given (or a retry after a failed read): wait for the card."""
        if self.step not in {TakeStep.CONSENT, TakeStep.READ_FAILED}:
            return None
        if not self.context.offers().can_read_id:
            self.step, self.message = TakeStep.REFUSED, NEEDS_ID
            return None
        job = read_card(
            self, self._card_read, self._read_failed, on_timeout=self._timed_out, on_cancel=self._read_cancelled
        )
        if job is not None:
            self.session.consent = True
            self.step, self.message = TakeStep.READING, None
        return job

    def decline(self) -> None:
        self.choose_again()

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
        self.step, self.message = TakeStep.READ_FAILED, card_unusable(why).words()

    def _read_cancelled(self) -> None:
        """The citizen ended the wait (back): the list again, not a failure."""
        self.step = TakeStep.CONSENT
        self.choose_again()

    def _timed_out(self, seconds: int) -> None:
        self.step, self.message = TakeStep.READ_FAILED, card_timeout(seconds).words()

    # -- the number -----------------------------------------------------------------------------------------
    def _take(self, identity: Identity | None) -> Job[Any] | None:
        prefix = self.session.category
        if prefix is None:
            return None
        id_number = identity.id_number if identity is not None else None
        language = self.context.language  # the ticket prints in the citizen's language

        def work() -> Ticket | Refused | Unavailable:
            try:
                return self.context.hall.take_number(prefix, id_number=id_number, language=language)
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
        if isinstance(result, Unavailable):
            self.step, self.message = TakeStep.PAUSED, hall_offline().words()
        else:
            self.step, self.message = TakeStep.REFUSED, result.message

    # -- navigation -----------------------------------------------------------------------------------------
    def back(self) -> bool:
        if self.step is TakeStep.READING:
            self.cancel_read()
            return True
        if self.step in {TakeStep.REFUSED, TakeStep.CONSENT, TakeStep.READ_FAILED, TakeStep.CONFIRM}:
            self.choose_again()
            return True
        return False

    def leave(self) -> None:
        self.cancel_read()
