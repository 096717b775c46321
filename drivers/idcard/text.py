"""The 256-byte text block of a resident ID card (UTF-16 LE, space-padded fields) to an Identity and back."""

from __future__ import annotations

from datetime import date

from devices.identity import NATIONS, SEXES, Identity, validate_id_number
from drivers.idcard.protocol import TEXT_SIZE

# Field: (offset, size) in bytes, as docs/protocols.md §1.4 lays them out.
FIELDS: dict[str, tuple[int, int]] = {
    "name": (0, 30),
    "sex": (30, 2),
    "nation": (32, 4),
    "birth_date": (36, 16),
    "address": (52, 70),
    "id_number": (122, 36),
    "issuer": (158, 30),
    "valid_from": (188, 16),
    "valid_to": (204, 16),
    "reserved": (220, 36),
}
LABELS = {
    "name": "姓名 / name",
    "sex": "性别 / sex",
    "nation": "民族 / nation",
    "birth_date": "出生 / birth date",
    "address": "住址 / address",
    "id_number": "公民身份号码 / ID number",
    "issuer": "签发机关 / issuer",
    "valid_from": "有效期起 / valid from",
    "valid_to": "有效期止 / valid to",
    "reserved": "保留 / reserved",
}
NO_END_DATE = "长期"
_PAD = " "
_SEX_CODES = {name: code for code, name in SEXES.items()}
_NATION_CODES = {name: code for code, name in NATIONS.items()}


class TextBlockError(ValueError):
    """A text block that cannot be a card's: wrong size, broken UTF-16, an unknown code or an impossible date."""


def parse_text_block(block: bytes, photo: bytes = b"", *, today: date | None = None) -> Identity:
    """The identity in a card's text block; TextBlockError or InvalidIdNumber (both ValueError) when corrupted.

    The block is called UCS-2 in the standard, but a name with a character outside the BMP (𠮷, U+20BB7) is
    stored as a UTF-16 surrogate pair (4 bytes), so it is decoded as UTF-16 LE; a lone surrogate is corruption.
    """
    if len(block) != TEXT_SIZE:
        raise TextBlockError(f"文字信息长度错误 / the text block is {len(block)} bytes, expected {TEXT_SIZE}")
    text = {key: _field(block, key) for key in FIELDS}
    if not text["name"]:
        raise TextBlockError("姓名为空 / the name is empty")
    sex = SEXES.get(text["sex"])
    if sex is None:
        raise TextBlockError(f"性别代码无效 / unknown sex code {text['sex']!r}")
    nation = NATIONS.get(text["nation"])
    if nation is None:
        raise TextBlockError(f"民族代码无效 / unknown nation code {text['nation']!r}")
    birth_date = _date(text["birth_date"], "birth_date")
    valid_to = None if text["valid_to"] == NO_END_DATE else _date(text["valid_to"], "valid_to")
    return Identity(
        name=text["name"],
        sex=sex,
        nation=nation,
        birth_date=birth_date,
        address=text["address"],
        id_number=validate_id_number(text["id_number"], birth_date=birth_date, today=today),
        issuer=text["issuer"],
        valid_from=_date(text["valid_from"], "valid_from"),
        valid_to=valid_to,
        photo=photo,
    )


def encode_text_block(identity: Identity) -> bytes:
    """The text block a card holding ``identity`` returns (used by the simulator and the tests)."""
    try:
        values = {
            "name": identity.name,
            "sex": _SEX_CODES[identity.sex],
            "nation": _NATION_CODES[identity.nation],
            "birth_date": identity.birth_date.strftime("%Y%m%d"),
            "address": identity.address,
            "id_number": identity.id_number,
            "issuer": identity.issuer,
            "valid_from": identity.valid_from.strftime("%Y%m%d"),
            "valid_to": NO_END_DATE if identity.valid_to is None else identity.valid_to.strftime("%Y%m%d"),
            "reserved": "",
        }
    except KeyError as error:
        raise ValueError(f"no card code for {error.args[0]!r}") from None
    block = bytearray()
    for key, (_offset, size) in FIELDS.items():
        encoded = values[key].encode("utf-16-le")
        if len(encoded) > size:
            raise ValueError(f"{LABELS[key]} does not fit in {size} bytes")
        block += encoded + _PAD.encode("utf-16-le") * ((size - len(encoded)) // 2)
    return bytes(block)


def _field(block: bytes, key: str) -> str:
    offset, size = FIELDS[key]
    try:
        text = block[offset : offset + size].decode("utf-16-le")
    except UnicodeDecodeError:
        raise TextBlockError(f"{LABELS[key]}: 文字编码损坏 / broken UTF-16 text") from None
    return text.rstrip(_PAD + "\x00")


def _date(text: str, key: str) -> date:
    if len(text) == 8 and text.isascii() and text.isdigit():
        try:
            return date(int(text[:4]), int(text[4:6]), int(text[6:]))
        except ValueError:
            pass
    raise TextBlockError(f"{LABELS[key]}: 日期无效 / not a date (YYYYMMDD): {text!r}")
