"""The printed documents' own words in both languages: a document prints in the language the citizen used.

Only what the kiosk writes is translated (labels, headings, notes, time limits, visits, material forms); what the
hall publishes (an item's name, conditions, materials, steps, the law) is printed as published, in Chinese, and
an English document says so once (``AS_PUBLISHED``)."""

from __future__ import annotations

from common.guide import GuideMaterial, MaterialForm
from devices.words import Language, Words

AS_PUBLISHED = Words("", "Service guides are published in Chinese: the details below are printed as published.")


def working_days_words(days: int) -> Words:
    if days == 0:
        return Words("即办", "same day")
    return Words(f"{days} 个工作日", f"{days} working day" + ("" if days == 1 else "s"))


def visits_words(max_visits: int) -> Words:
    if max_visits == 0:
        return Words("零跑动（全程网办）", "no visit needed (all online)")
    times = "once" if max_visits == 1 else f"{max_visits} times"
    return Words(f"最多跑 {max_visits} 次", f"at most {times} to the hall")


def count_words(count: int, what: Words) -> Words:
    """共 N 项 / N items, for a list's heading."""
    return Words(f"{what.zh}（共 {count} 项）", f"{what.en} ({count})")


def copies_en(form: str, count: int) -> str:
    """原件 1 份 as "1 original", 复印件 2 份 as "2 copies", 原件及复印件 as "original + copy, 1 each"."""
    if form == MaterialForm.ORIGINAL_AND_COPY:
        return f"original + copy, {count} each"
    if form == MaterialForm.ORIGINAL:
        return f"{count} original" + ("" if count == 1 else "s")
    return f"{count} cop" + ("y" if count == 1 else "ies")


def requirement(material: GuideMaterial, language: Language) -> str:
    """原件 1 份 / 1 original: the form and the number of copies of a material."""
    return material.requirement if language == "zh_CN" else copies_en(material.form, material.count)
