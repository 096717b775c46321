"""Bilingual text for people: Chinese first, English second. Every layer passes ``Words`` along; only the edges
that print text (CLI, logs, paper, the hall's JSON) join the halves, and the UI picks the half for its language."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Language = Literal["zh_CN", "en"]
LANGUAGES: tuple[Language, ...] = ("zh_CN", "en")
SEPARATOR = " / "  # between the halves wherever the two are printed as one line


@dataclass(frozen=True)
class Words:
    """One message in both languages."""

    zh: str
    en: str

    def pick(self, language: Language) -> str:
        return self.zh if language == "zh_CN" else self.en

    @classmethod
    def parse(cls, text: str) -> Words:
        """Split ``中文 / English`` at its first `` / ``; text without one stays the same in both languages.

        Only for text that arrives joined from outside the process (an older hall's error body, a stored row),
        never for messages made here: those are built as Words from the start."""
        zh, separator, en = text.partition(SEPARATOR)
        return cls(zh.strip(), en.strip()) if separator else cls(text, text)

    def __str__(self) -> str:
        """``中文 / English``; text that is the same in both languages (a code, a state's name) once."""
        return self.zh if self.zh == self.en else f"{self.zh}{SEPARATOR}{self.en}"
