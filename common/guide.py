"""A service item's guide (办事指南) as the hall publishes it and the kiosk shows and prints it."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class MaterialForm(StrEnum):
    ORIGINAL = "原件"
    COPY = "复印件"
    ORIGINAL_AND_COPY = "原件及复印件"


@dataclass(frozen=True)
class GuideMaterial:
    """One required material (申请材料)."""

    name: str
    form: MaterialForm
    count: int = 1  # copies of each form
    notes: str = ""

    @property
    def requirement(self) -> str:
        each = "各 " if self.form is MaterialForm.ORIGINAL_AND_COPY else " "
        return f"{self.form}{each}{self.count} 份"


@dataclass(frozen=True)
class ServiceGuide:
    """A service item's guide as published (行政许可法 Art. 30)."""

    item_code: str  # 实施编码
    name: str
    department: str  # 实施主体
    legal_basis: tuple[str, ...]  # 设定依据, one entry per law or regulation
    conditions: tuple[str, ...]  # 受理条件
    materials: tuple[GuideMaterial, ...]
    procedure: tuple[str, ...]  # 办理流程, one entry per step
    statutory_days: int  # 法定办结时限, working days; 0 = 即办
    promised_days: int  # 承诺办结时限, never longer than the statutory limit
    max_visits: int  # 最多跑 N 次; 0 = 零跑动
    apply_at: str  # 办理地点
    consultation_phone: str
    complaint_phone: str
    kiosk_available: bool  # can be done at this self-service kiosk
    fee: str | None = None  # None = 不收费
    fee_basis: str = ""
    department_en: str = ""  # the department's English name, "" when the catalog has none

    def __post_init__(self) -> None:
        if not 0 <= self.promised_days <= self.statutory_days:
            raise ValueError("the promised time limit must be between 0 and the statutory one")
        if self.max_visits < 0:
            raise ValueError("maximum visits cannot be negative")
