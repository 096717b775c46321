"""Bilingual text made by the flows: Chinese first, English second; the UI picks the half for the language."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Language = Literal["zh_CN", "en"]
LANGUAGES: tuple[Language, ...] = ("zh_CN", "en")


@dataclass(frozen=True)
class Words:
    """One message in both languages. Messages from the station come as ``中文 / English`` and are parsed."""

    zh: str
    en: str

    def pick(self, language: Language) -> str:
        return self.zh if language == "zh_CN" else self.en

    @classmethod
    def parse(cls, text: str) -> Words:
        """Split ``中文 / English`` at its first `` / ``; text without one stays the same in both languages."""
        zh, separator, en = text.partition(" / ")
        return cls(zh.strip(), en.strip()) if separator else cls(text, text)

    def __str__(self) -> str:
        return f"{self.zh} / {self.en}"
