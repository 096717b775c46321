"""Paying one thing the hall priced (自助缴费): the order, its QR code for the phone and the scanner open for the
citizen's payment code at the same time, the hall's status polled while the code shows, the receipt printed once
when it is paid, and the order given up when the citizen cancels, time runs out or the screen is left.

The kiosk never decides an outcome: every final word is the hall's (``status``, ``give_up``). While the citizen
confirms on the phone (PAYING) the walk-away timer stands still (``holds_time``). docs/payment.md, "At the kiosk".
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from enum import StrEnum
from typing import Any

from devices.words import Words
from kiosk.flows.flow import Flow
from kiosk.flows.jobs import Job
from kiosk.flows.payment_words import (
    EXPIRED,
    HALL_AWAY_WHILE_PAYING,
    NOT_A_PAYMENT_CODE,
    NOT_SETTLED,
    OUTCOME,
    RECEIPT_PRINTED,
)
from kiosk.station.payment_port import NOT_A_PAYMENT_CODE as NOT_A_PAYMENT_CODE_CODE
from kiosk.station.payment_port import Order, OrderStatus, Payable, PaymentPort
from kiosk.station.ports import Refused, Unavailable

log = logging.getLogger(__name__)

POLL_S = 2.0  # the hall's status is asked this often while the QR code shows or the phone confirms
CONFIRM_HOLD_S = 180.0  # the walk-away timer stands still this long at most while the phone confirms
LATE_WATCH_S = 30.0  # after a give-up, how long the outcome page still asks (a late payment is refunded)
Answer = Order | Refused | Unavailable


class PaymentStep(StrEnum):
    CHOOSE = "choose"  # scan the filing receipt, or the ID card, or an item's fee
    CONSENT = "consent"
    READING = "reading"
    READ_FAILED = "read_failed"
    LOOKING = "looking"  # asking the hall what is owed, or which items have a fee
    ITEMS = "items"  # items whose fee is paid here without a filing
    OWED = "owed"  # several things owed, one chosen
    AMOUNT = "amount"  # the fee lines and the total as the hall priced them; pay
    OPENING = "opening"  # the order is being made
    PAY = "pay"  # the QR code for the phone, and the scanner open for a payment code (the order is OPEN)
    CHARGING = "charging"  # a payment code was read and is being charged
    CONFIRM = "confirm"  # PAYING: the citizen confirms on the phone
    GIVING_UP = "giving_up"  # the order is being closed (cancelled, expired)
    PRINTING = "printing"  # paid: the receipt prints
    DONE = "done"  # paid; the receipt printed, or why not
    ENDED = "ended"  # failed, cancelled or refunded: said plainly; try again or another way


S = PaymentStep
POLLED = {S.PAY, S.CONFIRM}


def _asked(call: Callable[[], Order]) -> Callable[[], Answer]:
    def work() -> Answer:
        try:
            return call()
        except (Refused, Unavailable) as error:
            return error

    return work


class OrderFlow(Flow):
    """The paying half of the payment screen; ``PaymentFlow`` adds how the citizen finds what to pay."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.step = S.CHOOSE
        self.payable: Payable | None = None
        self.order: Order | None = None
        self.outcome: Words | None = None  # ENDED / DONE: the final word
        self.receipt_printed = False
        self._printed: set[str] = set()  # orders whose receipt printed here: never twice
        self._polling = False
        self._last_poll = 0.0
        self._since = 0.0  # when the current step began (the clock): the confirm hold, the late watch
        self._given_up = False

    @property
    def payment(self) -> PaymentPort | None:
        return self.context.payment

    # -- the order ------------------------------------------------------------------------------------------
    def pay(self) -> Job[Any] | None:
        """Open an order for the payable on screen: the hall prices it and gives the QR code."""
        payment, payable = self.payment, self.payable
        if self.step is not S.AMOUNT or payment is None or payable is None:
            return None
        job = self.job("open_order", _asked(lambda: payment.open_order(payable)), self._opened)
        if job is not None:
            self.order, self._given_up, self.outcome = None, False, None
            self._to(S.OPENING)
        return job

    def _opened(self, answer: Answer) -> Job[Any] | None:
        if isinstance(answer, Refused | Unavailable):
            self._to(S.AMOUNT, answer.message)
            return None
        self._last_poll = self.context.clock()
        return self._advance(answer)

    def pay_with_code(self, text: str) -> Job[Any] | None:
        """The scanner read something while the QR code shows: the citizen's payment code, the hall says."""
        payment, order = self.payment, self.order
        if self.step is not S.PAY or payment is None or order is None or self.busy:
            return None
        job = self.job("pay_with_code", _asked(lambda: payment.pay_with_code(order, text.strip())), self._charged)
        if job is not None:
            self._to(S.CHARGING)
        return job

    def _charged(self, answer: Answer) -> Job[Any] | None:
        if isinstance(answer, Refused):
            said = NOT_A_PAYMENT_CODE if answer.code == NOT_A_PAYMENT_CODE_CODE else answer.message
            self._to(S.PAY, said)
            return None
        if isinstance(answer, Unavailable):
            self._to(S.PAY, HALL_AWAY_WHILE_PAYING)  # the status poll settles it
            return None
        return self._advance(answer)

    # -- the status, while the code shows -------------------------------------------------------------------
    def due_poll(self) -> Callable[[], Answer] | None:
        """The status call to make now (off the UI thread, outside the walk-away timer), or None. The screen asks
        about every second; a call goes every ``POLL_S``, one at a time."""
        payment, order = self.payment, self.order
        if payment is None or order is None or self._polling or self.busy:
            return None
        watching = self.step in POLLED or (
            self.step is S.ENDED
            and order.status is OrderStatus.CLOSED
            and self.context.clock() - self._since < LATE_WATCH_S
        )
        if not watching or self.context.clock() - self._last_poll < POLL_S:
            return None
        self._polling, self._last_poll = True, self.context.clock()
        order_no = order.order_no
        return _asked(lambda: payment.status(order_no))

    def polled(self, answer: Answer) -> Job[Any] | None:
        """The status call's answer, on the UI thread; may return the receipt's print job."""
        self._polling = False
        order = self.order
        if order is None or self.busy or self.step not in {*POLLED, S.ENDED}:
            return None  # a cancel or a payment code is being settled meanwhile: that answer decides
        if isinstance(answer, Refused | Unavailable):
            if self.step in POLLED:
                self.message = HALL_AWAY_WHILE_PAYING
            return None
        if answer.order_no != order.order_no or (answer.status == order.status and self.step is not S.ENDED):
            if self.message == HALL_AWAY_WHILE_PAYING:
                self.message = None  # the hall answers again
            return None
        if self.step is S.ENDED:
            if answer.status in {OrderStatus.REFUNDED, OrderStatus.PAID}:
                return self._advance(answer)  # paid after it was given up: the hall's answer stands
            return None
        return self._advance(answer)

    @property
    def expired(self) -> bool:
        """The QR code's time is up and nobody paid: the order is to be given up."""
        order = self.order
        return self.step is S.PAY and order is not None and self.context.wall_clock() >= order.expires_at

    @property
    def seconds_left(self) -> int:
        order = self.order
        if order is None:
            return 0
        return max(0, int((order.expires_at - self.context.wall_clock()).total_seconds()))

    @property
    def holds_time(self) -> bool:
        return self.step is S.CONFIRM and self.context.clock() - self._since < CONFIRM_HOLD_S

    # -- giving up ------------------------------------------------------------------------------------------
    def cancel(self) -> Job[Any] | None:
        """The citizen does not pay now: the order is closed, and the hall's final answer shown."""
        return self._give_up(None)

    def expire(self) -> Job[Any] | None:
        """The QR code's time ran out."""
        return self._give_up(EXPIRED) if self.expired else None

    def _give_up(self, closed_words: Words | None) -> Job[Any] | None:
        payment, order = self.payment, self.order
        if self.step not in POLLED or payment is None or order is None:
            return None
        order_no = order.order_no

        def done(answer: Answer) -> Job[Any] | None:
            if isinstance(answer, Refused | Unavailable):
                log.warning("giving up order %s: %s", order_no, answer)
                self._to(S.ENDED)
                self.outcome = NOT_SETTLED
                return None
            if answer.status is OrderStatus.CLOSED and closed_words is not None:
                self.order = answer
                self._to(S.ENDED)
                self.outcome = closed_words
                return None
            return self._advance(answer)

        job = self.job("give_up", _asked(lambda: payment.give_up(order_no)), done)
        if job is not None:
            self._given_up = True
            self._to(S.GIVING_UP)
        return job

    def leave(self) -> Job[Any] | None:
        """Leaving with an order not settled gives it up; if it was paid after all, the receipt still prints."""
        payment, order, language = self.payment, self.order, self.context.language
        self.payable, self.order = None, None
        if payment is None or order is None or order.status.final or self._given_up:
            return None
        printed = order.order_no in self._printed

        def work() -> None:
            final = payment.give_up(order.order_no)
            log.info("order %s given up on leaving: %s", order.order_no, final.status)
            if final.status is OrderStatus.PAID and not printed:
                payment.print_receipt(final, language)

        return Job("give_up_on_leaving", work, lambda _result: None)

    # -- the outcome ----------------------------------------------------------------------------------------
    def _advance(self, order: Order) -> Job[Any] | None:
        """Show the order as the hall has it now; a paid one prints its receipt."""
        self.order = order
        status = order.status
        if status is OrderStatus.OPEN:
            self._to(S.PAY, self.message if self.step is S.PAY else None)
        elif status is OrderStatus.PAYING:
            if self.step is not S.CONFIRM:
                self._to(S.CONFIRM)
        elif status is OrderStatus.PAID:
            return self._print(order)
        else:
            # A failure's reason (the balance, an expired code) under the outcome; the rest say it all already.
            self._to(S.ENDED, order.message if status is OrderStatus.FAILED else None)
            self.outcome = OUTCOME[status]
        return None

    def _print(self, order: Order) -> Job[Any] | None:
        payment, language = self.payment, self.context.language
        self.outcome = OUTCOME[OrderStatus.PAID]
        if payment is None or order.order_no in self._printed:
            self._to(S.DONE)
            return None

        def done(answer: tuple[bool, Words | None]) -> None:
            printed, why = answer
            if printed:
                self._printed.add(order.order_no)
            self.receipt_printed = printed
            self._to(S.DONE, RECEIPT_PRINTED if printed else why)

        job = self.job("print_receipt", lambda: payment.print_receipt(order, language), done)
        if job is not None:
            self._to(S.PRINTING)
        return job

    @property
    def can_retry(self) -> bool:
        """The order ended without a charge the hall keeps: the same fee may be paid again (a new order). Not while
        its outcome is unknown: the hall settles that first."""
        order = self.order
        settled = {OrderStatus.FAILED, OrderStatus.CLOSED, OrderStatus.REFUNDED}
        return self.step is S.ENDED and self.payable is not None and order is not None and order.status in settled

    def again(self) -> None:
        """After a failure or a cancel: the same fee again (a new order), or back to choose another way."""
        if self.can_retry and not self.busy:
            self.order, self.outcome = None, None
            self._to(S.AMOUNT)

    def _to(self, step: PaymentStep, message: Words | None = None) -> None:
        if step is not self.step:
            self._since = self.context.clock()
        self.step, self.message = step, message
