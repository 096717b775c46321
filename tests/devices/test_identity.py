"""The identity model: GB 11643 ID number checks, masking, expiry, nation codes and what a card result says."""

from __future__ import annotations

from datetime import date

import pytest

from devices.identity import (
    NATIONS,
    CardResult,
    Identity,
    InvalidIdNumber,
    Rejection,
    id_check_character,
    validate_id_number,
)
from devices.state import Reason
from devices.words import Words

TODAY = date(2026, 11, 22)


def person(**changes: object) -> Identity:
    fields: dict[str, object] = {
        "name": "张示例",
        "sex": "男",
        "nation": "汉",
        "birth_date": date(1990, 3, 7),
        "address": "示例市示范区幸福路18号",
        "id_number": "990101199003071237",
        "issuer": "示例市公安局示范分局",
        "valid_from": date(2015, 6, 1),
        "valid_to": date(2035, 6, 1),
        "photo": b"\x01" * 1024,
    } | changes
    return Identity(**fields)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("first17", "check"),
    [
        ("11010519491231002", "X"),  # the example in GB 11643 itself: a remainder of 2 is written X
        ("44052418800101001", "4"),
        ("99010119900307123", "7"),
        ("99040420010830048", "X"),
    ],
)
def test_the_check_character_follows_iso_7064_mod_11_2(first17: str, check: str) -> None:
    assert id_check_character(first17) == check


def test_a_valid_number_passes_and_a_lower_case_x_is_upper_cased() -> None:
    assert validate_id_number("11010519491231002x", today=TODAY) == "11010519491231002X"
    assert validate_id_number(" 440524188001010014 ", today=TODAY) == "440524188001010014"


@pytest.mark.parametrize(
    ("number", "says"),
    [
        ("11010519491231002", "18 characters"),
        ("1101051949123100222", "18 characters"),
        ("11010519491231002Y", "17 digits and a check character"),
        ("1101051949123X002X", "17 digits and a check character"),
        ("１１０１０５１９４９１２３１００２Ｘ", "17 digits and a check character"),  # full-width digits
        ("110105194912310021", "check character is wrong"),
        ("110105199002300024", "not a date"),  # 30 February, with a right check character
        ("110105203001010012", "in the future"),
    ],
)
def test_a_bad_number_is_refused_with_a_message_that_does_not_repeat_it(number: str, says: str) -> None:
    if says in {"not a date", "in the future"}:  # make the check character right so that the date is what fails
        number = number[:17] + id_check_character(number[:17])
    with pytest.raises(InvalidIdNumber) as error:
        validate_id_number(number, today=TODAY)
    assert says in str(error.value)
    assert number not in str(error.value)


def test_the_birth_date_field_must_match_the_number() -> None:
    with pytest.raises(InvalidIdNumber, match="does not match"):
        validate_id_number("990101199003071237", birth_date=date(1990, 3, 8), today=TODAY)
    assert validate_id_number("990101199003071237", birth_date=date(1990, 3, 7), today=TODAY)


def test_an_identity_never_shows_its_full_number_or_photo() -> None:
    someone = person()
    assert someone.masked_id == "990101********1237"
    for text in (repr(someone), str(someone), f"{someone}", repr([someone])):
        assert "990101199003071237" not in text
        assert "990101********1237" in text and "\\x01" not in text


def test_a_card_is_valid_through_its_last_day_and_a_long_term_card_never_expires() -> None:
    card = person(valid_to=date(2026, 11, 22))
    assert not card.is_expired(date(2026, 11, 22))
    assert card.is_expired(date(2026, 11, 23))
    assert not person(valid_to=None).is_expired(date(2999, 1, 1))


def test_the_nation_codes_are_the_56_nations_and_the_two_others() -> None:
    assert len(NATIONS) == 58
    assert (NATIONS["01"], NATIONS["02"], NATIONS["10"], NATIONS["56"]) == ("汉", "蒙古", "朝鲜", "基诺")
    assert NATIONS["97"] == "其他" and NATIONS["98"] == "外国血统中国籍人士"
    assert len(set(NATIONS.values())) == 58


def test_card_results_say_what_the_screen_shows() -> None:
    assert CardResult.read(person()).ok
    assert CardResult.no_card().message == Words("读卡超时", "timed out waiting for a card")
    assert CardResult.rejected(Rejection.INVALID).message == Words("请重新放置身份证", "please place the ID card again")
    expired = CardResult.rejected(Rejection.EXPIRED, identity=person())
    assert expired.message == Words("身份证已过期", "this ID card has expired") and expired.identity == person()
    assert not expired.ok
    fault = CardResult.fault(frozenset({Reason.SAM_FAILURE}))
    assert fault.message == Words("身份证阅读模块故障", "ID reader security module failed")
