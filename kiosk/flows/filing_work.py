"""A filing being made at the kiosk: what the citizen entered, field by field, with the checks the hall applies
again (common/formcheck.py), the materials and how each comes, how the result is delivered, and what is saved and
printed from it. It lives in the citizen's session, so walking away clears it with everything else."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum

from common.formcheck import FormErrors, check_field, validate_submission
from common.hallapi.forms import FieldProblem, FormField
from devices.identity import Identity
from devices.privacy import mask_id_number
from devices.words import Language, Words
from kiosk.flows.card import masked_name
from kiosk.printing.receipt import FilingReceipt
from kiosk.station.filing_ports import (
    CapturedPage,
    DeliveryMethod,
    DraftMaterial,
    FilingDraft,
    FilingItem,
    FormValue,
    ResultDelivery,
    SavedFiling,
)
from kiosk.station.ports import Material

# Parts of the card that are the applicant's identity: filled from the card and not edited on the kiosk.
LOCKED_FROM_CARD = frozenset({"name", "id_number", "birth_date", "sex", "nation"})
ADDRESS_MIN, ADDRESS_MAX = 4, 200
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")

DELIVERY_WORDS: dict[DeliveryMethod, Words] = {
    "kiosk": Words("在自助终端打印（扫描回执二维码）", "Print it at a self-service kiosk (scan the receipt)"),
    "hall": Words("到政务服务中心窗口领取", "Collect it at a window of the service hall"),
    "post": Words("邮寄到您填写的地址", "By post to the address you give"),
}


class MaterialWay(StrEnum):
    CAMERA = "camera"  # pages taken with the document camera
    BRING = "bring"  # the original will be brought to a window
    PHONE = "phone"  # pages sent from the citizen's phone


@dataclass
class MaterialEntry:
    material: Material
    way: MaterialWay | None = None
    pages: list[CapturedPage] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.material.name

    @property
    def settled(self) -> bool:
        """Brought, or with at least one page; an optional material may stay unsettled."""
        return self.way is MaterialWay.BRING or (self.way is not None and bool(self.pages))


def field_words(problem: FieldProblem) -> Words:
    return Words(problem.zh, problem.en)


def card_value(spec: FormField, identity: Identity) -> FormValue | None:
    """The value the card gives a field whose ``from_id_card`` says so; None when it gives none that fits."""
    part = spec.from_id_card
    if part is None:
        return None
    value: str = {
        "name": identity.name,
        "id_number": identity.id_number,
        "address": identity.address,
        "birth_date": identity.birth_date.isoformat(),
        "sex": identity.sex,
        "nation": identity.nation,
    }[part]
    if spec.type == "choice" and value not in (spec.choices or []):
        return None
    return value


@dataclass(repr=False)
class FilingWork:
    """The citizen's filing until it is saved. Holds personal data: only ever in ``CitizenSession.filing``."""

    item: FilingItem
    values: dict[str, FormValue] = field(default_factory=dict)
    errors: dict[str, Words] = field(default_factory=dict)
    prefilled: set[str] = field(default_factory=set)
    materials: list[MaterialEntry] = field(default_factory=list)
    delivery: DeliveryMethod | None = None
    address: str = ""
    address_error: Words | None = None
    saved: SavedFiling | None = None

    def __repr__(self) -> str:  # never the values: they hold the ID number
        settled = sum(entry.settled for entry in self.materials)
        return (
            f"FilingWork({self.item.code}, {len(self.values)} values, {settled}/{len(self.materials)} materials, "
            f"saved={self.saved.number if self.saved else None})"
        )

    def __post_init__(self) -> None:
        if not self.materials:
            self.materials = [MaterialEntry(m) for m in self.item.guide.materials]

    # -- the form -------------------------------------------------------------------------------------------
    def spec(self, name: str) -> FormField | None:
        return next((spec for spec in self.item.form if spec.name == name), None)

    def locked(self, spec: FormField) -> bool:
        return spec.from_id_card in LOCKED_FROM_CARD and spec.name in self.prefilled

    def fillable(self) -> list[FormField]:
        """The fields the citizen goes through one by one (those the card filled for good are shown on review)."""
        return [spec for spec in self.item.form if not self.locked(spec)]

    def prefill(self, identity: Identity) -> None:
        """Fill every field whose ``from_id_card`` says so; a value typed over an address stays typed."""
        for spec in self.item.form:
            value = card_value(spec, identity)
            if value is not None and (spec.name not in self.values or spec.name in self.prefilled):
                self.values[spec.name] = value
                self.prefilled.add(spec.name)
                self.errors.pop(spec.name, None)

    def forget_card(self) -> None:
        for name in self.prefilled:
            self.values.pop(name, None)
            self.errors.pop(name, None)
        self.prefilled = set()

    def enter(self, spec: FormField, value: FormValue | None) -> Words | None:
        """A value as typed (the keyboard sends the whole text on each change), checked at once. An empty field
        is not told off while typing; moving on does (``check``)."""
        if self.locked(spec):
            return self.errors.get(spec.name)
        self.prefilled.discard(spec.name)
        if value is None or (isinstance(value, str) and not value.strip()):
            self.values.pop(spec.name, None)
            self.errors.pop(spec.name, None)
            return None
        self.values[spec.name] = value
        return self.check(spec)

    def check(self, spec: FormField) -> Words | None:
        """The field's problem in words (also kept in ``errors``), or None."""
        try:
            check_field(spec, self.values.get(spec.name))
        except FieldProblem as problem:
            self.errors[spec.name] = field_words(problem)
            return self.errors[spec.name]
        self.errors.pop(spec.name, None)
        return None

    def normalised(self) -> dict[str, FormValue]:
        """The whole form as the hall will check it; raises FormErrors (and records each field's words)."""
        try:
            return validate_submission(list(self.item.form), dict(self.values))
        except FormErrors:
            for spec in self.item.form:
                self.check(spec)
            raise

    def shown_value(self, spec: FormField) -> str:
        """A value as a person may see it on the review screen: ID numbers masked."""
        value = self.values.get(spec.name)
        if value is None:
            return ""
        if spec.type == "id_number":
            return mask_id_number(str(value).strip().upper())
        if isinstance(value, bool):
            return "是" if value else "否"
        return str(value).strip()

    # -- materials and delivery -----------------------------------------------------------------------------
    def entry(self, name: str) -> MaterialEntry | None:
        return next((entry for entry in self.materials if entry.name == name), None)

    def unsettled(self) -> list[str]:
        return [e.name for e in self.materials if e.material.required and not e.settled]

    def set_address(self, text: str) -> Words | None:
        self.address = text
        self.address_error = address_problem(text) if text.strip() else None
        return self.address_error


def address_problem(text: str) -> Words | None:
    address = text.strip()
    if len(address) < ADDRESS_MIN:
        return Words("请填写完整的邮寄地址", "Please enter the full postal address")
    if len(address) > ADDRESS_MAX:
        return Words(f"地址不能超过 {ADDRESS_MAX} 个字", f"The address can have at most {ADDRESS_MAX} characters")
    if _CONTROL.search(address):
        return Words("地址含有无法识别的字符", "The address holds characters that cannot be used")
    return None


def delivery_text(method: DeliveryMethod, address: str, language: Language = "zh_CN") -> str:
    """How the result comes, for the receipt (in the receipt's language)."""
    if method == "post":
        return Words(f"邮寄至 {address.strip()}", f"By post to {address.strip()}").pick(language)
    return DELIVERY_WORDS[method].pick(language)


def make_draft(work: FilingWork, identity: Identity, form: dict[str, FormValue]) -> FilingDraft:
    """What the store keeps: the checked form, the pages by material, the originals to bring, the delivery."""
    method = work.delivery or "hall"
    attachments = tuple(
        DraftMaterial(e.name, tuple(p.jpeg for p in e.pages), "phone" if e.way is MaterialWay.PHONE else "camera")
        for e in work.materials
        if e.way in {MaterialWay.CAMERA, MaterialWay.PHONE} and e.pages
    )
    phone = next((str(form[s.name]) for s in work.item.form if s.type == "phone" and s.name in form), None)
    return FilingDraft(
        item_code=work.item.code,
        item_name=work.item.name,
        applicant_name=identity.name,
        id_number=identity.id_number,
        phone=phone,
        form=form,
        attachments=attachments,
        materials_to_bring=tuple(e.name for e in work.materials if e.way is MaterialWay.BRING),
        delivery=ResultDelivery(method, work.address.strip() if method == "post" else None),
    )


def make_receipt(
    draft: FilingDraft,
    saved: SavedFiling,
    *,
    promised_days: int,
    hall_name: str,
    hall_phone: str,
    language: Language = "zh_CN",
) -> FilingReceipt:
    return FilingReceipt(
        filing_number=saved.number,
        item_name=draft.item_name,
        item_code=draft.item_code,
        applicant_name_masked=masked_name(draft.applicant_name),
        id_number_masked=mask_id_number(draft.id_number),
        filed_at=saved.filed_at,
        materials=tuple(m.material for m in draft.attachments),
        promised_days=promised_days,
        hall_name=hall_name,
        hall_phone=hall_phone,
        qr_payload=saved.progress_qr,
        materials_to_bring=draft.materials_to_bring,
        delivery=delivery_text(draft.delivery.method, draft.delivery.address or "", language),
        language=language,
    )
