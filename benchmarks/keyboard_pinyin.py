"""The on-screen keyboard's pinyin engine: loading the shipped lexicon (time, memory) and the candidates of each key.

    .venv/bin/python benchmarks/keyboard_pinyin.py [--rounds 5]

Prints a Markdown table (docs/ui.md). The load is timed from reading the file to the first look-up; memory is what
tracemalloc counts for the loaded lexicon, and the process's RSS before and after. Each input is typed letter by
letter and every keystroke's candidates are computed afresh, as the keyboard does; the baseline is the time to
derive the lexicon from the packages (devtools/pinyin_lexicon.py), which the shipped file saves the kiosk.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import time
import tracemalloc

from ui.keyboard.engine.composer import Composer
from ui.keyboard.engine.lexicon import SHIPPED, Lexicon

INPUTS = ["zhang", "zhangsan", "beijingshi", "shenfenzhenghao", "chaoyangqujianguolu", "s", "xian", "bjs"]


def rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--no-derive", action="store_true", help="leave out the baseline (about 20 s)")
    args = parser.parse_args()
    before = rss_mib()
    tracemalloc.start()
    lexicon = Lexicon.read(SHIPPED)
    traced = tracemalloc.get_traced_memory()[0] / 2**20
    tracemalloc.stop()
    after = rss_mib()
    loads = []
    for _ in range(args.rounds):
        start = time.perf_counter()
        Lexicon.read(SHIPPED).entries(["zhang"])
        loads.append(time.perf_counter() - start)
    keys: list[float] = []
    slowest: dict[str, float] = {}
    for letters in INPUTS:
        for _ in range(args.rounds):
            composer = Composer(lexicon)
            for letter in letters:
                composer.type(letter)
                start = time.perf_counter()
                composer.page_candidates()
                took = time.perf_counter() - start
                keys.append(took)
                slowest[letters] = max(slowest.get(letters, 0.0), took)
    keys.sort()
    size = SHIPPED.stat().st_size / 2**20
    print("| figure | measured |")
    print("|---|---|")
    print(f"| lexicon file | {size:.1f} MiB, {len(lexicon.syllables.whole)} syllables |")
    print(f"| load, median of {args.rounds} | {statistics.median(loads) * 1e3:.0f} ms |")
    print(f"| memory of the loaded lexicon (tracemalloc) | {traced:.1f} MiB |")
    print(f"| process peak RSS before / after loading | {before:.0f} / {after:.0f} MiB |")
    p50, p99 = keys[len(keys) // 2], keys[min(len(keys) - 1, int(len(keys) * 0.99))]
    print(f"| candidates after a key: p50 / p99 / max ({len(keys)} keys) | "
          f"{p50 * 1e3:.2f} / {p99 * 1e3:.2f} / {keys[-1] * 1e3:.2f} ms |")  # fmt: skip
    if not args.no_derive:
        from devtools.pinyin_lexicon import build  # noqa: PLC0415 - pypinyin and jieba-py: the test extra

        start = time.perf_counter()
        build()
        derived = time.perf_counter() - start
        print(f"| deriving the lexicon from the packages instead (baseline) | {derived:.1f} s, "
              f"{derived / statistics.median(loads):.0f} times the load |")  # fmt: skip
    worst = ", ".join(f"{letters} {took * 1e3:.1f}" for letters, took in slowest.items())
    print(f"| slowest key of each input (ms) | {worst} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
