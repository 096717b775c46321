"""Masking of resident ID numbers wherever a person or a log can see them (PIPL, GB/T 35273).

Two shapes are found inside any text: the 18-character number (17 digits and a check digit or X) and the
15-digit number of first-generation cards. Both are found also when typed with spaces or dashes between the
digits (``110101 19900307 123X``, ``110-101-...``) and in full-width digits (``１１０１０１…``). The region (first six
digits) and the tail are kept so that staff can still tell two people apart; the birth date is hidden.
"""

from __future__ import annotations

import re
from typing import Any

_DIGIT = "[0-9\uff10-\uff19]"
_CHECK = "[0-9\uff10-\uff19Xx\uff38\uff58]"
# One separator a person may type between digits: space, ideographic space, a dash of any kind.
_SEPARATOR = "[ \u00a0\u3000\\-\u2010-\u2015\u2212\uff0d]?"
# Not glued to another letter or digit, so that longer numbers, codes and hashes are left alone.
_BEFORE = "(?<![0-9A-Za-z\uff10-\uff19\uff21-\uff3a\uff41-\uff5a])"
_AFTER = "(?![0-9A-Za-z\uff10-\uff19\uff21-\uff3a\uff41-\uff5a])"


def _run(count: int) -> str:
    return _DIGIT + f"(?:{_SEPARATOR}{_DIGIT}){{{count - 1}}}"


_ID_NUMBER = re.compile(f"{_BEFORE}(?:{_run(17)}{_SEPARATOR}{_CHECK}|{_run(15)}){_AFTER}")
_KEEP = {18: (6, 14), 15: (6, 12)}  # characters shown: the first six, and those from this position on


def mask_id_number(id_number: str) -> str:
    """``110101199003071234`` -> ``110101********1234``: region kept, birth date hidden (15 digits alike)."""
    keep = _KEEP.get(len(id_number))
    if keep is None:
        return "*" * len(id_number)
    head, tail = keep
    return f"{id_number[:head]}{'*' * (tail - head)}{id_number[tail:]}"


def _mask_match(match: re.Match[str]) -> str:
    text = match.group(0)
    positions = [i for i, char in enumerate(text) if not _is_separator(char)]
    head, tail = _KEEP[len(positions)]
    hidden = set(positions[head:tail])
    return "".join("*" if i in hidden else char for i, char in enumerate(text))


def _is_separator(char: str) -> bool:
    return not (char.isdigit() or char in "Xx\uff38\uff58")


def mask_id_numbers(text: str) -> str:
    """Mask everything shaped like a resident ID number (18 or 15 characters, typed in any of the usual ways)."""
    return _ID_NUMBER.sub(_mask_match, text)


def mask_id_numbers_in(value: Any) -> Any:
    """``value`` with every ID number masked: text, UTF-8 bytes, and the strings inside lists and dicts (keys too).

    Anything else (numbers, None, booleans) is returned as it is. Used on every free-text field before it is
    stored, and on JSON values whose strings a person typed."""
    if isinstance(value, str):
        return mask_id_numbers(value)
    if isinstance(value, bytes):
        return mask_id_numbers(value.decode("utf-8", "surrogateescape")).encode("utf-8", "surrogateescape")
    if isinstance(value, dict):
        return {mask_id_numbers_in(key): mask_id_numbers_in(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(mask_id_numbers_in(item) for item in value)
    return value
