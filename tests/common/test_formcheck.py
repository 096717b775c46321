"""Filing forms: the field schema refuses constraints that do not fit a type, and submissions are checked per type."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from common.formcheck import FieldProblem, FormErrors, FormField, check_field, validate_submission
from devices.identity import id_check_character

ID_NUMBER = "11010119900307109X"  # a valid check character, and it is X
WRONG_CHECK = ID_NUMBER[:17] + ("0" if id_check_character(ID_NUMBER[:17]) != "0" else "1")


def one(type_: str, **constraints: Any) -> list[FormField]:
    return [FormField.model_validate({"name": "f", "label": "字段", "type": type_, **constraints})]


def error_of(form: list[FormField], values: dict[str, object]) -> str:
    with pytest.raises(FormErrors) as caught:
        validate_submission(form, values)
    assert list(caught.value.errors) == ["f"]
    return caught.value.errors["f"]


@pytest.mark.parametrize(
    ("type_", "constraints", "complaint"),
    [
        ("text", {"choices": ["a"]}, "cannot have choices"),
        ("number", {"pattern": "[0-9]+"}, "cannot have pattern"),
        ("date", {"max_length": 10}, "cannot have max_length"),
        ("text", {"min": 1}, "cannot have min"),
        ("choice", {}, "needs choices"),
        ("choice", {"choices": ["是", "是"]}, "twice"),
        ("number", {"min": 5, "max": 1}, "min above max"),
        ("text", {"pattern": "[unclosed"}, "pattern is invalid"),
        ("text", {"from_id_card": "birth_date"}, "cannot fill a text field"),
        ("phone", {"from_id_card": "id_number"}, "cannot fill a phone field"),
    ],
)
def test_given_a_constraint_that_does_not_fit_the_type_then_the_schema_is_refused(
    type_: str, constraints: dict[str, Any], complaint: str
) -> None:
    with pytest.raises(ValidationError, match=complaint):
        one(type_, **constraints)


def test_a_schema_with_an_unknown_key_or_type_is_refused() -> None:
    with pytest.raises(ValidationError, match="extra"):
        one("text", hint="?")
    with pytest.raises(ValidationError, match="Input should be"):
        one("email")


def test_text_is_trimmed_and_checked_for_length_pattern_and_type() -> None:
    form = one("text", max_length=5, pattern="[A-Z][0-9]+")
    assert validate_submission(form, {"f": "  R1234 "}) == {"f": "R1234"}
    assert error_of(form, {"f": "R12345"}) == "字段：不能超过 5 个字 / f: at most 5 characters"
    assert "格式不符合要求" in error_of(form, {"f": "r1234"})
    assert "format this field needs" in error_of(form, {"f": "R12a"})
    assert "[" not in error_of(form, {"f": "R12a"})  # the pattern itself is for the catalog, not for a citizen
    assert "must be text" in error_of(form, {"f": 12345})
    assert "control characters" in error_of(one("text"), {"f": "a\x00b"})
    assert "at most 500" in error_of(one("text"), {"f": "长" * 501})


def test_numbers_accept_numeric_text_and_respect_the_range() -> None:
    form = one("number", min=1, max=100000)
    assert validate_submission(form, {"f": 2500}) == {"f": 2500}
    assert validate_submission(form, {"f": "2500.50"}) == {"f": 2500.5}
    assert validate_submission(form, {"f": 3.0}) == {"f": 3}
    assert error_of(form, {"f": 0}) == "字段：不能小于 1 / f: must be at least 1"
    assert "at most 100000" in error_of(form, {"f": 100001})
    for bad in ("many", True, float("nan"), float("inf"), [1], "1e5"):
        assert "must be a number" in error_of(form, {"f": bad}), bad


def test_dates_must_be_iso_and_exist() -> None:
    form = one("date")
    assert validate_submission(form, {"f": "2024-02-29"}) == {"f": "2024-02-29"}
    assert error_of(form, {"f": "2023-02-29"}) == "字段：没有这一天 / f: no such date"
    assert "no such date" in error_of(form, {"f": "2024-13-01"})
    for bad in ("2024/02/29", "29.02.2024", 20240229, "2024-2-9"):
        assert "YYYY-MM-DD" in error_of(form, {"f": bad}), bad


@pytest.mark.parametrize(
    ("typed", "normalised"),
    [
        ("13800138000", "13800138000"),
        ("+86 138 0013 8000", "13800138000"),
        ("0571-88881234", "0571-88881234"),
        ("057188881234", "0571-88881234"),
        ("(010) 62345678", "010-62345678"),
        ("021-6234567-801", "021-6234567-801"),
    ],
)
def test_chinese_mobile_and_landline_numbers_are_accepted_in_one_canonical_form(typed: str, normalised: str) -> None:
    assert validate_submission(one("phone"), {"f": typed}) == {"f": normalised}


@pytest.mark.parametrize(
    "bad", ["12800138000", "1380013800", "0571-1234", "010-12345678", "12345", "0571-12345", 13800138000]
)
def test_numbers_that_are_not_a_citizens_phone_are_refused(bad: object) -> None:
    assert "phone" in error_of(one("phone"), {"f": bad}) or "mobile or landline" in error_of(one("phone"), {"f": bad})


def test_id_numbers_need_the_right_check_character_and_are_never_echoed() -> None:
    form = one("id_number")
    assert validate_submission(form, {"f": ID_NUMBER.lower()}) == {"f": ID_NUMBER}
    message = error_of(form, {"f": WRONG_CHECK})
    assert message == "字段：身份证号码校验位错误 / f: the ID number's check character is wrong"
    assert WRONG_CHECK not in message
    assert "18 characters" in error_of(form, {"f": "1101011990"})
    bad_date = "11010119900230123"
    assert "not a date" in error_of(form, {"f": bad_date + id_check_character(bad_date)})
    assert "must be text" in error_of(form, {"f": 110101199003071234})


def test_choices_and_booleans_take_only_what_is_offered() -> None:
    choice = one("choice", choices=["上午", "下午"])
    assert validate_submission(choice, {"f": "下午"}) == {"f": "下午"}
    assert error_of(choice, {"f": "晚上"}) == "字段：只能选择：上午、下午 / f: must be one of 上午, 下午"
    assert "must be one of" in error_of(choice, {"f": 1})
    flag = one("bool")
    assert validate_submission(flag, {"f": False}) == {"f": False}
    for bad in ("true", 1, "是"):
        assert "true or false" in error_of(flag, {"f": bad}), bad


def test_every_bad_field_is_reported_at_once_with_unknown_fields_and_missing_required_ones() -> None:
    form = [
        FormField(name="name", label="姓名", type="text"),
        FormField(name="phone", label="联系电话", type="phone"),
        FormField(name="note", label="备注", type="text", required=False),
    ]
    with pytest.raises(FormErrors) as caught:
        validate_submission(form, {"name": "  ", "phone": "123", "vip": True})
    assert caught.value.errors == {
        "vip": "表单中没有此项 / vip: not a field of this form",
        "name": "姓名：必须填写 / name: required",
        "phone": "联系电话：不是有效的手机或固定电话号码 / phone: not a Chinese mobile or landline number",
    }
    assert str(caught.value).count(" / ") == 3


def test_empty_optional_fields_are_left_out() -> None:
    form = [
        FormField(name="name", label="姓名", type="text"),
        FormField(name="note", label="备注", type="text", required=False),
    ]
    assert validate_submission(form, {"name": "王小明", "note": ""}) == {"name": "王小明"}
    assert validate_submission(form, {"name": "王小明", "note": None}) == {"name": "王小明"}


def test_one_field_is_checked_as_it_is_typed_with_the_same_rules() -> None:
    phone = FormField(name="phone", label="联系电话", type="phone")
    optional = FormField(name="note", label="备注", type="text", required=False)
    assert check_field(phone, " 138 0013 8000 ") == "13800138000"
    assert check_field(optional, "  ") is None
    with pytest.raises(FieldProblem) as missing:
        check_field(phone, "")
    assert (missing.value.zh, missing.value.en) == ("必须填写", "required")
    with pytest.raises(FieldProblem) as wrong:
        check_field(phone, "12345")
    assert wrong.value.zh == "不是有效的手机或固定电话号码"
