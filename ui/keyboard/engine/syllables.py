"""Typed letters into pinyin syllables: "beijingshi" -> bei jing shi, "zhangs" -> zhang + s (a syllable begun)."""

from __future__ import annotations

from dataclasses import dataclass

SEPARATOR = "'"  # typed between syllables where the letters alone are ambiguous: xi'an (西安), not xian (先)
LONGEST = 6  # zhuang, chuang, shuang


@dataclass(frozen=True)
class Piece:
    """One syllable of the typed letters: ``text`` is letters[start:end]; ``whole`` unless it is only begun."""

    text: str
    start: int
    end: int
    whole: bool


class Syllables:
    """The syllables a lexicon knows and every beginning of one."""

    def __init__(self, syllables: frozenset[str]) -> None:
        self.whole = syllables
        self.begun = frozenset(s[:n] for s in syllables for n in range(1, len(s) + 1))

    def starting_with(self, begun: str) -> list[str]:
        return sorted(s for s in self.whole if s.startswith(begun))

    def segment(self, letters: str) -> list[Piece]:
        """The fewest syllables that spell ``letters``; only the last may be begun. Separators split the letters
        themselves. Letters that spell nothing come out as begun pieces that no word matches."""
        pieces: list[Piece] = []
        start = 0
        for chunk in letters.split(SEPARATOR):
            pieces.extend(self._segment_chunk(chunk, start))
            start += len(chunk) + 1
        return pieces

    def _segment_chunk(self, chunk: str, offset: int) -> list[Piece]:
        size = len(chunk)
        # best[i]: the fewest pieces spelling chunk[i:], a whole syllable each but perhaps the last.
        best: list[list[tuple[str, bool]] | None] = [None] * (size + 1)
        best[size] = []
        for i in range(size - 1, -1, -1):
            chosen: list[tuple[str, bool]] | None = None
            for length in range(min(LONGEST, size - i), 0, -1):  # the longest first wins a tie: fang'an, not fan'gan
                text, rest = chunk[i : i + length], best[i + length]
                if text in self.whole and rest is not None:
                    option = [(text, True), *rest]
                elif i + length == size and text in self.begun:
                    option = [(text, False)]
                else:
                    continue
                if chosen is None or _cost(option) < _cost(chosen):
                    chosen = option
            best[i] = chosen
        if best[0] is None:
            return self._fallback(chunk, offset)
        return _placed(best[0], offset)

    def _fallback(self, chunk: str, offset: int) -> list[Piece]:
        """Letters no syllables spell (a typo, "v" first): the longest syllables from the left, the rest as is."""
        found: list[tuple[str, bool]] = []
        i = 0
        while i < len(chunk):
            for length in range(min(LONGEST, len(chunk) - i), 0, -1):
                text = chunk[i : i + length]
                if text in self.whole or length == 1:
                    found.append((text, text in self.whole))
                    i += length
                    break
        return _placed(found, offset)


def _cost(option: list[tuple[str, bool]]) -> tuple[int, int]:
    return len(option), sum(1 for _, whole in option if not whole)


def _placed(found: list[tuple[str, bool]], offset: int) -> list[Piece]:
    pieces, at = [], offset
    for text, whole in found:
        pieces.append(Piece(text, at, at + len(text), whole))
        at += len(text)
    return pieces
