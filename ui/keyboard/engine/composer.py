"""Pinyin composing: letters typed so far, the candidates they spell in pages, and what a pick puts in the field.

Pure Python, no Qt: the keyboard widget forwards keys here and shows what comes back. Nothing typed is learned:
the next citizen's candidates never show what the last one wrote.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ui.keyboard.engine.lexicon import Entry, Lexicon
from ui.keyboard.engine.syllables import SEPARATOR, Piece

MAX_LETTERS = 40
LONGEST_WORD = 8  # syllables: the lexicon's longest words


@dataclass(frozen=True)
class Candidate:
    text: str
    pieces: int  # how many of the typed syllables it stands for; the rest stay to be composed


class Composer:
    def __init__(self, lexicon: Lexicon, page_size: int = 6) -> None:
        self.lexicon = lexicon
        self.letters = ""
        self.page = 0
        self._page_size = page_size
        self._cache: tuple[str, list[Candidate]] | None = None
        self._measure: Callable[[str], int] | None = None
        self._budget = 0
        self._starts: tuple[str, list[int]] | None = None

    # -- typing --------------------------------------------------------------------------------------------------
    @property
    def composing(self) -> bool:
        return bool(self.letters)

    def type(self, letter: str) -> None:
        """A letter a-z, or the separator between two letters (not first, not twice)."""
        letter = letter.lower()
        if len(self.letters) >= MAX_LETTERS:
            return
        if letter == SEPARATOR:
            if self.letters and not self.letters.endswith(SEPARATOR):
                self._set(self.letters + letter)
        elif len(letter) == 1 and "a" <= letter <= "z":
            self._set(self.letters + letter)

    def erase(self) -> bool:
        """Takes back the last letter; False when there was none (the field's text is then the one to erase)."""
        if not self.letters:
            return False
        self._set(self.letters[:-1])
        return True

    def take_letters(self) -> str:
        """The letters as typed, to put in the field as they are (the enter key while composing)."""
        letters = self.letters.replace(SEPARATOR, "")
        self.clear()
        return letters

    def clear(self) -> None:
        self._set("")

    def _set(self, letters: str) -> None:
        self.letters = letters
        self.page = 0

    # -- showing -------------------------------------------------------------------------------------------------
    def pieces(self) -> list[Piece]:
        return self.lexicon.syllables.segment(self.letters) if self.letters else []

    def preedit(self) -> str:
        """The letters as syllables: zhang'san."""
        return SEPARATOR.join(piece.text for piece in self.pieces())

    def candidates(self) -> list[Candidate]:
        if self._cache is None or self._cache[0] != self.letters:
            self._cache = (self.letters, self._find())
        return self._cache[1]

    @property
    def page_size(self) -> int:
        return self._page_size

    @page_size.setter
    def page_size(self, size: int) -> None:
        self._page_size = max(1, size)
        self._starts, self.page = None, 0

    def fit(self, measure: Callable[[str], int] | None, budget: int) -> None:
        """Pages hold what fits in ``budget`` (by ``measure`` of each candidate), at most ``page_size`` each."""
        self._measure = measure
        if budget != self._budget:  # a new width; a new font comes with a new theme, and its page size
            self._budget = budget
            self._starts, self.page = None, 0

    def _page_starts(self) -> list[int]:
        if self._starts is None or self._starts[0] != self.letters:
            candidates, starts, start = self.candidates(), list[int](), 0
            while start < len(candidates) or not starts:
                starts.append(start)
                end, used = start, 0
                while end < len(candidates) and end - start < self._page_size:
                    width = self._measure(candidates[end].text) if self._measure else 0
                    if end > start and used + width > self._budget:
                        break
                    used, end = used + width, end + 1
                start = max(end, start + 1)
            self._starts = (self.letters, starts)
        return self._starts[1]

    @property
    def page_count(self) -> int:
        return len(self._page_starts())

    def page_candidates(self) -> list[Candidate]:
        starts = self._page_starts()
        end = starts[self.page + 1] if self.page + 1 < len(starts) else len(self.candidates())
        return self.candidates()[starts[self.page] : end]

    def next_page(self) -> None:
        self.page = min(self.page + 1, self.page_count - 1)

    def previous_page(self) -> None:
        self.page = max(self.page - 1, 0)

    def pick(self, index: int) -> str:
        """The text of the page's candidate ``index``; the letters it stood for are used up, the rest remain."""
        chosen = self.page_candidates()[index]
        pieces = self.pieces()
        rest = self.letters[pieces[chosen.pieces - 1].end :].lstrip(SEPARATOR)
        self._set(rest)
        return chosen.text

    # -- finding -------------------------------------------------------------------------------------------------
    def _find(self) -> list[Candidate]:
        """Words for every typed syllable, then the likeliest sentence of words (张三 from 张 and 三), then words
        for fewer syllables, longest first, then the first syllable's characters: each by frequency."""
        pieces = self.pieces()
        count = len(pieces)
        found: list[Candidate] = []
        if count > 1:
            whole = self._span(pieces, 0, count)
            found.extend(Candidate(text, count) for text, _ in whole)
            sentence = self._sentence(pieces)
            if sentence is not None:
                text, cost = sentence
                first_cost = self.lexicon.cost(whole[0][1]) if whole else float("inf")
                found.insert(0 if cost < first_cost else min(1, len(found)), Candidate(text, count))
        for length in range(min(count - 1, LONGEST_WORD), 0, -1):
            found.extend(Candidate(text, length) for text, _ in self._span(pieces, 0, length))
        if count == 1:
            found.extend(Candidate(text, 1) for text, _ in self._span(pieces, 0, 1))
        seen: set[tuple[str, int]] = set()
        unique = []
        for candidate in found:
            if (candidate.text, candidate.pieces) not in seen:
                seen.add((candidate.text, candidate.pieces))
                unique.append(candidate)
        return unique

    def _span(self, pieces: list[Piece], start: int, end: int) -> list[Entry]:
        """Entries for pieces[start:end]; only the last may be a syllable begun."""
        inner = pieces[start : end - 1]
        if any(not piece.whole for piece in inner):
            return []
        syllables = [piece.text for piece in inner]
        last = pieces[end - 1]
        if last.whole:
            return self.lexicon.entries([*syllables, last.text])
        return self.lexicon.begun(syllables, last.text)

    def _sentence(self, pieces: list[Piece]) -> tuple[str, float] | None:
        """The likeliest words spelling all the pieces (the least summed cost), and its cost."""
        count = len(pieces)
        best: list[tuple[float, str] | None] = [None] * (count + 1)
        best[0] = (0.0, "")
        for end in range(1, count + 1):
            for start in range(max(0, end - LONGEST_WORD), end):
                before = best[start]
                if before is None:
                    continue
                if not pieces[end - 1].whole and end < count:
                    continue  # a syllable only begun stands for a word only at the very end ("bjs" is no sentence)
                entries = self._span(pieces, start, end)
                if not entries:
                    continue
                text, freq = entries[0]
                option = (before[0] + self.lexicon.cost(freq), before[1] + text)
                current = best[end]
                if current is None or option[0] < current[0]:
                    best[end] = option
        final = best[count]
        return None if final is None else (final[1], final[0])
