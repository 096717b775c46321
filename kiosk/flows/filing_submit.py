"""The wizard's end: how the result reaches the citizen, the review, the save (first), the receipt (only after the
save returned), and the offer to rate the service."""

from __future__ import annotations

from typing import Any

from common.formcheck import FormErrors
from devices.words import Words
from kiosk.flows.filing_steps import FilingBase, FilingStep
from kiosk.flows.filing_work import make_draft, make_receipt
from kiosk.flows.jobs import Job
from kiosk.flows.rate import BAD, LEVELS, NO_REASONS, PICK_A_REASON, THANKS
from kiosk.printing.receipt import FilingReceipt
from kiosk.station.filing_ports import DeliveryMethod, FilingDraft, FilingNotSaved, SavedFiling
from kiosk.station.ports import Unavailable

CHOOSE_DELIVERY = Words("请选择结果的领取方式", "Please choose how you want to receive the result")
ADDRESS_NEEDED = Words("邮寄需要填写邮寄地址", "Sending by post needs a postal address")
FIX_FORM = Words(
    "表单中有需要修改的内容，请检查标出的项目", "Some answers need correcting; please check the marked fields"
)


def saved_words(number: str) -> Words:
    return Words(f"申报已保存，受理号 {number}", f"Your filing is saved. Filing number {number}")


def not_printed_words(number: str, why: Words | None) -> Words:
    reason_zh = f"（{why.zh}）" if why is not None else ""
    reason_en = f" ({why.en})" if why is not None else ""
    return Words(
        f"申报已保存，受理号 {number}。回执未能打印{reason_zh}，请记下受理号，凭身份证即可查询进度。",
        f"Your filing is saved: number {number}. The receipt could not be printed{reason_en}; please note the "
        "number. You can follow the progress with your ID card.",
    )


class SubmitSteps(FilingBase):
    receipt: FilingReceipt | None  # what was (or was to be) printed, after the save
    receipt_printed: bool
    reasons: list[Words]  # a bad rating's list (zh is what the rating sends)
    chosen_reasons: list[str]
    rating: int | None

    # -- delivery -------------------------------------------------------------------------------------------
    def choose_delivery(self, method: DeliveryMethod) -> None:
        work = self.work
        if self.step is not FilingStep.DELIVERY or work is None:
            return
        work.delivery, self.message = method, None
        identity = self.session.identity
        if method == "post" and not work.address.strip() and identity is not None:
            work.set_address(identity.address)  # prefilled from the card, editable

    def set_address(self, text: str) -> None:
        work = self.work
        if self.step is FilingStep.DELIVERY and work is not None:
            work.set_address(text)

    def delivery_done(self) -> None:
        work = self.work
        if self.step is not FilingStep.DELIVERY or work is None:
            return
        if work.delivery is None:
            self.message = CHOOSE_DELIVERY
            return
        if work.delivery == "post":
            if not work.address.strip():
                work.address_error = ADDRESS_NEEDED
            else:
                work.set_address(work.address)
            if work.address_error is not None:
                self.message = work.address_error
                return
        self.go_to(FilingStep.REVIEW)

    # -- review and save ------------------------------------------------------------------------------------
    def submit(self) -> Job[Any] | None:
        """Save first; the receipt prints only once the save has returned. A failed save keeps everything."""
        work, filing, identity = self.work, self.filing, self.session.identity
        if self.step is not FilingStep.REVIEW or work is None or filing is None or identity is None or self.busy:
            return None
        try:
            form = work.normalised()
        except FormErrors:
            self.form_to_fix()
            return None
        draft = make_draft(work, identity, form)

        def save() -> SavedFiling | FilingNotSaved:
            try:
                return filing.save(draft)
            except FilingNotSaved as error:
                return error

        job = self.job("save_filing", save, lambda result: self._saved(draft, result))
        if job is not None:
            self.go_to(FilingStep.SAVING)
        return job

    def form_to_fix(self) -> None:
        """Back to the form, at the first field with a problem; every problem is marked at once."""
        work = self.work
        if work is None:
            return
        fields = work.fillable()
        self.field_index = next((i for i, spec in enumerate(fields) if spec.name in work.errors), 0)
        self.step, self.message = FilingStep.FORM, FIX_FORM

    def _saved(self, draft: FilingDraft, result: SavedFiling | FilingNotSaved) -> Job[Any] | None:
        work, filing = self.work, self.filing
        if isinstance(result, FilingNotSaved) or work is None or filing is None:
            self.step = FilingStep.REVIEW
            self.message = result.message if isinstance(result, FilingNotSaved) else None
            return None
        work.saved = result
        language = self.context.language
        self.receipt = make_receipt(
            draft, result, promised_days=work.item.guide.promised_days,
            hall_name=self.context.settings.hall(language), hall_phone=self.context.settings.help_hotline,
            language=language,
        )  # fmt: skip
        # Saved: the ID number, the values and the pages are in the store now; the screen no longer needs them.
        self.session.identity, self.session.consent = None, False
        work.values, work.prefilled, work.address = {}, set(), ""
        for entry in work.materials:
            entry.pages = []
        self.go_to(FilingStep.PRINTING)
        receipt = self.receipt
        return self.job("print_receipt", lambda: filing.print_receipt(receipt), self._receipt_printed)

    def _receipt_printed(self, result: tuple[bool, Words | None]) -> None:
        printed, why = result
        number = self.receipt.filing_number if self.receipt is not None else ""
        self.receipt_printed = printed
        self.step = FilingStep.DONE
        self.message = saved_words(number) if printed else not_printed_words(number, why)

    @property
    def filing_number(self) -> str | None:
        work = self.work
        return work.saved.number if work is not None and work.saved is not None else None

    # -- the offer to rate ----------------------------------------------------------------------------------
    def rate(self, level: int) -> Job[Any] | None:
        if self.step is not FilingStep.DONE or level not in LEVELS or self.busy:
            return None
        self.rating, self.chosen_reasons = level, []
        if level not in BAD:
            return self._send_rating()

        def fetch() -> list[Words]:
            try:
                return self.context.hall.bad_rating_reasons()
            except Unavailable:
                return []

        def loaded(reasons: list[Words]) -> None:
            self.reasons = list(reasons)
            if not self.reasons:
                self.rating, self.message = None, NO_REASONS
            else:
                self.go_to(FilingStep.RATE_REASONS)

        return self.job("bad_rating_reasons", fetch, loaded)

    def toggle_reason(self, reason: str) -> None:
        if self.step is FilingStep.RATE_REASONS and reason in [r.zh for r in self.reasons]:
            chosen = self.chosen_reasons
            self.chosen_reasons = [r for r in chosen if r != reason] if reason in chosen else [*chosen, reason]
            self.message = None

    def send_rating(self) -> Job[Any] | None:
        if self.step is not FilingStep.RATE_REASONS:
            return None
        if not self.chosen_reasons:
            self.message = PICK_A_REASON
            return None
        return self._send_rating()

    def _send_rating(self) -> Job[Any] | None:
        number, level, filing = self.filing_number, self.rating, self.filing
        if number is None or level is None or filing is None:
            return None
        reasons = list(self.chosen_reasons)

        def done(_result: None) -> None:
            self.rating, self.chosen_reasons = None, []
            self.step, self.message = FilingStep.THANKS, THANKS

        return self.job("rate_filing", lambda: filing.rate(number, level, reasons), done)
