"""Fee payment (自助缴费): find what to pay — a filing's fee by the filing receipt's QR code or the ID card (after
consent), or an item's fee from a short list — see the fee lines and the total as the hall priced them, then pay
(kiosk/flows/payment_order.py). docs/payment.md, "At the kiosk"."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from devices.identity import Identity
from devices.words import Words
from kiosk.flows.card import cancel_card, read_card
from kiosk.flows.jobs import Job
from kiosk.flows.offers import MISSING, Need
from kiosk.flows.payment_order import OrderFlow, PaymentStep
from kiosk.flows.payment_words import NO_FEE_ITEMS, NOT_OFFERED, NOTHING_OWED
from kiosk.flows.progress import NOT_A_RECEIPT, receipt_token
from kiosk.station.payment_port import Payable
from kiosk.station.ports import Refused, Unavailable

PAYMENT_SCREEN = "payment"  # the screen's name once registered (kiosk/flows/screens.py, with its widget)
S = PaymentStep
Found = list[Payable] | Refused | Unavailable


class PaymentFlow(OrderFlow):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.owed: list[Payable] = []  # what the citizen's filings owe (found by receipt or card)
        self.items: list[Payable] = []  # the items whose fee is paid without a filing
        self._from = S.CHOOSE  # the list the payable on screen was chosen from

    def start(self) -> Job[Any] | None:
        self.message = NOT_OFFERED if self.payment is None else None
        return None

    # -- by the filing receipt, or the payment code while the QR shows ----------------------------------------
    def on_scan(self, text: str) -> Job[Any] | None:
        if self.step is S.PAY:
            return self.pay_with_code(text)
        payment = self.payment
        if self.step is not S.CHOOSE or payment is None or self.busy:
            return None
        if receipt_token(text) is None:
            self.message = NOT_A_RECEIPT
            return None
        code = text.strip()
        return self._look("owed_by_receipt", lambda: payment.owed(qr_text=code), self._found)

    # -- by the ID card ---------------------------------------------------------------------------------------
    def use_id_card(self) -> None:
        if self.step is S.CHOOSE and not self.busy and self.payment is not None:
            if self.context.offers().can_read_id:
                self._to(S.CONSENT)
            else:
                self.message = MISSING[Need.ID_READER]

    def agree(self) -> Job[Any] | None:
        if self.step not in {S.CONSENT, S.READ_FAILED}:
            return None
        job = read_card(self, self._with_identity, self._read_failed)
        if job is not None:
            self.session.consent = True
            self._to(S.READING)
        return job

    def decline(self) -> None:
        if self.step in {S.CONSENT, S.READ_FAILED}:
            self.session.consent = False
            self._to(S.CHOOSE)

    def cancel_read(self) -> None:
        cancel_card(self)

    def _read_failed(self, why: Words) -> None:
        self._to(S.READ_FAILED, why)

    def _with_identity(self, identity: Identity) -> Job[Any] | None:
        payment, id_number = self.payment, identity.id_number
        self.session.identity, self.session.consent = None, False  # needed for this one look-up only
        if payment is None:
            return None
        return self._look("owed_by_id_card", lambda: payment.owed(id_number=id_number), self._found)

    # -- an item's fee ----------------------------------------------------------------------------------------
    def show_items(self) -> Job[Any] | None:
        payment = self.payment
        if self.step is not S.CHOOSE or payment is None:
            return None
        return self._look("fee_items", payment.fee_items, self._listed)

    def _listed(self, result: Found) -> None:
        if isinstance(result, Refused | Unavailable):
            self._to(S.CHOOSE, result.message)
        elif not result:
            self._to(S.CHOOSE, NO_FEE_ITEMS)
        else:
            self.items = list(result)
            self._to(S.ITEMS)

    # -- what was found ---------------------------------------------------------------------------------------
    def _look(self, name: str, call: Callable[[], list[Payable]], done: Callable[[Found], None]) -> Job[Any] | None:
        def work() -> Found:
            try:
                return call()
            except (Refused, Unavailable) as error:
                return error

        job = self.job(name, work, done)
        if job is not None:
            self._to(S.LOOKING)
        return job

    def _found(self, result: Found) -> None:
        if isinstance(result, Refused | Unavailable):
            self._to(S.CHOOSE, result.message)
        elif not result:
            self._to(S.CHOOSE, NOTHING_OWED)
        elif len(result) == 1:
            self.owed = list(result)
            self._choose(result[0], S.CHOOSE)
        else:
            self.owed = list(result)
            self._to(S.OWED)

    def choose(self, index: int) -> None:
        """A payable from the list on screen (the items with a fee, or what the citizen owes)."""
        listed = {S.ITEMS: self.items, S.OWED: self.owed}.get(self.step)
        if listed is not None and 0 <= index < len(listed) and not self.busy:
            self._choose(listed[index], self.step)

    def _choose(self, payable: Payable, came_from: PaymentStep) -> None:
        self.payable, self._from = payable, came_from
        self._to(S.AMOUNT)

    # -- navigation -------------------------------------------------------------------------------------------
    def back(self) -> bool:
        step = self.step
        if step is S.READING:
            self.cancel_read()
            return True
        if step in {S.CONSENT, S.READ_FAILED}:
            self.decline()
            return True
        if step in {S.ITEMS, S.OWED}:
            self._to(S.CHOOSE)
            return True
        if step is S.AMOUNT:
            self.payable = None
            self._to(self._from)
            return True
        if step in {S.DONE, S.ENDED} and not self.busy:
            self.payable, self.order, self.outcome, self.owed = None, None, None, []
            self._to(S.CHOOSE)
            return True
        return False  # choosing; or an order showing, which leaving gives up (``leave``)

    def leave(self) -> Job[Any] | None:
        self.cancel_read()
        self.owed, self.items = [], []
        return super().leave()
