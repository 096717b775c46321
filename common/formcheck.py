"""Checking the values of a self-service filing form against its typed fields: the kiosk checks each value as it
is typed (``check_field``), the hall checks the whole submission again (``validate_submission``), with the same
rules and the same messages."""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from datetime import date

from common.hallapi.forms import TEXT_LIMIT, FieldProblem, FormField, normalise_phone
from devices.identity import InvalidIdNumber, validate_id_number

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


class FormErrors(ValueError):
    """A submission with bad fields: ``errors`` maps each field name to one bilingual message."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(errors.values()))
        self.errors = errors


Value = str | int | float | bool


def _text(spec: FormField, value: object) -> str:
    if not isinstance(value, str):
        raise FieldProblem("应为文字", "must be text")
    text = value.strip()
    limit = spec.max_length or TEXT_LIMIT
    if len(text) > limit:
        raise FieldProblem(f"不能超过 {limit} 个字", f"at most {limit} characters")
    if _CONTROL.search(text):
        raise FieldProblem("含有控制字符", "holds control characters")
    if spec.pattern is not None and not re.fullmatch(spec.pattern, text):
        raise FieldProblem("格式不符合要求", "is not in the format this field needs")  # a citizen reads it: no regex
    return text


def _number(spec: FormField, value: object) -> int | float:
    if isinstance(value, str) and re.fullmatch(r"-?\d{1,15}(\.\d{1,6})?", value.strip()):
        value = float(value.strip())  # a number typed into a text box arrives as text
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise FieldProblem("应为数字", "must be a number")
    number: int | float = value
    if isinstance(value, float):
        if not math.isfinite(value):
            raise FieldProblem("应为数字", "must be a number")
        number = int(value) if value.is_integer() and abs(value) < 2**53 else value
    if spec.min is not None and number < spec.min:
        raise FieldProblem(f"不能小于 {spec.min:g}", f"must be at least {spec.min:g}")
    if spec.max is not None and number > spec.max:
        raise FieldProblem(f"不能大于 {spec.max:g}", f"must be at most {spec.max:g}")
    return number


def _date(_spec: FormField, value: object) -> str:
    if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
        raise FieldProblem("日期格式应为 YYYY-MM-DD", "a date is written YYYY-MM-DD")
    try:
        return date.fromisoformat(value.strip()).isoformat()
    except ValueError:
        raise FieldProblem("没有这一天", "no such date") from None


def _phone(_spec: FormField, value: object) -> str:
    if not isinstance(value, str):
        raise FieldProblem("电话号码应为文字", "a phone number must be text")
    return normalise_phone(value)


def _id_number(_spec: FormField, value: object) -> str:
    if not isinstance(value, str):
        raise FieldProblem("身份证号码应为文字", "an ID number must be text")
    try:
        return validate_id_number(value)
    except InvalidIdNumber as error:
        zh, _, en = str(error).partition(" / ")
        raise FieldProblem(zh, en or zh) from None


def _choice(spec: FormField, value: object) -> str:
    if not isinstance(value, str) or value.strip() not in (spec.choices or []):
        raise FieldProblem(
            f"只能选择：{'、'.join(spec.choices or [])}", f"must be one of {', '.join(spec.choices or [])}"
        )
    return value.strip()


def _bool(_spec: FormField, value: object) -> bool:
    if not isinstance(value, bool):
        raise FieldProblem("应为是或否", "must be true or false")
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


def check_field(spec: FormField, value: object) -> Value | None:
    """One value, normalised; None for an empty optional field. Raises FieldProblem (without the field's name)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        if spec.required:
            raise FieldProblem("必须填写", "required")
        return None
    return CHECKS[spec.type](spec, value)


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
        except FieldProblem as bad:
            errors[spec.name] = f"{spec.label}：{bad.zh} / {spec.name}: {bad.en}"
    if errors:
        raise FormErrors(errors)
    return normalised
