"""Self-service filing (自助申报): choose a fileable item (by department, life event or search), read its conditions
and the full materials list at once (一次性告知, printable), consent, the ID card (prefills the form), the form
field by field (checked as typed), the materials, how the result comes, review, save, receipt, the offer to rate.

The citizen's filing lives in ``CitizenSession.filing``: walking away or finishing clears it."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from common.hallapi.forms import FormField
from devices.identity import Identity
from devices.words import Words
from kiosk.flows.card import cancel_card, read_card
from kiosk.flows.filing_materials import MaterialsSteps
from kiosk.flows.filing_steps import (
    CONSENT_NOTICE,
    DECLINED,
    EXPIRED_CARD,
    NEEDS_CARD,
    NO_ITEMS,
    NOT_OFFERED,
    NOTICE_PRINTED,
    FilingStep,
)
from kiosk.flows.filing_submit import SubmitSteps
from kiosk.flows.filing_work import FilingWork
from kiosk.flows.guide import BrowseBy, group_words
from kiosk.flows.jobs import Job
from kiosk.printing.receipt import FilingReceipt
from kiosk.station.filing_ports import FilingItem, FormValue
from kiosk.station.ports import Guide, Unavailable

FILING_SCREEN = "filing"  # the screen's name once registered (kiosk/flows/screens.py, with its widget)


class FilingFlow(MaterialsSteps, SubmitSteps):
    consent_notice = CONSENT_NOTICE

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.step = FilingStep.LOADING
        self.items: dict[str, FilingItem] = {}
        self.guide: Guide | None = None  # the fileable items as a guide: the guide's browsing and search
        self.browse_by = BrowseBy.DEPARTMENT
        self.list_title = Words("", "")
        self.listed: list[FilingItem] = []  # the items of a group or search; [] shows the groups
        self.field_index = 0
        self.capturing: str | None = None
        self.phone_url: str | None = None
        self.phone_material: str | None = None
        self.receipt: FilingReceipt | None = None
        self.receipt_printed = False
        self.reasons: list[Words] = []
        self.chosen_reasons: list[str] = []
        self.rating: int | None = None

    # -- loading --------------------------------------------------------------------------------------------
    def start(self) -> Job[Any] | None:
        filing = self.filing
        if filing is None:
            self.step, self.message = FilingStep.PAUSED, NOT_OFFERED
            return None
        self.step = FilingStep.LOADING

        def fetch() -> list[FilingItem] | Unavailable:
            try:
                return filing.items()
            except Unavailable as error:
                return error

        return self.job("filing_items", fetch, self._loaded)

    def retry(self) -> Job[Any] | None:
        return self.start() if self.step is FilingStep.PAUSED else None

    def _loaded(self, result: list[FilingItem] | Unavailable) -> None:
        if isinstance(result, Unavailable):
            self.step, self.message = FilingStep.PAUSED, result.message
            return
        if not result:
            self.step, self.message = FilingStep.PAUSED, NO_ITEMS
            return
        self.items = {item.code: item for item in result}
        self.guide = Guide("filing", tuple(item.guide for item in result))
        self.go_to(FilingStep.CHOOSE)

    # -- choosing the item ----------------------------------------------------------------------------------
    def browse(self, by: BrowseBy) -> None:
        if self.step is FilingStep.CHOOSE:
            self.browse_by, self.listed, self.message = by, [], None

    def groups(self) -> list[str]:
        if self.guide is None or self.browse_by is BrowseBy.SEARCH:
            return []
        return self.guide.departments() if self.browse_by is BrowseBy.DEPARTMENT else self.guide.life_events()

    def group_name(self, name: str) -> Words:
        return group_words(self.guide, self.browse_by, name)

    def open_group(self, name: str) -> None:
        if self.guide is None or self.step is not FilingStep.CHOOSE:
            return
        by_department = self.browse_by is BrowseBy.DEPARTMENT
        found = self.guide.by_department(name) if by_department else self.guide.by_life_event(name)
        self._show(self.group_name(name), [self.items[g.code] for g in found])

    def search(self, text: str) -> None:
        """Search by keyword or pinyin initials, as the guide does; the keyboard sends the whole text."""
        if self.guide is None or self.step is not FilingStep.CHOOSE:
            return
        self.browse_by = BrowseBy.SEARCH
        self.session.search_text = text.strip()[:20]
        found = self.guide.search(self.session.search_text)
        text = self.session.search_text
        self._show(Words(text, text), [self.items[g.code] for g in found])
        if self.session.search_text and not found:
            self.message = Words(
                "没有找到可自助申报的事项，请换个词试试", "No fileable service found; try another word"
            )

    def _show(self, title: Words, items: list[FilingItem]) -> None:
        self.list_title, self.listed, self.message = title, items, None

    def choose_item(self, code: str) -> None:
        item = self.items.get(code)
        if self.step is FilingStep.CHOOSE and item is not None:
            self.session.filing = FilingWork(item)
            self.go_to(FilingStep.NOTICE)

    @property
    def item(self) -> FilingItem | None:
        work = self.work
        return work.item if work is not None else None

    # -- the notice (一次性告知) -----------------------------------------------------------------------------
    @property
    def can_print_notice(self) -> bool:
        return self.item is not None and self.context.offers().can_print

    def print_notice(self) -> Job[Any] | None:
        """Print the item's guide: its conditions and the full materials list."""
        item = self.item
        if self.step is not FilingStep.NOTICE or item is None or not self.can_print_notice:
            return None

        def printed(result: tuple[bool, Words | None]) -> None:
            self.message = NOTICE_PRINTED if result[0] else result[1]

        language = self.context.language
        return self.job("print_notice", lambda: self.context.hall.print_guide(item.code, language), printed)

    def begin(self) -> None:
        """From the notice to the consent: filing needs the ID card."""
        if self.step is not FilingStep.NOTICE or self.busy:
            return
        if not self.context.offers().can_read_id:
            self.message = NEEDS_CARD
            return
        self.go_to(FilingStep.CONSENT)

    # -- consent and the ID card ----------------------------------------------------------------------------
    def agree(self) -> Job[Any] | None:
        if self.step not in {FilingStep.CONSENT, FilingStep.READ_FAILED}:
            return None
        if not self.context.offers().can_read_id:
            self.message = NEEDS_CARD
            return None
        job = read_card(self, self._card_read, self._read_failed)
        if job is not None:
            self.session.consent = True
            self.go_to(FilingStep.READING)
        return job

    def decline(self) -> None:
        if self.step in {FilingStep.CONSENT, FilingStep.READ_FAILED}:
            self._forget_card()
            self.step, self.message = FilingStep.NOTICE, DECLINED

    def cancel_read(self) -> None:
        cancel_card(self)

    def _card_read(self, identity: Identity) -> None:
        work = self.work
        if work is None:
            return
        if identity.is_expired(datetime.now(self.context.settings.zone).date()):
            self.session.identity = None
            self.step, self.message = FilingStep.READ_FAILED, EXPIRED_CARD
            return
        work.prefill(identity)
        self.field_index = 0
        self.go_to(FilingStep.FORM if work.fillable() else FilingStep.MATERIALS)

    def _read_failed(self, why: Words) -> None:
        self.step, self.message = FilingStep.READ_FAILED, why

    def _forget_card(self) -> None:
        self.session.identity, self.session.consent = None, False
        if self.work is not None:
            self.work.forget_card()

    # -- the form, one field at a time ----------------------------------------------------------------------
    def fields(self) -> list[FormField]:
        return self.work.fillable() if self.work is not None else []

    @property
    def current_field(self) -> FormField | None:
        fields = self.fields()
        return fields[self.field_index] if self.step is FilingStep.FORM and self.field_index < len(fields) else None

    def enter(self, value: FormValue | None) -> Words | None:
        """The current field's value as typed (or chosen); its problem in words at once, or None."""
        spec, work = self.current_field, self.work
        if spec is None or work is None:
            return None
        self.message = None
        return work.enter(spec, value)

    def field_error(self, name: str) -> Words | None:
        return self.work.errors.get(name) if self.work is not None else None

    def next_field(self) -> None:
        spec, work = self.current_field, self.work
        if spec is None or work is None:
            return
        problem = work.check(spec)
        if problem is not None:
            self.message = problem
            return
        self.field_index += 1
        self.message = None
        if self.field_index >= len(self.fields()):
            self.go_to(FilingStep.MATERIALS)

    def review_values(self) -> list[tuple[str, str]]:
        """(label, value) of every field as the review shows it, the ID number masked."""
        work = self.work
        return [(spec.label, work.shown_value(spec)) for spec in work.item.form] if work is not None else []

    # -- navigation -----------------------------------------------------------------------------------------
    def back(self) -> bool:
        """One step back; False on the first step and once the filing is saved (the kiosk goes home)."""
        if self._back_inside_step():
            return True
        previous = {
            FilingStep.NOTICE: FilingStep.CHOOSE,
            FilingStep.CONSENT: FilingStep.NOTICE,
            FilingStep.READ_FAILED: FilingStep.NOTICE,
            FilingStep.FORM: FilingStep.CONSENT,
            FilingStep.MATERIALS: FilingStep.CONSENT,
            FilingStep.DELIVERY: FilingStep.MATERIALS,
            FilingStep.REVIEW: FilingStep.DELIVERY,
            FilingStep.RATE_REASONS: FilingStep.DONE,
        }.get(self.step)
        if previous is None or self.busy:
            return False
        if previous in {FilingStep.CONSENT, FilingStep.NOTICE}:
            self._forget_card()  # back before the card: it is read again, with consent again
        if previous is FilingStep.CHOOSE:
            self.session.filing = None
        self.go_to(previous)
        return True

    def _back_inside_step(self) -> bool:
        if self.step is FilingStep.CHOOSE and self.listed:
            self.listed, self.message = [], None
            return True
        if self.step is FilingStep.READING:
            self.cancel_read()  # the read ends with no card: READ_FAILED, from where back goes on
            return True
        if self.step is FilingStep.CAPTURE:
            self.finish_capture()
            return True
        if self.step is FilingStep.FORM and self.field_index > 0:
            self.field_index, self.message = self.field_index - 1, None
            return True
        if self.step is FilingStep.MATERIALS and self.fields():
            self.field_index = len(self.fields()) - 1
            self.go_to(FilingStep.FORM)
            return True
        return False

    def leave(self) -> None:
        self.cancel_read()
        if self.phone_url is not None and self.filing is not None:
            self.filing.close_phone()  # the one-time link ends with the citizen's session
            self.phone_url = None
