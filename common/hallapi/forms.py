"""The form of a service item that can be filed at the kiosk: its typed fields, part of the catalog body, and
the phone numbers a catalog and a form accept. common/formcheck.py checks values against them: the kiosk as
they are typed, the hall again."""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

FieldType = Literal["text", "number", "date", "phone", "id_number", "choice", "bool"]
IdCardField = Literal["name", "id_number", "address", "birth_date", "sex", "nation"]
# Which field types may be filled from each part of the ID card.
ID_CARD_TYPES: dict[str, tuple[str, ...]] = {
    "name": ("text",),
    "id_number": ("id_number",),
    "address": ("text",),
    "birth_date": ("date",),
    "sex": ("choice", "text"),
    "nation": ("choice", "text"),
}
TEXT_LIMIT = 500  # a text field without max_length still has this bound
MOBILE = re.compile(r"^(?:\+?86)?(1[3-9]\d{9})$")
# Area codes: 010 and 02x have three digits, the others four.
LANDLINE = re.compile(r"^(010|02\d|0[3-9]\d{2})-?([2-9]\d{6,7})(?:-(\d{1,6}))?$")
# Public service hotlines such as 12345 or 12333, optionally behind an area code: acceptable as a hall's own
# consultation or complaint number, never as a citizen's number.
HOTLINE = re.compile(r"^(?:0\d{2,3}-)?1\d{4}$")


class FormField(BaseModel):
    """One typed field of a filing form; constraints that do not fit the type are schema errors."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

    name: str = Field(pattern=r"^[a-z][a-z0-9_]{0,39}$", description="Key of the value in a submission")
    label: str = Field(min_length=1, max_length=40, description="What the screen shows, in Chinese")
    type: FieldType
    required: bool = True
    choices: list[str] | None = Field(default=None, min_length=1, max_length=50)
    pattern: str | None = Field(default=None, min_length=1, max_length=200, description="text: whole-value regex")
    max_length: int | None = Field(default=None, ge=1, le=TEXT_LIMIT)
    min: int | float | None = None
    max: int | float | None = None
    from_id_card: IdCardField | None = Field(default=None, description="Filled from the ID card just read")

    @model_validator(mode="after")
    def _constraints_fit_type(self) -> FormField:
        wrong = {
            "choices": self.choices is not None and self.type != "choice",
            "pattern": self.pattern is not None and self.type != "text",
            "max_length": self.max_length is not None and self.type != "text",
            "min": self.min is not None and self.type != "number",
            "max": self.max is not None and self.type != "number",
        }
        misplaced = [key for key, bad in wrong.items() if bad]
        if misplaced:
            raise ValueError(
                f"字段 {self.name} 的类型 {self.type} 不能带 {', '.join(misplaced)} / "
                f"a {self.type} field cannot have {', '.join(misplaced)}"
            )
        if self.type == "choice" and not self.choices:
            raise ValueError(f"选择字段 {self.name} 缺少 choices / choice field {self.name} needs choices")
        if self.choices is not None and len(set(self.choices)) != len(self.choices):
            raise ValueError(f"字段 {self.name} 的选项重复 / choice field {self.name} lists a choice twice")
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError(f"字段 {self.name} 的 min 大于 max / field {self.name} has min above max")
        if self.pattern is not None:
            try:
                re.compile(self.pattern)
            except re.error as error:
                raise ValueError(
                    f"字段 {self.name} 的正则无效 / field {self.name} pattern is invalid: {error}"
                ) from None
        if self.from_id_card is not None and self.type not in ID_CARD_TYPES[self.from_id_card]:
            raise ValueError(
                f"身份证的 {self.from_id_card} 不能填入 {self.type} 字段 {self.name} / the card's "
                f"{self.from_id_card} cannot fill a {self.type} field "
                f"(use {' or '.join(ID_CARD_TYPES[self.from_id_card])})"
            )
        return self


class FieldProblem(ValueError):
    """One field's problem, as (Chinese, English) without the field's name."""

    def __init__(self, zh: str, en: str) -> None:
        super().__init__(f"{zh} / {en}")
        self.zh, self.en = zh, en


def normalise_phone(text: str, *, hotline: bool = False) -> str:
    """A Chinese mobile (13800138000) or landline (0571-88881234[-ext]) number, or ValueError."""
    compact = re.sub(r"[\s()（）]", "", text)
    if mobile := MOBILE.match(compact):
        return mobile.group(1)
    if landline := LANDLINE.match(compact):
        area, number, extension = landline.groups()
        return f"{area}-{number}" + (f"-{extension}" if extension else "")
    if hotline and HOTLINE.match(compact):
        return compact
    raise FieldProblem("不是有效的手机或固定电话号码", "not a Chinese mobile or landline number")
