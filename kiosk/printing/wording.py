"""The printed documents' own words in both languages: a document prints in the language the citizen used.

Only what the kiosk writes is translated (labels, headings, notes, time limits, visits, material forms); what the
hall publishes (an item's name, conditions, materials, steps, the law) is printed as published, in Chinese, and
an English document says so once (``AS_PUBLISHED``)."""

from __future__ import annotations

from common.guide import GuideMaterial, MaterialForm
from devices.words import Language, Words

AS_PUBLISHED = Words("", "Service guides are published in Chinese: the details below are printed as published.")
FORMS = {
    MaterialForm.ORIGINAL: Words("原件", "original"),
    MaterialForm.COPY: Words("复印件", "copy"),
    MaterialForm.ORIGINAL_AND_COPY: Words("原件及复印件", "original and copy"),
}


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


def requirement(material: GuideMaterial, language: Language) -> str:
    """原件 1 份 / original, 1: the form and the number of copies of a material."""
    if language == "zh_CN":
        return material.requirement
    n = material.count
    if material.form is MaterialForm.ORIGINAL_AND_COPY:
        return f"original + copy, {n} each"
    if material.form is MaterialForm.ORIGINAL:
        return f"{n} original" + ("" if n == 1 else "s")
    return f"{n} cop" + ("y" if n == 1 else "ies")
