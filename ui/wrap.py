"""Line breaks that keep Chinese words whole.

Qt may break Chinese text between any two characters, so a narrow label reads "领取排队 / 号" or "不动产登 / 记".
``keep_words`` joins the characters of every short run of Chinese (up to ``SHORT_PHRASE``: a name such as
不动产登记, or a phrase between two punctuation marks) with WORD JOINER (U+2060, drawn as nothing), so Qt breaks
at the spaces and punctuation around it instead; in a longer run it keeps the first two and the last two
characters together, so no line starts or ends with one character cut off from its word.
"""

from __future__ import annotations

import re

JOINER = "\u2060"  # WORD JOINER: no line break here, and nothing drawn
HIDDEN_MARKS = ("\u200b", JOINER)  # zero-width break hints: not something anyone reads
SHORT_PHRASE = 6
_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]+")


def _join(run: str) -> str:
    if len(run) <= SHORT_PHRASE:
        return JOINER.join(run)
    return JOINER.join(run[:2]) + run[2:-2] + JOINER.join(run[-2:])


def keep_words(text: str) -> str:
    """``text`` with its short Chinese phrases made unbreakable (idempotent; other text unchanged)."""
    if JOINER in text:
        return text
    return _RUN.sub(lambda found: _join(found.group()), text)


def plain(text: str) -> str:
    """``text`` without the break hints: what a person reads."""
    for mark in HIDDEN_MARKS:
        text = text.replace(mark, "")
    return text
