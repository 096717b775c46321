"""Resident ID cards as the application sees them: the identity on the card, its checks, and the reader interface."""

from __future__ import annotations

from abc import abstractmethod
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from devices.device import Device
from devices.privacy import mask_id_number
from devices.state import DeviceStatus, Reason
from devices.words import Words

# GB 3304 nation codes 01 to 56 in order, then the two codes for people outside the 56.
_NATION_NAMES = (
    "汉", "蒙古", "回", "藏", "维吾尔", "苗", "彝", "壮", "布依", "朝鲜", "满", "侗", "瑶", "白", "土家", "哈尼",
    "哈萨克", "傣", "黎", "傈僳", "佤", "畲", "高山", "拉祜", "水", "东乡", "纳西", "景颇", "柯尔克孜", "土",
    "达斡尔", "仫佬", "羌", "布朗", "撒拉", "毛南", "仡佬", "锡伯", "阿昌", "普米", "塔吉克", "怒", "乌孜别克",
    "俄罗斯", "鄂温克", "德昂", "保安", "裕固", "京", "塔塔尔", "独龙", "鄂伦春", "赫哲", "门巴", "珞巴", "基诺",
)  # fmt: skip
NATIONS: dict[str, str] = {f"{code:02d}": name for code, name in enumerate(_NATION_NAMES, start=1)}
NATIONS |= {"97": "其他", "98": "外国血统中国籍人士"}

SEXES: dict[str, str] = {"1": "男", "2": "女"}

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK_CHARACTERS = "10X98765432"


class InvalidIdNumber(ValueError):
    """An ID number that fails GB 11643: wrong length, not digits, wrong check character or birth date."""


def id_check_character(first17: str) -> str:
    """The GB 11643 check character (ISO 7064 MOD 11-2; ``X`` stands for 10) of the first 17 digits."""
    if len(first17) != 17 or not (first17.isascii() and first17.isdigit()):
        raise InvalidIdNumber(f"校验位需要17位数字 / the check character needs 17 digits, got {len(first17)}")
    return _CHECK_CHARACTERS[sum(int(d) * w for d, w in zip(first17, _WEIGHTS, strict=True)) % 11]


def validate_id_number(text: str, *, birth_date: date | None = None, today: date | None = None) -> str:
    """The 18-character ID number (check ``x`` upper-cased), or InvalidIdNumber saying what is wrong.

    The birth date inside it (characters 7 to 14) must be a real date, not in the future, and equal to
    ``birth_date`` when that is given (the card's own birth date field). Messages never hold the number.
    """
    number = text.strip().upper()
    if len(number) != 18:
        raise InvalidIdNumber(f"身份证号码应为18位 / an ID number has 18 characters, got {len(number)}")
    if not (number[:17].isascii() and number[:17].isdigit()) or not (number[17].isdigit() or number[17] == "X"):
        raise InvalidIdNumber("身份证号码应为17位数字加校验位 / an ID number is 17 digits and a check character")
    if id_check_character(number[:17]) != number[17]:
        raise InvalidIdNumber("身份证号码校验位错误 / the ID number's check character is wrong")
    try:
        born = date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        raise InvalidIdNumber("身份证号码中的出生日期无效 / the birth date in the ID number is not a date") from None
    if born > (today or date.today()):
        raise InvalidIdNumber("身份证号码中的出生日期在未来 / the birth date in the ID number is in the future")
    if birth_date is not None and born != birth_date:
        raise InvalidIdNumber("出生日期与身份证号码不符 / the birth date does not match the ID number")
    return number


@dataclass(frozen=True)
class Identity:
    """What a resident ID card holds. Sensitive: never logged or shown in full (see ``masked_id``)."""

    name: str
    sex: str  # "男" or "女"
    nation: str  # the nation's name, e.g. "汉"
    birth_date: date
    address: str
    id_number: str
    issuer: str
    valid_from: date
    valid_to: date | None  # None: 长期 (no end date)
    photo: bytes = field(default=b"", repr=False)  # the card's WLT photo, encrypted; kept opaque

    @property
    def masked_id(self) -> str:
        return mask_id_number(self.id_number)

    def is_expired(self, today: date) -> bool:
        """Valid through the last day printed on the card."""
        return self.valid_to is not None and today > self.valid_to

    def __repr__(self) -> str:
        return f"Identity(name={self.name!r}, id_number={self.masked_id!r}, photo={len(self.photo)} bytes)"

    __str__ = __repr__


class CardOutcome(StrEnum):
    READ = "read"
    NO_CARD = "no_card"  # nothing placed (or only a card already read) within the timeout
    REJECTED = "rejected"  # a card was there but cannot be used; ``rejection`` says why
    FAULT = "fault"  # the reader cannot read cards; ``reasons`` says why


class Rejection(StrEnum):
    INVALID = "invalid"  # bad ID number or unreadable fields: corrupted in transit, or a fake
    UNREADABLE = "unreadable"  # the reader found the card but kept failing to read it
    EXPIRED = "expired"


REJECTION_TEXT: dict[Rejection, tuple[str, str]] = {
    Rejection.INVALID: ("请重新放置身份证", "please place the ID card again"),
    Rejection.UNREADABLE: ("读卡失败，请重新放置身份证", "could not read the card, please place it again"),
    Rejection.EXPIRED: ("身份证已过期", "this ID card has expired"),
}
NO_CARD_TEXT = ("读卡超时", "timed out waiting for a card")


@dataclass(frozen=True)
class CardResult:
    """The end of one wait for a card. ``identity`` is set when read, and also for an expired card."""

    outcome: CardOutcome
    identity: Identity | None = None
    rejection: Rejection | None = None
    reasons: frozenset[Reason] = frozenset()
    detail: str = ""  # for technicians and logs; never holds an unmasked ID number

    @classmethod
    def read(cls, identity: Identity) -> CardResult:
        return cls(CardOutcome.READ, identity)

    @classmethod
    def no_card(cls) -> CardResult:
        return cls(CardOutcome.NO_CARD)

    @classmethod
    def rejected(
        cls, rejection: Rejection, detail: str = "", *, identity: Identity | None = None, reason: Reason | None = None
    ) -> CardResult:
        return cls(CardOutcome.REJECTED, identity, rejection, frozenset({reason} if reason else ()), detail)

    @classmethod
    def fault(cls, reasons: frozenset[Reason], detail: str = "") -> CardResult:
        return cls(CardOutcome.FAULT, reasons=reasons, detail=detail)

    @property
    def ok(self) -> bool:
        return self.outcome is CardOutcome.READ

    @property
    def message(self) -> Words:
        """What the screen says, e.g. ``身份证已过期`` / ``this ID card has expired``."""
        if self.outcome is CardOutcome.READ:
            return Words("读卡成功", "card read")
        if self.outcome is CardOutcome.NO_CARD:
            return Words(*NO_CARD_TEXT)
        if self.rejection is not None:
            return Words(*REJECTION_TEXT[self.rejection])
        return DeviceStatus.from_reasons(self.reasons).words()


CardListener = Callable[[CardResult], None]


class IdCardReader(Device):
    """A resident ID card reader: open it, watch its status, wait for a card.

    A card left on the reader is delivered once; it must be taken off before it is read again.
    """

    name = "id_reader"

    @abstractmethod
    def read_card(self, timeout: float) -> CardResult:
        """Block until a card is read or rejected, ``timeout`` seconds pass (NO_CARD), or the reader fails."""

    @abstractmethod
    def start_waiting(self, listener: CardListener) -> None:
        """Poll for cards in the background (only while a screen waits for one); each read, rejection and
        change of fault goes to ``listener`` on the polling thread."""

    @abstractmethod
    def stop_waiting(self) -> None:
        """Stop polling; returns once the polling thread has ended."""
