"""hall.toml's ``[booking]``: which catalog items take appointments at the kiosk (预约办理), how their slots are cut
and how many places each holds, how far ahead they can be booked and the per-person limits. docs/booking.md.

The slots of a day lie within the opening hours of the item's queue category (``[[categories]] hours``), never
on a holiday (``[ratings] holidays``; ``makeup_workdays`` are worked); the hall checks at start that each item's
category exists and has hours and each of its windows serves that category (hall/booking_schedule.py), and leaves
out, with a warning in its log, an item its catalog lacks.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, model_validator

# As models.Section (which imports this module): unknown keys are reported, values never coerced.
_STRICT = ConfigDict(extra="forbid", strict=True, frozen=True)


class SlotWindow(BaseModel):
    """One window that serves an item's appointments, and how many of them it takes in each slot."""

    model_config = _STRICT

    number: int = Field(ge=1, le=999, description="A window of [[windows]] that serves the item's category")
    places: int = Field(default=1, ge=1, le=50, description="Appointments this window takes in each slot")


class BookableItemSection(BaseModel):
    """One catalog item that takes appointments."""

    model_config = _STRICT

    code: str = Field(min_length=4, max_length=60, description="The catalog item's 实施编码")
    name_en: str = Field(min_length=1, max_length=100, description="Its name in English (the catalog has Chinese)")
    category: str = Field(pattern=r"^[A-Z]$", description="The queue category its appointments are served in")
    slot_minutes: int = Field(default=30, ge=5, le=240, description="Length of one slot")
    windows: list[SlotWindow] = Field(min_length=1, max_length=50, description="Who serves it; a slot's places sum")
    days_ahead: int | None = Field(
        default=None, ge=1, le=60, description="Days with slots ahead it can be booked; default: [booking] days_ahead"
    )

    @property
    def capacity(self) -> int:
        """Places in one slot: the sum over its windows."""
        return sum(window.places for window in self.windows)

    @model_validator(mode="after")
    def _windows_once(self) -> BookableItemSection:
        numbers = [w.number for w in self.windows]
        twice = sorted({n for n in numbers if numbers.count(n) > 1})
        if twice:
            raise ValueError(f"预约窗口重复 / window listed twice for {self.code}: {', '.join(map(str, twice))}")
        return self


class BookingSection(BaseModel):
    """Appointment booking at the kiosk; without ``items`` nothing can be booked (check-in still works)."""

    model_config = _STRICT

    days_ahead: int = Field(default=10, ge=1, le=60, description="Days with slots after today that can be booked")
    book_before_minutes: int = Field(
        default=30, ge=0, le=24 * 60, description="A slot can be booked, changed to or cancelled until this long before"
    )
    max_open_per_item: int = Field(default=1, ge=1, le=10, description="Open appointments one ID may hold per item")
    max_open_per_id: int = Field(default=3, ge=1, le=20, description="Open appointments one ID may hold in all")
    items: list[BookableItemSection] = Field(default_factory=list, max_length=200)

    @model_validator(mode="after")
    def _consistent(self) -> BookingSection:
        codes = [item.code for item in self.items]
        twice = sorted({c for c in codes if codes.count(c) > 1})
        if twice:
            raise ValueError(f"可预约事项重复 / bookable item listed twice: {', '.join(twice)}")
        if self.max_open_per_item > self.max_open_per_id:
            raise ValueError(
                "每个事项的上限不能大于总上限 / max_open_per_item must not exceed max_open_per_id "
                f"({self.max_open_per_item} > {self.max_open_per_id})"
            )
        return self

    def item(self, code: str) -> BookableItemSection | None:
        return next((item for item in self.items if item.code == code), None)
