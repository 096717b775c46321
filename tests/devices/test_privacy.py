"""Finding ID numbers inside free text, however they were typed, and masking them the way a card's number is."""

from __future__ import annotations

import pytest

from devices.privacy import mask_id_number, mask_id_numbers, mask_id_numbers_in

ID_X = "11010119900307123X"
ID_OLD = "110101900307123"  # a first-generation card: 15 digits, two-digit year, no check character

CASES = [
    (f"身份证{ID_X}。", "身份证110101********123X。"),
    (f"id {ID_X.lower()}", "id 110101********123x"),
    (f"老证 {ID_OLD} 已换", "老证 110101******123 已换"),
    ("110101 19900307 123X", "110101 ******** 123X"),
    ("110101-19900307-123X", "110101-********-123X"),
    ("1101 0119 9003 0712 3X", "1101 01** **** **12 3X"),
    ("110101 900307 123", "110101 ****** 123"),
    ("１１０１０１１９９００３０７１２３Ｘ", "１１０１０１********１２３Ｘ"),
    ("１１０１０１－１９９００３０７－１２３４", "１１０１０１－********－１２３４"),
    (f"{ID_X}\n{ID_OLD}", "110101********123X\n110101******123"),
]


@pytest.mark.parametrize(("typed", "stored"), CASES)
def test_id_numbers_typed_any_usual_way_are_masked(typed: str, stored: str) -> None:
    assert mask_id_numbers(typed) == stored
    assert mask_id_numbers_in(typed.encode()) == stored.encode()


@pytest.mark.parametrize(
    "text",
    [
        "order 2026112200001 phone 13800138000 ticket A017 long 1101011990030712345",
        "two phones 13800138000 13900139000",
        "sha256 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
        "2026-12-05 10:00:00+08:00 window 3",
        "K01-20261205-0007",
        "1101011990030712345X",
        "a110101199003071234",
    ],
)
def test_other_numbers_are_left_alone(text: str) -> None:
    assert mask_id_numbers(text) == text


def test_json_values_are_masked_inside_lists_and_dicts() -> None:
    value = {"note": f"证号 {ID_X}", "n": 3, "ok": True, "list": [ID_OLD, None], ID_X: "key"}
    assert mask_id_numbers_in(value) == {
        "note": "证号 110101********123X",
        "n": 3,
        "ok": True,
        "list": ["110101******123", None],
        "110101********123X": "key",
    }
    assert mask_id_numbers_in(None) is None


def test_a_whole_number_is_masked_the_same_way() -> None:
    assert mask_id_number(ID_X) == "110101********123X"
    assert mask_id_number(ID_OLD) == "110101******123"
    assert mask_id_number("12345") == "*****"
