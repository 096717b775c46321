"""Build the on-screen keyboard's pinyin lexicon from pypinyin's readings and jieba's word frequencies.

``python -m devtools.pinyin_lexicon`` rewrites ``ui/keyboard/engine/lexicon.tsv``. The kiosk reads only that file:
deriving it takes seconds of CPU (pypinyin reads every word), loading it a fraction of that. A test checks the
shipped file is what this makes from the installed packages (docs/ui.md).

- Characters: every CJK Unified Ideograph (U+4E00-U+9FEF) pypinyin has a reading for, under each of its readings,
  ranked by how often the character occurs with that reading in jieba's words (长 is read zhang in 校长 and chang
  in 长期), so a rare character of a name is there, after the common ones.
- Words: jieba's words of 2 to 8 Han characters seen at least ``MIN_FREQ`` times, read by pypinyin (which knows
  the readings of polyphonic characters in its phrases), ranked by jieba's frequency.
"""

from __future__ import annotations

import importlib.util
import re
import sys
from collections import defaultdict
from importlib.metadata import version
from pathlib import Path

from pypinyin import Style, lazy_pinyin
from pypinyin.constants import PHRASES_DICT
from pypinyin.contrib.tone_convert import to_normal
from pypinyin.pinyin_dict import pinyin_dict
from pypinyin.seg.mmseg import seg

REPO = Path(__file__).resolve().parents[1]
LEXICON = REPO / "ui" / "keyboard" / "engine" / "lexicon.tsv"
MIN_FREQ = 3
USUAL_SHARE = 0.8
# CJK Unified Ideographs as of Unicode 11, all drawn by Noto Sans CJK SC (the kiosk's font); the 16 added after
# (U+9FF0-U+9FFF, rare) would show as boxes.
FIRST, LAST = 0x4E00, 0x9FEF
HAN = re.compile(f"[{chr(FIRST)}-{chr(LAST)}]{{1,8}}")
SYLLABLE = re.compile(r"[a-z]*[aeiouv][a-z]*")  # leaves out the vowelless interjections m, n, ng, hm, hng


def jieba_words() -> list[tuple[str, int, str]]:
    """(word, frequency, part of speech) from jieba's dictionary, read as a file: jieba itself is never imported."""
    spec = importlib.util.find_spec("jieba")
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError("jieba-py is not installed (pip install -e '.[test]')")
    path = Path(next(iter(spec.submodule_search_locations))) / "_data" / "dict.txt"
    words = []
    for line in path.read_text(encoding="utf-8").splitlines():
        word, freq, tag = [*line.split(" "), ""][:3]
        if HAN.fullmatch(word):
            words.append((word, int(freq), tag))
    return words


def readings(char: str) -> list[str]:
    """The toneless readings of one character, most usual first (ü as v)."""
    found = []
    for marked in pinyin_dict.get(ord(char), "").split(","):
        plain = to_normal(marked)
        if SYLLABLE.fullmatch(plain) and plain not in found:
            found.append(plain)
    return found


Reading = dict[tuple[str, str], int]  # (character, reading) -> occurrences in jieba's words


def word_readings(word: str, usual: dict[str, str] | None = None) -> list[str] | None:
    """The syllables of a word, or None where pypinyin would only guess: a polyphonic character outside every
    phrase pypinyin knows (长三 would be read zhang san; it is chang san). With ``usual`` (a polyphonic character's
    reading when one reading is far the most common), such a character is read so."""
    syllables: list[str] = []
    for part in seg.cut(word):
        if len(part) > 1 and part in PHRASES_DICT:
            syllables.extend(lazy_pinyin(part, style=Style.NORMAL, errors="ignore"))
            continue
        for char in part:
            known = readings(char)
            if len(known) == 1:
                syllables.append(known[0])
            elif usual is not None and char in usual:
                syllables.append(usual[char])
            else:
                return None
    if len(syllables) != len(word) or not all(SYLLABLE.fullmatch(s) for s in syllables):
        return None
    return syllables


def usual_readings(read: Reading) -> dict[str, str]:
    """Polyphonic characters read one way at least ``USUAL_SHARE`` of the time in the words read for sure."""
    by_char: dict[str, dict[str, int]] = defaultdict(dict)
    for (char, reading), count in read.items():
        by_char[char][reading] = count
    usual = {}
    for char, counts in by_char.items():
        reading, count = max(counts.items(), key=lambda item: item[1])
        if count >= USUAL_SHARE * sum(counts.values()):
            usual[char] = reading
    return usual


def common(char: str) -> bool:
    """One of the 6,763 characters of GB 2312, the common simplified ones (Python's codec knows them)."""
    try:
        char.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return True


def build() -> tuple[dict[str, dict[str, int]], int]:
    """Each pinyin key ("zhang", "bei'jing") with its entries and their frequencies; and jieba's total."""
    words = jieba_words()
    total = sum(freq for _, freq, _ in words)
    alone: dict[str, int] = {}  # character -> how often it is a word by itself
    named: dict[str, int] = defaultdict(int)  # character -> its occurrences in people's names (tag nr)
    occurs: dict[str, int] = defaultdict(int)  # character -> its occurrences in jieba's words
    read: Reading = defaultdict(int)  # counted over the words whose reading pypinyin knows for sure
    sure: dict[str, list[str] | None] = {}  # word -> its syllables where pypinyin knows them
    for word, freq, tag in words:
        if len(word) == 1:
            alone[word] = freq
        for char in word:
            occurs[char] += freq
            if tag == "nr":
                named[char] += freq
        syllables = sure[word] = word_readings(word)
        for char, syllable in zip(word, syllables or (), strict=False):
            read[char, syllable] += freq
    usual = usual_readings(read)
    entries: dict[str, dict[str, int]] = defaultdict(dict)
    for word, freq, _ in words:
        if len(word) < 2 or freq < MIN_FREQ:
            continue
        syllables = sure.get(word) or word_readings(word, usual)
        if syllables is not None:
            entries["'".join(syllables)][word] = freq
    for code in range(FIRST, LAST + 1):
        char = chr(code)
        known = readings(char)
        # A character is picked alone where no word has it: as a word by itself, or in a name (张 before 长 for
        # zhang, though 长 occurs more often, in 校长 and 增长); its occurrences in words only order the rest.
        # Shared among its readings as in the words read for sure; the occurrences in other words go to
        # pypinyin's usual reading (its phrases list the exceptions: 目的 is di, most 的 are de); plus one each
        # so that a reading no word shows still comes, after the others.
        score = alone.get(char, 0) + named.get(char, 0) + occurs.get(char, 0) // 10
        if not common(char):
            score //= 100  # traditional and rare characters after the common ones (繖 after 伞), still there
        weights = [read.get((char, reading), 0) + 1 for reading in known]
        if weights:
            weights[0] += max(0, occurs.get(char, 0) - sum(weights) + len(weights))
        for reading, weight in zip(known, weights, strict=True):
            entries[reading][char] = score * weight // sum(weights)
    return entries, total


def render(entries: dict[str, dict[str, int]], total: int) -> str:
    lines = [
        "# Pinyin lexicon of the kiosk's on-screen keyboard: key<TAB>entries<TAB>frequencies, best first.",
        f"# Made by python -m devtools.pinyin_lexicon from pypinyin {version('pypinyin')} (MIT; readings) and",
        f"# jieba-py {version('jieba-py')} (MIT; jieba's dictionary: words and frequencies). Do not edit by hand.",
        f"# total {total}",
    ]
    for key in sorted(entries):
        ranked = sorted(entries[key].items(), key=lambda item: (-item[1], item[0]))
        lines.append(f"{key}\t{' '.join(w for w, _ in ranked)}\t{' '.join(str(f) for _, f in ranked)}")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    out = Path(argv[0]) if argv else LEXICON
    entries, total = build()
    out.write_text(render(entries, total), encoding="utf-8")
    print(f"{out}: {len(entries)} keys, {sum(len(e) for e in entries.values())} entries")  # noqa: T201
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
