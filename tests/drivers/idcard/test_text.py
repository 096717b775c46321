"""The card's 256-byte text block: fields at their offsets, UTF-16 LE with surrogate pairs, 长期, and rejects."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from devices.identity import NATIONS, Identity, InvalidIdNumber
from drivers.idcard.text import FIELDS, TextBlockError, encode_text_block, parse_text_block
from drivers.sim.idcard import FICTIONAL_IDENTITIES

TODAY = date(2026, 11, 22)
SPACE = "20 00"


def field(content: str, size: int) -> bytes:
    """A field's bytes as written by hand in UTF-16 LE hex, right-padded with spaces to its size."""
    data = bytes.fromhex(content)
    return data + bytes.fromhex(SPACE) * ((size - len(data)) // 2)


def digits(text: str) -> str:
    return " ".join(f"{ord(c):02X} 00" for c in text)


# 李𠮷祥: 李 U+674E, 𠮷 U+20BB7 as the surrogate pair D842 DFB7, 祥 U+7965; all little-endian.
RARE_NAME_BLOCK = (
    field("4E 67 42 D8 B7 DF 65 79", 30)
    + field(digits("2"), 2)
    + field(digits("03"), 4)
    + field(digits("19851123"), 16)
    + field("3A 79 8B 4F 02 5E B0 65 CE 57 3A 53", 70)  # 示例市新城区
    + field(digits("990202198511230043"), 36)
    + field("3A 79 8B 4F 02 5E 6C 51 89 5B 40 5C", 30)  # 示例市公安局
    + field(digits("20120815"), 16)
    + field(digits("20320815"), 16)
    + field("", 36)
)
LONG_TERM_VALIDITY = field("7F 95 1F 67", 16)  # 长期


def test_the_fields_sit_at_the_documented_offsets_and_fill_256_bytes() -> None:
    assert len(RARE_NAME_BLOCK) == 256
    assert (FIELDS["name"], FIELDS["id_number"], FIELDS["valid_to"]) == ((0, 30), (122, 36), (204, 16))
    assert sum(size for _offset, size in FIELDS.values()) == 256


def test_a_name_with_a_character_outside_the_bmp_reads_as_three_characters() -> None:
    identity = parse_text_block(RARE_NAME_BLOCK, b"photo", today=TODAY)
    assert identity.name == "李\U00020bb7祥" and len(identity.name) == 3
    assert (identity.sex, identity.nation, identity.birth_date) == ("女", "回", date(1985, 11, 23))
    assert (identity.address, identity.issuer) == ("示例市新城区", "示例市公安局")
    assert identity.id_number == "990202198511230043"
    assert (identity.valid_from, identity.valid_to) == (date(2012, 8, 15), date(2032, 8, 15))
    assert identity.photo == b"photo"


def test_long_term_validity_has_no_end_date() -> None:
    block = RARE_NAME_BLOCK[:204] + LONG_TERM_VALIDITY + RARE_NAME_BLOCK[220:]
    assert parse_text_block(block, today=TODAY).valid_to is None


def test_the_encoder_writes_the_same_bytes_as_the_hand_made_block() -> None:
    identity = parse_text_block(RARE_NAME_BLOCK, today=TODAY)
    assert encode_text_block(identity) == RARE_NAME_BLOCK


@pytest.mark.parametrize("card", FICTIONAL_IDENTITIES, ids=lambda card: card.masked_id)
def test_every_fictional_card_round_trips_through_its_text_block(card: Identity) -> None:
    assert parse_text_block(encode_text_block(card), card.photo, today=TODAY) == card


@pytest.mark.parametrize("code", sorted(NATIONS))
def test_every_nation_code_round_trips(code: str) -> None:
    card = replace(FICTIONAL_IDENTITIES[0], nation=NATIONS[code])
    block = encode_text_block(card)
    assert block[32:36] == field(digits(code), 4)
    assert parse_text_block(block, card.photo, today=TODAY).nation == NATIONS[code]


def test_a_wrong_check_character_is_rejected() -> None:
    block = RARE_NAME_BLOCK[:122] + field(digits("990202198511230044"), 36) + RARE_NAME_BLOCK[158:]
    with pytest.raises(InvalidIdNumber, match="check character"):
        parse_text_block(block, today=TODAY)


def test_a_birth_date_field_that_differs_from_the_number_is_rejected() -> None:
    block = RARE_NAME_BLOCK[:36] + field(digits("19851124"), 16) + RARE_NAME_BLOCK[52:]
    with pytest.raises(InvalidIdNumber, match="does not match"):
        parse_text_block(block, today=TODAY)


@pytest.mark.parametrize(
    ("offset", "replacement", "says"),
    [
        (0, "42 D8 20 00", "broken UTF-16"),  # a high surrogate with no low one: the frame was damaged
        (30, digits("3"), "sex code"),
        (32, digits("57"), "nation code"),
        (36, digits("1985-11-"), "not a date"),
        (204, digits("20321315"), "not a date"),
        (0, SPACE * 15, "name is empty"),
    ],
)
def test_a_damaged_field_is_rejected_with_what_is_wrong(offset: int, replacement: str, says: str) -> None:
    data = bytes.fromhex(replacement)
    block = RARE_NAME_BLOCK[:offset] + data + RARE_NAME_BLOCK[offset + len(data) :]
    with pytest.raises(TextBlockError, match=says):
        parse_text_block(block, today=TODAY)


def test_a_block_of_the_wrong_size_is_rejected() -> None:
    with pytest.raises(TextBlockError, match="255 bytes"):
        parse_text_block(RARE_NAME_BLOCK[:-1])


def test_a_name_too_long_for_its_field_cannot_be_encoded() -> None:
    too_long = replace(FICTIONAL_IDENTITIES[0], name="\U00020bb7" * 8)  # 8 surrogate pairs: 32 bytes
    with pytest.raises(ValueError, match="does not fit"):
        encode_text_block(too_long)
