"""The pinyin lexicon (lexicon.tsv, made by devtools/pinyin_lexicon.py): characters and words by their syllables.

The file is kept as one string, with the span of each first syllable's lines indexed: a look-up is a search in
that span, and the whole lexicon costs little more memory than its text (figures in docs/ui.md).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from functools import cache
from pathlib import Path

from ui.keyboard.engine.syllables import SEPARATOR, Syllables

SHIPPED = Path(__file__).resolve().with_name("lexicon.tsv")

TOTAL = re.compile(r"^# total (\d+)$", re.MULTILINE)
SYLLABLE_LINE = re.compile(r"^([a-z]+)\t", re.MULTILINE)

Entry = tuple[str, int]  # a character or word, and how often it occurs


class LexiconError(ValueError):
    pass


class Lexicon:
    def __init__(self, text: str) -> None:
        self._text = "\n" + text
        total = TOTAL.search(self._text)
        self.total = int(total.group(1)) if total else 1
        # The file is sorted, so a syllable's own line ("bei") comes first of the lines it begins ("bei'jing"),
        # and they run until the next syllable's own line.
        starts = [(match.group(1), match.start() - 1) for match in SYLLABLE_LINE.finditer(self._text)]
        if not starts:
            raise LexiconError("词库为空或格式错误 / the lexicon is empty or malformed")
        ends = [at + 1 for _, at in starts[1:]] + [len(self._text)]
        self._spans = {syllable: (start, end) for (syllable, start), end in zip(starts, ends, strict=True)}
        self.syllables = Syllables(frozenset(self._spans))

    @classmethod
    def read(cls, path: Path) -> Lexicon:
        return cls(path.read_text(encoding="utf-8"))

    def entries(self, syllables: Sequence[str]) -> list[Entry]:
        """Characters (one syllable) or words spelt exactly by ``syllables``, most frequent first."""
        if not syllables or syllables[0] not in self._spans:
            return []
        start, end = self._spans[syllables[0]]
        key = "\n" + SEPARATOR.join(syllables) + "\t"
        found = self._text.find(key, start, end)
        if found < 0:
            return []
        line_end = self._text.find("\n", found + 1)
        line = self._text[found + len(key) : len(self._text) if line_end < 0 else line_end]
        words, freqs = line.split("\t")
        return list(zip(words.split(" "), map(int, freqs.split(" ")), strict=True))

    def begun(self, syllables: Sequence[str], begun: str) -> list[Entry]:
        """Entries spelt by ``syllables`` and then any syllable starting with the letters ``begun``."""
        found: list[Entry] = []
        for last in self.syllables.starting_with(begun):
            found.extend(self.entries([*syllables, last]))
        return ranked(found)

    def cost(self, freq: int) -> float:
        """How unlikely an entry is (its negative log-probability): a sentence's is the sum of its words'."""
        return math.log(self.total) - math.log(freq + 1)


def ranked(entries: Iterable[Entry]) -> list[Entry]:
    """Most frequent first; a text found twice (under two readings) once, at its best."""
    best: dict[str, int] = {}
    for text, freq in entries:
        if freq > best.get(text, -1):
            best[text] = freq
    return sorted(best.items(), key=lambda entry: -entry[1])


@cache
def shipped_lexicon() -> Lexicon:
    """The lexicon shipped with the kiosk, read once (a fraction of a second; see docs/ui.md)."""
    return Lexicon.read(SHIPPED)
