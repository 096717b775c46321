"""Masking of resident ID numbers wherever a person or a log can see them (PIPL, GB/T 35273)."""

from __future__ import annotations

import re

# 17 digits and a check character (digit or X), not part of a longer run of letters or digits.
_ID_NUMBER = re.compile(r"(?<![0-9A-Za-z])([0-9]{6})[0-9]{8}([0-9]{3}[0-9Xx])(?![0-9A-Za-z])")


def mask_id_number(id_number: str) -> str:
    """``110101199003071234`` -> ``110101********1234``: region kept, birth date hidden."""
    if len(id_number) != 18:
        return "*" * len(id_number)
    return f"{id_number[:6]}{'*' * 8}{id_number[14:]}"


def mask_id_numbers(text: str) -> str:
    """Mask everything shaped like an 18-character resident ID number inside free text."""
    return _ID_NUMBER.sub(lambda m: f"{m.group(1)}{'*' * 8}{m.group(2)}", text)
