"""The catalog body of the hall API (办事指南): a service item with every published guide field, as the hall loads
it from config/catalog/*.toml and serves it at ``GET /api/v1/catalog``, and the printable guide made from it."""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints, model_validator

from common.guide import GuideMaterial, MaterialForm, ServiceGuide
from common.hallapi.forms import FormField, normalise_phone

# 实施编码: letters, digits and hyphens, e.g. 339900-001-QR-00101-001 (area, department, kind, item, sub-item).
CODE_PATTERN = r"^[0-9A-Z]+(-[0-9A-Z]+)*$"
CODE_MAX = 40
# Tags for browsing by life event (一件事); a fixed list so that a typo in the seed data is an error.
LifeEvent = Literal[
    "出生", "入学", "就业", "创业", "婚育", "购房", "租房", "迁居", "退休", "社会救助", "身后", "证照办理"
]
# The life events in English, for a citizen using the kiosk in English (the list is fixed, so its English is too).
LIFE_EVENTS_EN: dict[str, str] = {
    "出生": "Having a baby",
    "入学": "Starting school",
    "就业": "Getting a job",
    "创业": "Starting a business",
    "婚育": "Marriage and family",
    "购房": "Buying a home",
    "租房": "Renting a home",
    "迁居": "Moving house",
    "退休": "Retiring",
    "社会救助": "Social assistance",
    "身后": "After a death",
    "证照办理": "IDs and certificates",
}

Short = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]
Long = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=1000)]


def _hall_phone(value: str) -> str:
    try:
        return normalise_phone(value, hotline=True)
    except ValueError:
        raise ValueError(
            f"不是有效的电话号码 / not a phone number: {value!r} (e.g. 0571-88881234, 13800138000, 0571-12345)"
        ) from None


HallPhone = Annotated[str, AfterValidator(_hall_phone)]


class Entry(BaseModel):
    """A table of the catalog: unknown keys are errors and values are never coerced from the wrong type."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class Material(Entry):
    """One required material (申请材料); the item lists all of them, told in one go (一次性告知)."""

    name: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
    form: Literal["原件", "复印件", "原件及复印件"]
    count: int = Field(default=1, ge=1, le=20, description="Copies of each form")
    notes: str = Field(default="", max_length=500)


# A published amount that is one price: "80 元/件", "20 元/证", "10 元/证（申领时收取）", "12.5 元".
SINGLE_PRICE = re.compile(r"^(\d{1,6})(?:\.(\d{1,2}))?\s*元(?:$|\s*/|\s*（)")
MAX_FEE_FEN = 100_000_000  # ¥1,000,000.00: past this a typo, not a fee


def single_price_fen(amount: str) -> int | None:
    """The fen of a published amount that is one price ("80 元/件" is 8000); None for any other wording."""
    found = SINGLE_PRICE.match(amount.strip())
    if found is None:
        return None
    return int(found.group(1)) * 100 + int((found.group(2) or "0").ljust(2, "0"))


class Fee(Entry):
    """One fee line of an item's guide, as published, and the amount in fen a payment at the kiosk charges
    (docs/payment.md, "What is owed").

    ``amount_fen`` may be left out when ``amount`` is one price ("80 元/件"); wording that is not one price
    ("每增加一本证书加收 10 元") must give it. ``per_filing``: charged once for every filing of the item, so a
    filing owes it; false for a line charged only in some cases (an extra certificate, a temporary card), which
    staff collect at the window. ``at_kiosk``: can be paid at the kiosk without a filing (a 工本费 paid ahead)."""

    name: Short
    amount: Short = Field(description="As published, e.g. 80 元/件")
    basis: Long = Field(description="The pricing document, by name and number")
    amount_fen: int | None = Field(default=None, ge=0, le=MAX_FEE_FEN, description="In fen; from `amount` if one price")
    per_filing: bool = Field(default=True, description="A filing of the item owes this line")
    at_kiosk: bool = Field(default=False, description="Payable at the kiosk without a filing")

    @model_validator(mode="before")
    @classmethod
    def _amount_in_fen(cls, data: object) -> object:
        if isinstance(data, dict) and data.get("amount_fen") is None and isinstance(data.get("amount"), str):
            fen = single_price_fen(data["amount"])
            if fen is not None:
                return {**data, "amount_fen": fen}
        return data


def unpriced(item: ServiceItem) -> list[str]:
    """The hall's check of its own catalog: each fee line whose amount is not one price and gives no amount_fen
    (a kiosk reading an older hall's catalog takes it as it is)."""
    return [
        f"fees[{index}].amount_fen: 收费金额不是单一价格，请写明 amount_fen（以分计） / "
        f"the amount {fee.amount!r} is not one price: give amount_fen (in fen) explicitly"
        for index, fee in enumerate(item.fees)
        if fee.amount_fen is None
    ]


class Place(Entry):
    place: Long = Field(description="Where to apply: building, floor, windows, street address")
    hours: Short


class ServiceItem(Entry):
    """A service item with every published guide field (行政许可法 Art. 30); ``form`` when it can be filed here."""

    code: str = Field(pattern=CODE_PATTERN, min_length=4, max_length=CODE_MAX, description="实施编码")
    name: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=60)]
    department: Short = Field(description="实施主体")
    department_en: str = Field(default="", max_length=100, description="The department's English name; optional")
    legal_basis: list[Long] = Field(min_length=1, description="设定依据: law or regulation with its article")
    conditions: list[Long] = Field(min_length=1, description="受理条件")
    materials: list[Material] = Field(min_length=1, description="The full list (一次性告知)")
    procedure: list[Long] = Field(min_length=1, description="办理流程, one entry per step")
    statutory_days: int = Field(ge=0, le=365, description="法定时限 in working days; 0 = 即办")
    promised_days: int = Field(ge=0, le=365, description="承诺时限 in working days; never over statutory_days")
    fees: list[Fee] = Field(default_factory=list, description="Empty: 不收费")
    max_visits: int = Field(ge=0, le=3, description="最多跑 N 次; 0 = 零跑动")
    where: Place
    consultation_phone: HallPhone
    complaint_phone: HallPhone
    fileable: bool = Field(description="Can be filed at the self-service kiosk (then `form` is required)")
    form: list[FormField] = Field(default_factory=list, max_length=40)
    life_events: list[LifeEvent] = Field(min_length=1)
    keywords: list[Short] = Field(default_factory=list, max_length=20, description="Other words people search by")
    initials: str = Field(pattern=r"^[a-z0-9]{1,60}$", description="Pinyin initials of the name, for search")

    @model_validator(mode="after")
    def _consistent(self) -> ServiceItem:
        if self.promised_days > self.statutory_days:
            raise ValueError(
                f"承诺时限不能长于法定时限 / promised_days ({self.promised_days}) must not exceed "
                f"statutory_days ({self.statutory_days})"
            )
        if self.fileable != bool(self.form):
            raise ValueError(
                "可自助申报的事项必须有表单，其他事项不能有 / "
                "a fileable item needs a form, and only a fileable item has one"
            )
        names = [spec.name for spec in self.form]
        twice = sorted({n for n in names if names.count(n) > 1})
        if twice:
            raise ValueError(f"表单字段重复 / form field name used twice: {', '.join(twice)}")
        expected = _initials_pattern(self.name)
        if not re.fullmatch(expected, self.initials):
            raise ValueError(
                f"拼音首字母与名称不符 / initials {self.initials!r} must have one letter per Chinese character "
                f"of {self.name!r} (and its Latin letters and digits as they are)"
            )
        return self


def _initials_pattern(name: str) -> str:
    parts = []
    for char in name:
        if "\u4e00" <= char <= "\u9fff":
            parts.append("[a-z]")
        elif char.isascii() and char.isalnum():
            parts.append(re.escape(char.lower()))
    return "".join(parts)


class CatalogOut(BaseModel):
    version: str
    items: list[ServiceItem]


def to_service_guide(item: ServiceItem) -> ServiceGuide:
    """The printable guide of an item (kiosk.printing.templates.service_guide prints it)."""
    bases = dict.fromkeys(fee.basis for fee in item.fees)
    return ServiceGuide(
        item_code=item.code,
        name=item.name,
        department=item.department,
        legal_basis=tuple(item.legal_basis),
        conditions=tuple(item.conditions),
        materials=tuple(GuideMaterial(m.name, MaterialForm(m.form), m.count, m.notes) for m in item.materials),
        procedure=tuple(item.procedure),
        statutory_days=item.statutory_days,
        promised_days=item.promised_days,
        max_visits=item.max_visits,
        apply_at=f"{item.where.place}（{item.where.hours}）",
        consultation_phone=item.consultation_phone,
        complaint_phone=item.complaint_phone,
        kiosk_available=item.fileable,
        fee="；".join(f"{fee.name} {fee.amount}" for fee in item.fees) or None,
        fee_basis="；".join(bases),
        department_en=item.department_en,
    )
