"""Display width and line breaking of mixed Chinese and Latin text in the printer's fixed-width character cells."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# Marks that never start a line (行首禁则) and marks that never end one (行尾禁则). The ASCII ones matter when
# they follow a Chinese character ("办理,"); between Latin characters they are inside a word anyway.
CLOSING_MARKS = frozenset("，。、；：？！）」』》〉】〕〗〙〛］｝”’…—～・·％‰℃°．,.;:?!)]}%")
OPENING_MARKS = frozenset("（「『《〈【〔〖〘〚［｛“‘￥＄([{")

# Nothing is drawn for these: combining marks join the character before them, format and control characters
# (zero-width space, joiners, soft hyphen, control codes) take no cell.
_ZERO_WIDTH_CATEGORIES = frozenset({"Mn", "Me", "Cf", "Cc"})

# A standard's prefix ("GB/T", "DB11/T", "ISO/IEC") stays with the number after it where the line allows.
_STANDARD_PREFIX = re.compile(r"[A-Z]{2,4}\d{0,4}(?:/[A-Z]{1,4})?")

# What a break costs; the line breaker takes the cheapest break on the line, the latest among equals.
_FREE = 0  # at spaces, and next to a Chinese character
_GLUED = 1  # the space inside "GB/T 39734-2020"
_IN_WORD = 2  # splits a Latin word or a number: only when the word alone is longer than the line
_FORBIDDEN = 3  # breaks a 禁则 rule: only when nothing else keeps the line inside the paper
_COSTS = 4


def char_width(char: str) -> int:
    """Cells one character takes: 0, 1 or 2."""
    if unicodedata.category(char) in _ZERO_WIDTH_CATEGORIES:
        return 0
    # Ambiguous characters (“ ” … — · × ° ① é) are two-byte GB18030 characters, which the printer's Chinese
    # mode draws in a full-width cell; counting them as 1 would overflow lines full of quotation marks.
    return 2 if unicodedata.east_asian_width(char) in ("W", "F", "A") else 1


def display_width(text: str) -> int:
    """Cells the text takes at character size 1: 2 for a Chinese character or a full-width mark, 0 for a
    combining mark or a zero-width character, 1 for the rest."""
    return sum(char_width(char) for char in text)


@dataclass(frozen=True, slots=True)
class _Cluster:
    """A character with the combining marks drawn on it: never split."""

    text: str
    width: int
    ideographic: bool  # a line may break on either side of it

    @property
    def closing(self) -> bool:
        return self.text[0] in CLOSING_MARKS

    @property
    def opening(self) -> bool:
        return self.text[0] in OPENING_MARKS


@dataclass(frozen=True, slots=True)
class _Gap:
    """What lies between two clusters: spaces (dropped if the line breaks here) and the cost of breaking."""

    spaces: str
    width: int
    cost: int


def _space_width(spaces: str) -> int:
    # A tab or other control space still moves the head by at least one cell.
    return sum(max(1, char_width(char)) for char in spaces)


def _gap(before: _Cluster, after: _Cluster, spaces: str, word_before: str) -> _Gap:
    if after.closing or before.opening:
        cost = _FORBIDDEN
    elif spaces:
        cost = _GLUED if _STANDARD_PREFIX.fullmatch(word_before) and after.text[0].isdigit() else _FREE
    elif before.ideographic or after.ideographic:
        cost = _FREE
    else:
        cost = _IN_WORD
    return _Gap(spaces, _space_width(spaces), cost)


def _segment(paragraph: str) -> tuple[str, list[_Cluster], list[_Gap]]:
    """Split one paragraph (no newline) into its indentation, clusters, and the gaps between the clusters."""
    body = paragraph.lstrip()
    indent = paragraph[: len(paragraph) - len(body)]
    clusters: list[_Cluster] = []
    gaps: list[_Gap] = []
    spaces = ""
    word = ""  # the Latin word that ends at the last cluster
    for char in body:
        if char.isspace():
            spaces += char
            continue
        width = char_width(char)
        if width == 0 and clusters and not spaces:
            last = clusters[-1]
            clusters[-1] = _Cluster(last.text + char, last.width, last.ideographic)
            word += char
            continue
        cluster = _Cluster(char, width, unicodedata.east_asian_width(char) in ("W", "F"))
        if clusters:
            gaps.append(_gap(clusters[-1], cluster, spaces, word))
        if cluster.ideographic:
            word = ""
        elif clusters and not spaces and not clusters[-1].ideographic:
            word += char
        else:
            word = char
        clusters.append(cluster)
        spaces = ""
    return indent, clusters, gaps


def _span(clusters: list[_Cluster], gaps: list[_Gap], first: int, last: int) -> str:
    return clusters[first].text + "".join(gaps[k].spaces + clusters[k + 1].text for k in range(first, last))


def _span_width(clusters: list[_Cluster], gaps: list[_Gap], first: int, end: int) -> int:
    if first >= end:
        return 0
    return sum(c.width for c in clusters[first:end]) + sum(g.width for g in gaps[first : end - 1])


def _wrap_paragraph(paragraph: str, columns: int) -> list[str]:
    indent, clusters, gaps = _segment(paragraph)
    if not clusters:
        return [""]
    indent_width = _space_width(indent)
    if indent_width + clusters[0].width > columns:
        indent, indent_width = "", 0
    lines: list[str] = []
    start, width = 0, indent_width + clusters[0].width  # the line holds clusters[start:i]
    latest = [-1] * _COSTS  # the latest gap of each cost on the line, -1 for none
    i = 1
    while i < len(clusters):
        cluster = clusters[i]
        if i == start:  # a fresh line takes its first cluster even when that alone is too wide
            width = cluster.width
            i += 1
            continue
        gap = gaps[i - 1]
        latest[gap.cost] = i - 1
        if width + gap.width + cluster.width <= columns:
            width += gap.width + cluster.width
            i += 1
            continue
        cut = next(k for k in latest if k >= start)  # cheapest first; gap i - 1 guarantees one exists
        lines.append((indent if start == 0 else "") + _span(clusters, gaps, start, cut))
        start = cut + 1
        latest = [k if k >= start else -1 for k in latest]
        width = _span_width(clusters, gaps, start, i)
    lines.append((indent if start == 0 else "") + _span(clusters, gaps, start, len(clusters) - 1))
    return lines


def _paragraphs(text: str) -> list[str]:
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def wrap(text: str, columns: int) -> list[str]:
    """Break text into lines of at most ``columns`` cells, following the Chinese line-breaking rules.

    Lines break anywhere between Chinese characters and at spaces (which the break swallows), never inside a
    Latin word or number unless the word alone is longer than a line. Closing marks never start a line and
    opening marks never end one. "\\n" starts a new line; a paragraph's leading indentation is kept.
    """
    if columns < 1:
        raise ValueError("a line needs at least one column")
    return [line for paragraph in _paragraphs(text) for line in _wrap_paragraph(paragraph, columns)]


def min_content_width(text: str) -> int:
    """The widest piece of the text that ``wrap`` keeps whole: at fewer columns some word gets split."""
    widest = 0
    for paragraph in _paragraphs(text):
        _, clusters, gaps = _segment(paragraph)
        first = 0
        for i in range(1, len(clusters) + 1):
            if i == len(clusters) or gaps[i - 1].cost == _FREE:
                widest = max(widest, _span_width(clusters, gaps, first, i))
                first = i
    return widest
