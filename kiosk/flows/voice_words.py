"""What the voice-guided mode says, and how a text shown on screen is worded for speech (docs/accessible-mode.md).

Numbers and codes are read digit by digit in the citizen's language ("A017" -> "A 零 一 七" / "A zero one seven";
phone numbers and appointment codes too); a small count ("等候 3 人") is read as a number, a time of day as one.
"""

from __future__ import annotations

import re

from devices.words import Language, Words

ZH_DIGITS = "零一二三四五六七八九"
EN_DIGITS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
ZH_SECONDS = {1: "一", 2: "两"}  # 两秒, not 二秒

# A time of day, a span of two, or a code: letters and digits with at least one digit (A017, 12345,
# 990101********1237, SZ-2026-0042). One pass, so that what one makes is never read again as another.
TIME = r"(?:[01]?\d|2[0-3]):[0-5]\d"
CODE = r"(?:[A-Za-z]+-)?[A-Za-z0-9*]*[0-9][A-Za-z0-9*]*(?:-[A-Za-z0-9*]*[0-9][A-Za-z0-9*]*)*"
SAID = re.compile(rf"(?P<span>{TIME}\s*[-–~至]\s*{TIME})|(?P<time>{TIME})|(?P<code>{CODE})")
TO = {"zh_CN": "至", "en": " to "}
BREAKS = re.compile(r"\s*[\n·|/]+\s*")  # a line break or a separator: a pause

MODE_ON = Words(
    "语音引导已打开。点一下按钮，听它的名称；再点一下确认。也可以用键盘的 Tab 键或方向键逐项收听，按回车键确认。"
    "要关闭，请再点语音引导按钮，它在屏幕右下方、帮助按钮旁边。",
    "Voice guide on. Tap a button once to hear it, and again to press it. Or use the Tab or arrow keys to hear "
    "each item, and Enter to press it. To switch it off, tap the Voice guide button again: bottom right, next to "
    "Help.",
)
MODE_OFF = Words("语音引导已关闭。", "Voice guide off.")
FINISHED = Words("已完成。语音引导已关闭，谢谢使用。", "Done. Voice guide off. Thank you.")
HOME_HINT = Words(
    "需要语音引导，请长按屏幕{seconds}秒，或点屏幕右下方、帮助按钮旁边的语音引导按钮。",
    "For voice guidance, press and hold the screen for {seconds} seconds, or tap the Voice guide button at the "
    "bottom right, next to Help.",
)
BUTTON = Words("{text}，按钮。再次点击确认。", "{text}, button. Tap again to confirm.")
KEY_FOCUS = Words("{text}，按钮。按回车键确认。", "{text}, button. Press Enter to confirm.")
DISABLED = Words("{text}，暂不可用。", "{text}, not available now.")
COUNTDOWN = Words(
    "如果您还在，请触摸屏幕。{seconds}秒后将返回首页。",
    "If you are still there, please touch the screen. In {seconds} seconds the kiosk goes back to the home screen.",
)


def seconds_words(seconds: int, language: Language) -> str:
    if language != "zh_CN":
        return str(seconds)
    return ZH_SECONDS.get(seconds) or number_zh(seconds)


def number_zh(value: int) -> str:
    """0-99 as said in Mandarin (十五, 二十); larger numbers digit by digit."""
    if value < 10:
        return ZH_DIGITS[value]
    if value < 100:
        tens, ones = divmod(value, 10)
        return ("" if tens == 1 else ZH_DIGITS[tens]) + "十" + (ZH_DIGITS[ones] if ones else "")
    return " ".join(ZH_DIGITS[int(d)] for d in str(value))


def spell(code: str, language: Language) -> str:
    """Each character alone: "A017" -> "A 零 一 七" / "A zero one seven"; a masked digit (*) and a dash are
    left out."""
    digits = ZH_DIGITS if language == "zh_CN" else EN_DIGITS
    said = [digits[int(ch)] if ch.isdigit() else ch.upper() for ch in code if ch.isalnum()]
    return " ".join(said)


def _code(token: str, language: Language) -> str:
    if token.isdigit() and len(token) <= 2:  # a count or a window number: a number
        return number_zh(int(token)) if language == "zh_CN" else token
    return f" {spell(token, language)} "


def _time(token: str, language: Language) -> str:
    hours, minutes = (int(part) for part in token.split(":"))
    if language == "zh_CN":
        return f"{number_zh(hours)}点" + (f"{number_zh(minutes)}分" if minutes else "整")
    return f"{hours} {minutes:02d}" if minutes else f"{hours} o'clock"


def _said(match: re.Match[str], language: Language) -> str:
    if match.group("span"):
        start, end = re.findall(TIME, match.group("span"))
        return _time(start, language) + TO[language] + _time(end, language)
    if match.group("time"):
        return _time(match.group("time"), language)
    return _code(match.group("code"), language)


def spoken(text: str, language: Language) -> str:
    """``text`` as shown, worded for the voice: line breaks and separators become pauses, times are said as
    times, codes and long numbers digit by digit."""
    pause = "，" if language == "zh_CN" else ", "
    text = BREAKS.sub(pause, text.strip())
    text = SAID.sub(lambda m: _said(m, language), text)
    text = re.sub(r" {2,}", " ", text)
    text = re.sub(r"([，。、；：！？（])\s+", r"\1", text)  # no space after a Chinese stop
    text = re.sub(r"\s+([，。、,.;；:：!！?？）)])", r"\1", text)  # no space before a stop
    return re.sub(r"([（(])\s+", r"\1", text).strip().strip(pause.strip()).strip()
