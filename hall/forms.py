"""Self-service filing forms: the typed field schema of a service item and the validation of submitted values."""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from devices.identity import InvalidIdNumber, validate_id_number

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
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


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


class FormErrors(ValueError):
    """A submission with bad fields: ``errors`` maps each field name to one bilingual message."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(errors.values()))
        self.errors = errors


class _Bad(ValueError):
    """One field's problem, as (Chinese, English) without the field's name."""

    def __init__(self, zh: str, en: str) -> None:
        super().__init__(f"{zh} / {en}")
        self.zh, self.en = zh, en


Value = str | int | float | bool


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
    raise _Bad("不是有效的手机或固定电话号码", "not a Chinese mobile or landline number")


def _text(spec: FormField, value: object) -> str:
    if not isinstance(value, str):
        raise _Bad("应为文字", "must be text")
    text = value.strip()
    limit = spec.max_length or TEXT_LIMIT
    if len(text) > limit:
        raise _Bad(f"不能超过 {limit} 个字", f"at most {limit} characters")
    if _CONTROL.search(text):
        raise _Bad("含有控制字符", "holds control characters")
    if spec.pattern is not None and not re.fullmatch(spec.pattern, text):
        raise _Bad("格式不对", f"does not match the format {spec.pattern}")
    return text


def _number(spec: FormField, value: object) -> int | float:
    if isinstance(value, str) and re.fullmatch(r"-?\d{1,15}(\.\d{1,6})?", value.strip()):
        value = float(value.strip())  # a number typed into a text box arrives as text
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _Bad("应为数字", "must be a number")
    number: int | float = value
    if isinstance(value, float):
        if not math.isfinite(value):
            raise _Bad("应为数字", "must be a number")
        number = int(value) if value.is_integer() and abs(value) < 2**53 else value
    if spec.min is not None and number < spec.min:
        raise _Bad(f"不能小于 {spec.min:g}", f"must be at least {spec.min:g}")
    if spec.max is not None and number > spec.max:
        raise _Bad(f"不能大于 {spec.max:g}", f"must be at most {spec.max:g}")
    return number


def _date(_spec: FormField, value: object) -> str:
    if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
        raise _Bad("日期格式应为 YYYY-MM-DD", "a date is written YYYY-MM-DD")
    try:
        return date.fromisoformat(value.strip()).isoformat()
    except ValueError:
        raise _Bad("没有这一天", "no such date") from None


def _phone(_spec: FormField, value: object) -> str:
    if not isinstance(value, str):
        raise _Bad("电话号码应为文字", "a phone number must be text")
    return normalise_phone(value)


def _id_number(_spec: FormField, value: object) -> str:
    if not isinstance(value, str):
        raise _Bad("身份证号码应为文字", "an ID number must be text")
    try:
        return validate_id_number(value)
    except InvalidIdNumber as error:
        zh, _, en = str(error).partition(" / ")
        raise _Bad(zh, en or zh) from None


def _choice(spec: FormField, value: object) -> str:
    if not isinstance(value, str) or value.strip() not in (spec.choices or []):
        raise _Bad(f"只能选择：{'、'.join(spec.choices or [])}", f"must be one of {', '.join(spec.choices or [])}")
    return value.strip()


def _bool(_spec: FormField, value: object) -> bool:
    if not isinstance(value, bool):
        raise _Bad("应为是或否", "must be true or false")
    return value


CHECKS: dict[str, Callable[[FormField, object], Value]] = {
    "text": _text,
    "number": _number,
    "date": _date,
    "phone": _phone,
    "id_number": _id_number,
    "choice": _choice,
    "bool": _bool,
}


def validate_submission(form: Sequence[FormField], values: dict[str, object]) -> dict[str, Value]:
    """The submitted values normalised (trimmed text, ISO dates, canonical phones, upper-case X), in form order.

    Empty optional fields are left out. Every bad field is reported at once in ``FormErrors``, so the citizen
    can fix them all in one go; an ID number never appears in a message.
    """
    errors: dict[str, str] = {}
    normalised: dict[str, Value] = {}
    known = {spec.name for spec in form}
    for name in values:
        if name not in known:
            shown = name if len(name) <= 40 else name[:37] + "..."
            errors[shown] = f"表单中没有此项 / {shown}: not a field of this form"
    for spec in form:
        value = values.get(spec.name)
        if value is None or (isinstance(value, str) and not value.strip()):
            if spec.required:
                errors[spec.name] = f"{spec.label}：必须填写 / {spec.name}: required"
            continue
        try:
            normalised[spec.name] = CHECKS[spec.type](spec, value)
        except _Bad as bad:
            errors[spec.name] = f"{spec.label}：{bad.zh} / {spec.name}: {bad.en}"
    if errors:
        raise FormErrors(errors)
    return normalised
